import request from 'supertest';
import type { WorkOrderDoc } from '../../adapters/mongo/work-order.model';
import { instanceIsActive } from '../support/engine-probe';
import { eventually, newWorkOrder, useTestPlatform } from '../support/test-platform';

describe('a work order from the API through the engine to the database', () => {
  const tp = useTestPlatform();

  const routed = (id: string): Promise<WorkOrderDoc> =>
    eventually(
      () => tp().platform.workOrders.findById(id),
      (doc) => doc?.status === 'routed',
    ) as Promise<WorkOrderDoc>;

  it('creates the record, runs routing.dmn and ticket.route, and keeps the instance running in the engine', async () => {
    // given / when
    const created = await request(tp().app).post('/api/work-orders').send(newWorkOrder()).expect(201);

    // then: the answer names the new work order
    const id = created.body.workOrderId as string;
    expect(id).toMatch(/^WO-\d{8}-\d{6}$/);
    expect(created.headers.location).toBe(`/api/work-orders/${id}`);
    expect(['pending', 'routing', 'routed']).toContain(created.body.status);

    // the worker's effect in MongoDB: the routing decision and the owning instance
    const doc = await routed(id);
    expect(doc.routing).toEqual({ department: 'billing', priority: 'high', timeLimitClass: 'complaint' });
    expect(doc.processInstanceKey).toMatch(/^\d+$/);
    expect(doc.history.map((h) => h.action).filter((a) => a === 'routed')).toHaveLength(1);
    expect(doc.history[0]).toMatchObject({ action: 'created', by: 'agent-0001', to: 'pending' });

    // the API shows the same
    const shown = await request(tp().app).get(`/api/work-orders/${id}`).expect(200);
    expect(shown.body).toMatchObject({ workOrderId: id, status: 'routed', processInstanceKey: doc.processInstanceKey });

    // the instance waits in the engine for closure; cancelling it cleans up
    expect(await instanceIsActive(tp().platform.zeebe, doc.processInstanceKey!)).toBe(true);
    await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
    expect(await instanceIsActive(tp().platform.zeebe, doc.processInstanceKey!)).toBe(false);
  });

  it.each([
    ['a VIP complaint goes to the VIP club', { customerTier: 'diamond', category: 'network/coverage' }, 'vip-club', 'urgent'],
    ['a Beijing fault goes to the branch', { type: 'fault-report', category: 'broadband/no-signal', region: '010' }, 'branch-010-network', 'high'],
    ['a consultation goes to customer relations', { type: 'consultation', category: 'plans/5g' }, 'customer-relations', 'low'],
  ])('routes by the decision table: %s', async (_label, change, department, priority) => {
    const created = await request(tp().app).post('/api/work-orders').send(newWorkOrder(change)).expect(201);
    const doc = await routed(created.body.workOrderId as string);
    expect(doc.routing).toMatchObject({ department, priority });
    await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
  });

  it('numbers work orders one after another within the day', async () => {
    const first = await request(tp().app).post('/api/work-orders').send(newWorkOrder()).expect(201);
    const second = await request(tp().app).post('/api/work-orders').send(newWorkOrder()).expect(201);
    const seq = (id: string): number => Number(id.slice(-6));
    expect(seq(second.body.workOrderId as string)).toBe(seq(first.body.workOrderId as string) + 1);
    for (const body of [first.body, second.body]) {
      const doc = await routed(body.workOrderId as string);
      await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
    }
  });
});
