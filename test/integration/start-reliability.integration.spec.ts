import { zeebeWorkOrderEngine } from '../../adapters/zeebe/work-order-engine';
import { createZeebeClient } from '../../adapters/zeebe/zeebe-client';
import { resolveConnections } from '../../config/connections';
import { parseEnv } from '../../config/env';
import { WorkOrderProcess } from '../../domain/work-order/process';
import type { WorkOrderDoc } from '../../adapters/mongo/work-order.model';
import { instanceIsActive } from '../support/engine-probe';
import { eventually, startTestPlatform, useTestPlatform } from '../support/test-platform';
import { raiseWorkOrder } from '../support/work-orders';

/** Start variables as the platform sends them (routing.dmn's inputs and the owner). */
const START_VARIABLES = { type: 'complaint', category: 'billing/charge-dispute', customerTier: 'standard', region: '021', ownerAgentId: 'agent-0101' };

/** Bound: an instance ran routing and `ticket.route` recorded it. */
const bound = (doc: WorkOrderDoc | null): boolean => doc?.processInstanceKey !== undefined;

describe('no accepted work order is lost or started twice', () => {
  const tp = useTestPlatform({ workers: false });

  const reconcileNow = (): Promise<number> => tp().platform.reconciler.runOnce();

  it('accepts a work order while the engine is unreachable and the reconciler starts it later', async () => {
    // given: an API whose engine address answers nothing
    const env = parseEnv();
    const unreachable = createZeebeClient(
      { ...resolveConnections(env), zeebeGrpcAddress: 'grpc://127.0.0.1:9', local: { engine: true, database: false, peers: [] } },
      env,
    );
    const offline = await startTestPlatform({
      workers: false,
      engine: zeebeWorkOrderEngine(unreachable, { callTimeoutMs: 500 }),
    });
    try {
      // when
      const created = await raiseWorkOrder(offline.app);

      // then: recorded, owed to the engine
      const id = created.workOrderId;
      expect(created.status).toBe('pending');
      expect((await tp().platform.workOrders.findById(id))?.status).toBe('pending');

      // when the reconciler runs against the real engine, the process starts and routing is recorded
      expect(await reconcileNow()).toBeGreaterThanOrEqual(1);
      tp().startWorkers();
      const doc = await eventually(() => tp().platform.workOrders.findById(id), bound);
      expect(doc!.history.map((h) => h.action).slice(0, 3)).toEqual(['created', 'process-start-accepted', 'routed']);
      await tp().platform.zeebe.cancelProcessInstance(doc!.processInstanceKey!);
    } finally {
      await offline.close();
      await unreachable.close();
    }
  });

  it('starts no second instance when the start of a running work order is sent again', async () => {
    // given: a work order whose instance runs
    tp().startWorkers();
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    const owner = await eventually(() => tp().platform.workOrders.findById(id), bound);

    // when: its start is sent again (a lost acknowledgement, a reconciler pass), twice
    const engine = zeebeWorkOrderEngine(tp().platform.zeebe, { callTimeoutMs: 5_000 });
    await engine.startProcess({ workOrderId: id, recordId: String(owner!._id) }, START_VARIABLES);
    await engine.startProcess({ workOrderId: id, recordId: 'another-record' }, START_VARIABLES);

    // then: once a later work order has been routed through the same workers, no second
    // instance has reached this one (the worker would have noted and ended it)
    const later = await raiseWorkOrder(tp().app);
    const laterDoc = await eventually(() => tp().platform.workOrders.findById(later.workOrderId), bound);
    const after = (await tp().platform.workOrders.findById(id))!;
    expect(after.discardedInstanceKeys).toEqual([]);
    expect(after.history.filter((h) => h.action === 'routed')).toHaveLength(1);
    expect(await instanceIsActive(tp().platform.zeebe, owner!.processInstanceKey!)).toBe(true);
    for (const key of [owner!.processInstanceKey!, laterDoc!.processInstanceKey!]) {
      await tp().platform.zeebe.cancelProcessInstance(key);
    }
  });

  it('starts a work order whose start the engine took without starting anything', async () => {
    // given: recorded and marked as taken by the engine, but no instance ever ran (for
    // example, the start was sent before the process was deployed)
    const now = tp().platform.clock.now();
    const { workOrder: recorded } = await tp().platform.workOrders.insertPendingOnce(
      {
        workOrderId: `WO-19990101-${String(now.getTime() % 1e6).padStart(6, '0')}`,
        type: 'complaint',
        category: 'billing/charge-dispute',
        description: 'Recorded, never started.',
        contactId: 'CT-19990101-000001',
        eventId: 'EV-19990101-000001',
        customer: { customerId: 'C-1', name: '张伟', tier: 'standard', region: '021', phone: '13912345678' },
        channel: 'hotline',
        ownerAgentId: 'agent-0101',
        links: [],
      },
      now,
    );
    await tp().platform.workOrders.markStartAccepted(recorded.workOrderId, now);

    // when
    tp().startWorkers();
    expect(await reconcileNow()).toBeGreaterThanOrEqual(1);

    // then
    const doc = await eventually(() => tp().platform.workOrders.findById(recorded.workOrderId), bound);
    await tp().platform.zeebe.cancelProcessInstance(doc!.processInstanceKey!);
  });

  it('ends a stray instance that reaches a work order another instance owns, and leaves the owner alone', async () => {
    tp().startWorkers();
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    const owner = await eventually(() => tp().platform.workOrders.findById(id), bound);

    // when: a second instance for the same work order slips past the engine's guards
    await tp().platform.zeebe.publishMessage({
      name: WorkOrderProcess.messages.created,
      correlationKey: `${id}/stray`,
      messageId: `${id}/stray`,
      timeToLive: 0,
      variables: { ...START_VARIABLES, workOrderId: id },
    });

    // then: the worker refuses it, the diagram ends it, the record keeps its owner
    const after = await eventually(
      () => tp().platform.workOrders.findById(id),
      (d) => (d?.discardedInstanceKeys.length ?? 0) > 0,
    );
    const stray = after!.discardedInstanceKeys[0]!;
    expect(stray).not.toBe(owner!.processInstanceKey);
    expect(after!.processInstanceKey).toBe(owner!.processInstanceKey);
    expect(after!.routing).toEqual(owner!.routing);
    await eventually(
      () => instanceIsActive(tp().platform.zeebe, stray),
      (active) => !active,
    );
    expect(await instanceIsActive(tp().platform.zeebe, owner!.processInstanceKey!)).toBe(true);
    await tp().platform.zeebe.cancelProcessInstance(owner!.processInstanceKey!);
  });
});
