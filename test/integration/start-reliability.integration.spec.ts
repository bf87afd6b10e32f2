import request from 'supertest';
import { zeebeWorkOrderEngine } from '../../adapters/zeebe/work-order-engine';
import { createZeebeClient } from '../../adapters/zeebe/zeebe-client';
import { resolveConnections } from '../../config/connections';
import { parseEnv } from '../../config/env';
import { createLogger } from '../../config/logger';
import { WorkOrderProcess } from '../../domain/work-order/process';
import { createStartReconciler } from '../../services/start-reconciler';
import { instanceIsActive } from '../support/engine-probe';
import { eventually, newWorkOrder, startTestPlatform, useTestPlatform } from '../support/test-platform';

describe('no accepted work order is lost or started twice', () => {
  const tp = useTestPlatform({ workers: false });

  const reconcileNow = () =>
    createStartReconciler({
      workOrders: tp().platform.workOrders,
      service: tp().platform.workOrderService,
      clock: tp().platform.clock,
      logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
      intervalMs: 1_000,
      graceMs: 0,
    }).runOnce();

  it('accepts a work order while the engine is unreachable and the reconciler starts it later', async () => {
    // given: an API whose engine address answers nothing
    const env = parseEnv();
    const unreachable = createZeebeClient(
      { ...resolveConnections(env), zeebeGrpcAddress: 'grpc://127.0.0.1:9', local: { engine: true, database: false } },
      env,
    );
    const offline = await startTestPlatform({
      workers: false,
      engine: zeebeWorkOrderEngine(unreachable, { messageTtlMs: 60_000, callTimeoutMs: 500 }),
    });
    try {
      // when
      const created = await request(offline.app).post('/api/work-orders').send(newWorkOrder()).expect(201);

      // then: recorded, owed to the engine
      const id = created.body.workOrderId as string;
      expect(created.body.status).toBe('pending');
      expect((await tp().platform.workOrders.findById(id))?.status).toBe('pending');

      // when the reconciler runs against the real engine, the process starts and routing is recorded
      expect(await reconcileNow()).toBeGreaterThanOrEqual(1);
      tp().startWorkers();
      const doc = await eventually(
        () => tp().platform.workOrders.findById(id),
        (d) => d?.status === 'routed',
      );
      expect(doc!.history.map((h) => h.action)).toEqual(['created', 'process-start-accepted', 'routed']);
      await tp().platform.zeebe.cancelProcessInstance(doc!.processInstanceKey!);
    } finally {
      await offline.close();
      await unreachable.close();
    }
  });

  it('treats a repeated start of the same work order as already done (the engine rejects the duplicate)', async () => {
    const created = await request(tp().app).post('/api/work-orders').send(newWorkOrder()).expect(201);
    const id = created.body.workOrderId as string;
    const engine = zeebeWorkOrderEngine(tp().platform.zeebe, { messageTtlMs: 60_000, callTimeoutMs: 5_000 });

    // the acknowledgement was lost: the same start is sent again
    const record = (await tp().platform.workOrders.findById(id))!;
    await expect(engine.startProcess({ workOrderId: id, recordId: String(record._id) }, newWorkOrder())).resolves.toEqual({
      repeated: true,
    });

    tp().startWorkers();
    const doc = await eventually(
      () => tp().platform.workOrders.findById(id),
      (d) => d?.status === 'routed',
    );
    expect(doc!.history.filter((h) => h.action === 'routed')).toHaveLength(1);
    await tp().platform.zeebe.cancelProcessInstance(doc!.processInstanceKey!);
  });

  it('ends a stray instance that reaches a work order another instance owns, and leaves the owner alone', async () => {
    tp().startWorkers();
    const created = await request(tp().app).post('/api/work-orders').send(newWorkOrder()).expect(201);
    const id = created.body.workOrderId as string;
    const owner = await eventually(
      () => tp().platform.workOrders.findById(id),
      (d) => d?.status === 'routed',
    );

    // when: a second instance for the same work order slips past the engine's guards
    await tp().platform.zeebe.publishMessage({
      name: WorkOrderProcess.messages.created,
      correlationKey: `${id}/stray`,
      messageId: `${id}/stray`,
      timeToLive: 0,
      variables: { ...newWorkOrder(), workOrderId: id },
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
