import type { WorkOrderDoc } from '../../adapters/mongo/work-order.model';
import { instanceIsActive } from '../support/engine-probe';
import { eventually, useTestPlatform } from '../support/test-platform';
import { apiAs, raiseWorkOrder } from '../support/work-orders';

describe('a work order from the API through the engine to the database', () => {
  const tp = useTestPlatform();

  const dispatched = (id: string): Promise<WorkOrderDoc> =>
    eventually(
      () => tp().platform.workOrders.findById(id),
      (doc) => doc?.status === 'dispatched',
    ) as Promise<WorkOrderDoc>;

  it('records the contact and the work order, runs routing.dmn, ticket.route and ticket.dispatch, and waits for acceptance', async () => {
    // given / when
    const created = await raiseWorkOrder(tp().app, { contact: { customerName: '王芳' } });

    // then: the answer names the new work order and where it comes from
    const id = created.workOrderId;
    expect(id).toMatch(/^WO-\d{8}-\d{6}$/);
    expect(created).toMatchObject({ ownerAgentId: 'agent-0101', customer: { name: '王芳', tier: 'standard', phone: '13912345678' } });
    expect(['pending', 'routing']).toContain(created.status);

    // the workers' effect in MongoDB: the routing decision, the owning instance, the open step
    const doc = await dispatched(id);
    expect(doc.routing).toEqual({ department: 'billing', priority: 'high', timeLimitClass: 'complaint', flow: 'standard', callback: 'agent' });
    expect(doc.processInstanceKey).toMatch(/^\d+$/);
    expect(doc.tasks).toEqual([expect.objectContaining({ elementId: 'Activity_Accept', candidateGroups: ['billing'] })]);
    expect(doc.history.map((h) => h.action).filter((a) => a === 'routed')).toHaveLength(1);
    expect(doc.history[0]).toMatchObject({ action: 'created', by: 'agent-0101', to: 'pending' });

    // the contact lists the interaction event and the work order it produced
    const contact = await apiAs(tp().app, 'agent-0101').get(`/api/contacts/${created.contactId as string}`);
    expect(contact.body.events).toEqual([expect.objectContaining({ eventId: doc.eventId, kind: 'complaint', workOrderIds: [id] })]);

    // the API shows where it stands in the diagram
    const progress = await apiAs(tp().app, 'billing-h1').get(`/api/work-orders/${id}/progress`);
    expect(progress.body.activeElementIds).toEqual(['Activity_Accept']);
    expect(progress.body.completedElementIds).toEqual(expect.arrayContaining(['StartEvent_Created', 'Activity_Classify', 'Activity_Route', 'Activity_Dispatch']));
    expect(progress.body.bpmnXml).toContain('id="Activity_Accept"');

    // the instance waits in the engine; cancelling it cleans up
    expect(await instanceIsActive(tp().platform.zeebe, doc.processInstanceKey!)).toBe(true);
    await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
    expect(await instanceIsActive(tp().platform.zeebe, doc.processInstanceKey!)).toBe(false);
  });

  it.each([
    ['a VIP complaint goes to the VIP club on the VIP flow', { customerTier: 'diamond' }, {}, 'vip-club', 'urgent', 'vip'],
    ['a Beijing fault goes to the branch', { region: '010' }, { type: 'fault-report', category: 'broadband/no-signal' }, 'branch-010-network', 'high', 'standard'],
    ['a consultation goes to customer relations', {}, { type: 'consultation', category: 'plans/5g' }, 'customer-relations', 'low', 'standard'],
  ])('routes by the decision table: %s', async (_label, contact, workOrder, department, priority, flow) => {
    const created = await raiseWorkOrder(tp().app, { contact, workOrder });
    const doc = await dispatched(created.workOrderId);
    expect(doc).toMatchObject({ department, priority, flow });
    await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
  });

  it('numbers work orders one after another within the day', async () => {
    const first = await raiseWorkOrder(tp().app);
    const second = await raiseWorkOrder(tp().app);
    const seq = (id: string): number => Number(id.slice(-6));
    expect(seq(second.workOrderId)).toBe(seq(first.workOrderId) + 1);
    for (const { workOrderId } of [first, second]) {
      const doc = await dispatched(workOrderId);
      await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
    }
  });
});
