import { instanceIsActive } from '../support/engine-probe';
import { useTestPlatform } from '../support/test-platform';
import { apiAs, atStep, raiseWorkOrder, recordWhere } from '../support/work-orders';

/**
 * The closed loop end to end through the API, on the real engine and database: each path of
 * work-order.bpmn as the departments walk it.
 */
describe('closed-loop work orders through the API', () => {
  const tp = useTestPlatform();
  const as = (user: string) => apiAs(tp().app, user);
  const action = (user: string, id: string, name: string, body: unknown = {}) => as(user).post(`/api/work-orders/${id}/${name}`, body);

  /** The engine instance has ended (closed or cancelled flows leave nothing running). */
  const instanceEnded = async (id: string): Promise<void> => {
    const doc = await tp().platform.workOrders.findById(id);
    expect(await instanceIsActive(tp().platform.zeebe, doc!.processInstanceKey!)).toBe(false);
  };

  /** billing-h1 accepts the work order once the engine has dispatched it. */
  async function acceptInBilling(id: string): Promise<void> {
    await atStep(tp(), id, 'Activity_Accept');
    expect((await action('billing-h1', id, 'accept')).status).toBe(200);
  }

  /** billing-h1 writes feedback; the work order then waits for the owner's verification. */
  async function answerInBilling(id: string): Promise<void> {
    await atStep(tp(), id, 'Activity_Handle');
    const feedback = await action('billing-h1', id, 'feedback', { feedback: 'Refunded 58.00 CNY to the account.' });
    expect(feedback.status).toBe(200);
    expect(feedback.body.status).toBe('verifying');
    await atStep(tp(), id, 'Activity_Verify');
  }

  it('straight closure: routed, dispatched, accepted, handled, verified, closed', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    const dispatched = await atStep(tp(), id, 'Activity_Accept');
    expect(dispatched).toMatchObject({ status: 'dispatched', department: 'billing', priority: 'high', flow: 'standard' });
    expect(dispatched.dueAt).toBeInstanceOf(Date);

    const accepted = await action('billing-h1', id, 'accept', { note: 'on it' });
    expect(accepted.body).toMatchObject({ status: 'in-progress', handlerId: 'billing-h1' });
    await answerInBilling(id);

    const verified = await action('agent-0101', id, 'verify', { satisfied: true, note: 'customer confirms the refund' });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('closed');
    const closed = await recordWhere(tp(), id, (doc) => doc.closedAt !== undefined);
    expect(closed.history.map((h) => h.action)).toEqual(
      expect.arrayContaining(['created', 'routed', 'dispatched', 'step-started', 'accept', 'feedback', 'verify', 'archived']),
    );
    const audit = closed.history.find((h) => h.action === 'accept')!;
    expect(audit).toMatchObject({ by: 'billing-h1', from: 'dispatched', to: 'in-progress', elementId: 'Activity_Accept' });
    await eventually(() => instanceEnded(id));
  });

  it('reopen then closure: a dissatisfied customer sends it back to handling, counted', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app, { workOrder: { type: 'service-request', category: 'billing/invoice' } });
    await acceptInBilling(id);
    await answerInBilling(id);
    const reopened = await action('agent-0101', id, 'verify', { satisfied: false, note: 'refund not on the bill yet' });
    expect(reopened.body.status).toBe('in-progress');
    const back = await atStep(tp(), id, 'Activity_Handle');
    expect(back.reopenCount).toBe(1);
    expect(back.escalated).toBe(false);
    await answerInBilling(id);
    expect((await action('agent-0101', id, 'verify', { satisfied: true })).body.status).toBe('closed');
    const closed = await recordWhere(tp(), id, (doc) => doc.closedAt !== undefined);
    expect(closed.reopenCount).toBe(1);
  });

  it('return and re-route: the department returns a misrouted work order, the dispatch desk routes it again', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    await atStep(tp(), id, 'Activity_Accept');
    const returned = await action('billing-h1', id, 'return', { reason: 'not a billing matter: coverage problem' });
    expect(returned.body).toMatchObject({ status: 'returned', department: 'dispatch-desk' });
    await atStep(tp(), id, 'Activity_Reroute');
    // billing no longer sees it; the dispatch desk does
    expect((await as('billing-h1').get(`/api/work-orders/${id}`)).status).toBe(404);
    const rerouted = await action('dispatch-h1', id, 'reroute', { department: 'network-maintenance', note: 'coverage' });
    expect(rerouted.body).toMatchObject({ status: 'dispatched', department: 'network-maintenance' });
    const again = await atStep(tp(), id, 'Activity_Accept');
    expect(again.dispatcherId).toBe('dispatch-h1');
    expect((await action('netm-h1', id, 'accept')).body.status).toBe('in-progress');
    await tp().platform.zeebe.cancelProcessInstance(again.processInstanceKey!);
  });

  it('transfer: the handling department passes it to another one, which accepts it', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    await atStep(tp(), id, 'Activity_Accept');
    await action('billing-h1', id, 'accept');
    await atStep(tp(), id, 'Activity_Handle');
    const transferred = await action('billing-h1', id, 'transfer', { department: 'service-fulfilment', reason: 'needs a line change' });
    expect(transferred.body).toMatchObject({ status: 'dispatched', department: 'service-fulfilment', handlerId: null });
    const doc = await atStep(tp(), id, 'Activity_Accept');
    expect(doc.dispatcherId).toBe('billing-h1');
    expect((await action('svc-h1', id, 'accept')).body).toMatchObject({ status: 'in-progress', handlerId: 'svc-h1' });
    await tp().platform.zeebe.cancelProcessInstance(doc.processInstanceKey!);
  });

  it('collaboration with two departments: each answers on its own, the handler merges and writes feedback', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    await atStep(tp(), id, 'Activity_Accept');
    await action('billing-h1', id, 'accept');
    await atStep(tp(), id, 'Activity_Handle');
    const asked = await action('billing-h1', id, 'collaborate', { departments: ['network-maintenance', 'service-fulfilment'], request: 'Was the line down on 3 Nov?' });
    expect(asked.body.status).toBe('collaborating');
    await atStep(tp(), id, 'Activity_Collaborate', 2);
    // each department sees its own collaboration step only
    const netm = await as('netm-h1').get(`/api/work-orders/${id}`);
    expect(netm.body.allowedActions).toEqual(['collaboration-feedback']);
    expect((await action('netm-h1', id, 'collaboration-feedback', { feedback: 'Outage 09:00-11:30 on 3 Nov.' })).body.status).toBe('collaborating');
    expect((await action('svc-h1', id, 'collaboration-feedback', { feedback: 'No line change that day.' })).body.status).toBe('in-progress');
    const merged = await atStep(tp(), id, 'Activity_Handle');
    expect(merged.collaborations.map((c) => [c.department, c.feedback, c.by])).toEqual([
      ['network-maintenance', 'Outage 09:00-11:30 on 3 Nov.', 'netm-h1'],
      ['service-fulfilment', 'No line change that day.', 'svc-h1'],
    ]);
    expect((await action('billing-h1', id, 'feedback', { feedback: 'Refund for the outage day, per network maintenance.' })).body.status).toBe('verifying');
    await tp().platform.zeebe.cancelProcessInstance(merged.processInstanceKey!);
  });

  it('urge and supervise: messages to the instance, each counted once, recorded and notified', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    await atStep(tp(), id, 'Activity_Accept');
    await action('billing-h1', id, 'accept');
    const urges = await Promise.all([action('agent-0101', id, 'urge', { note: 'customer called again' }), action('agent-0101', id, 'urge', {})]);
    for (const urge of urges) expect(urge.status).toBe(202);
    expect((await action('billing-sup', id, 'supervise', { note: 'three days open' })).status).toBe(202);
    const counted = await recordWhere(tp(), id, (doc) => doc.urgeCount === 2 && doc.superviseCount === 1);
    expect(counted.attentions.map((a) => a.attentionId).sort()).toEqual([...urges.map((u) => u.body.attentionId as string)].concat(counted.attentions.find((a) => a.kind === 'supervision')!.attentionId).sort());
    expect(counted.history.filter((h) => h.action === 'urged').map((h) => h.by)).toEqual(['agent-0101', 'agent-0101']);
    const notified = await tp().platform.notifications.forWorkOrder(id);
    expect(notified.filter((n) => n.kind === 'urged')).toHaveLength(2);
    expect(notified.find((n) => n.kind === 'supervised')).toMatchObject({ departments: ['billing'], employees: ['billing-h1'] });
    await tp().platform.zeebe.cancelProcessInstance(counted.processInstanceKey!);
  });

  it('cancel: the owner withdraws it with a reason; the flow ends and the department is told', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    await atStep(tp(), id, 'Activity_Accept');
    const cancelled = await action('agent-0101', id, 'cancel', { reason: 'customer solved it himself' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'customer solved it himself', by: 'agent-0101' }, openTasks: [] });
    await recordWhere(tp(), id, (doc) => doc.history.some((h) => h.action === 'flow-ended'));
    await eventually(() => instanceEnded(id));
    expect((await tp().platform.notifications.forWorkOrder(id)).map((n) => n.kind)).toContain('cancelled');
  });

  it('VIP path: a supervisor reviews the feedback and a senior agent calls the customer back', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app, { contact: { customerTier: 'diamond' } });
    const dispatched = await atStep(tp(), id, 'Activity_Accept');
    expect(dispatched).toMatchObject({ department: 'vip-club', flow: 'vip', priority: 'urgent' });
    await action('vip-h1', id, 'accept');
    await atStep(tp(), id, 'Activity_Handle');
    expect((await action('vip-h1', id, 'feedback', { feedback: 'Credited one month.' })).body.status).toBe('in-review');
    await atStep(tp(), id, 'Activity_Review');
    // the handler may not approve its own work
    expect((await action('vip-h1', id, 'review', { approved: true })).status).toBe(403);
    expect((await action('vip-sup', id, 'review', { approved: true, note: 'fine' })).body.status).toBe('verifying');
    await atStep(tp(), id, 'Activity_SeniorCallback');
    // the owner does not call a VIP back: a senior agent does
    expect((await action('agent-0101', id, 'verify', { satisfied: true })).status).toBe(403);
    expect((await action('senior-0201', id, 'verify', { satisfied: true })).body.status).toBe('closed');
    await recordWhere(tp(), id, (doc) => doc.closedAt !== undefined);
    await eventually(() => instanceEnded(id));
  });

  it('escalation: a complaint reopened twice becomes urgent and its supervisors are told', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    await acceptInBilling(id);
    await answerInBilling(id);
    await action('agent-0101', id, 'verify', { satisfied: false });
    await answerInBilling(id);
    await action('agent-0101', id, 'verify', { satisfied: false });
    const escalated = await recordWhere(tp(), id, (doc) => doc.escalated && doc.tasks.some((t) => t.elementId === 'Activity_Handle'));
    expect(escalated).toMatchObject({ reopenCount: 2, priority: 'urgent' });
    expect(escalated.history.filter((h) => h.action === 'escalated')).toHaveLength(1);
    const notified = await tp().platform.notifications.forWorkOrder(id);
    expect(notified.find((n) => n.kind === 'escalated')).toMatchObject({ audience: 'supervisors', departments: ['billing'] });
    await tp().platform.zeebe.cancelProcessInstance(escalated.processInstanceKey!);
  });
});

/** Retries an assertion until it holds (the engine ends instances a moment after the last step). */
async function eventually(assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
