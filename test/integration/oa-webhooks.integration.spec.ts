import { createHmac } from 'node:crypto';
import request from 'supertest';
import type { WorkOrderDoc } from '../../adapters/mongo/work-order.model';
import { TEST_PROFILE, LOOPBACK } from '../../config/local-profiles';
import { signWebhook } from '../../domain/oa/signature';
import { listenTestApi, TEST_API_URL } from '../support/test-api';
import { eventually, useTestPlatform } from '../support/test-platform';
import { apiAs, atStep, raiseWorkOrder, recordWhere } from '../support/work-orders';

/** The local OA peer process of the test profile (runtime/peers.ts starts it). */
const PEER = `http://${LOOPBACK}:${TEST_PROFILE.peers.oa}`;
const peer = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${PEER}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`OA peer ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};
interface PeerReceived {
  webhookId: string;
  verified: boolean;
  duplicate: boolean;
  answeredWith: number;
  headers: Record<string, string>;
  body: string;
  type: string;
}

/** A fault report of an ordinary Beijing customer: routing.dmn sends it to branch-010-network. */
const BRANCH_FAULT = { contact: { region: '010', customerTier: 'standard' }, workOrder: { type: 'fault-report', category: 'broadband/no-signal', description: 'No signal on the home line.' } };

/**
 * OA both ways through the real protocol: Closeloop pushes to the OA peer process over HTTP with
 * Standard Webhooks signatures, the peer answers to the API over HTTP, and the answers move the
 * work order's process on the real engine. Time moves with the shared clock, never by sleeping.
 */
describe('OA webhooks', () => {
  // declared before the platform's own afterAll, so it runs while the platform is still up
  afterAll(async () => {
    await api.close();
    // other test files route to branch-010-network and expect its Closeloop inbox
    expect(await tp().platform.oa.removeEndpoint('test-branch-oa')).toBe(true);
  });
  const tp = useTestPlatform();
  const admin = () => apiAs(tp().app, 'admin');
  let secrets: { signing: string; verifying: string };
  let api: { close(): Promise<void> };

  beforeAll(async () => {
    api = await listenTestApi(tp().app);
    const saved = await admin().post('/api/admin/oa/endpoints', { endpointId: 'test-branch-oa', name: 'Branch OA (test)', url: `${PEER}/oa/inbox`, departments: ['branch-010-network'], answerWithin: 'PT4H' });
    expect(saved.status).toBe(200);
    secrets = saved.body.newSecrets as typeof secrets;
    await peer('PUT', '/control/config', { pushSecrets: [secrets.signing], answerSecret: secrets.verifying, closeloopUrl: TEST_API_URL });
  });

  const dueDelivery = async (id: string) => (await tp().platform.oa.deliveriesOf(id)).find((d) => d.type === 'work_order.dispatched')!;
  /** The work order is recorded as sent to OA and its push is queued (the worker does both, in that order). */
  const pushedToOa = async (id: string): Promise<WorkOrderDoc> => {
    const doc = await recordWhere(tp(), id, (d) => d.oa?.stage === 'awaiting-acceptance');
    await eventually(() => dueDelivery(id), (delivery) => delivery !== undefined);
    return doc;
  };

  /** Moves the clocks to the delivery's next attempt and drains the outbox once. */
  async function nextAttempt(id: string): Promise<void> {
    const delivery = await dueDelivery(id);
    await tp().clock.advanceTo(delivery.nextAttemptAt, 10);
    await tp().platform.oaOutbox.drainOnce();
  }

  it('pushes a work order with a verifiable signature, redelivers it after OA failed twice, and OA answers move it on', async () => {
    // given: OA fails the next two deliveries
    await fetch(`${PEER}/control/failures`, { method: 'DELETE' });
    const { workOrderId: id } = await raiseWorkOrder(tp().app, BRANCH_FAULT);
    await peer('POST', '/control/fail-next', { count: 2, status: 503, workOrderId: id });
    const pushed = await pushedToOa(id);
    expect(pushed.department).toBe('branch-010-network');
    expect(pushed.tasks).toEqual([]); // no Closeloop inbox step: the branch works in OA

    // when: three attempts, the clocks moved to each retry
    await tp().platform.oaOutbox.drainOnce();
    await nextAttempt(id);
    expect((await dueDelivery(id)).state).toBe('pending');
    await nextAttempt(id);

    // then: delivered on the third attempt, under one webhook id, backing off in between
    const delivery = await dueDelivery(id);
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    const received = (await peer<PeerReceived[]>('GET', `/control/received?workOrderId=${id}`)).filter((r) => r.type === 'work_order.dispatched');
    expect(received.map((r) => [r.webhookId, r.answeredWith])).toEqual([
      [delivery._id, 503],
      [delivery._id, 503],
      [delivery._id, 200],
    ]);
    // the signature verifies by the Standard Webhooks recipe, computed here independently
    const last = received[2]!;
    const key = Buffer.from(secrets.signing.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${last.headers['webhook-id']}.${last.headers['webhook-timestamp']}.${last.body}`).digest('base64');
    expect(last.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(last.body)).toMatchObject({ type: 'work_order.dispatched', data: { workOrderId: id, dispatchRef: pushed.oa!.dispatchRef, department: 'branch-010-network' } });

    // when: OA accepts, reports progress and resolves, each a signed webhook from the peer process
    for (const [type, text] of [['accepted', 'Field team booked'], ['progress', 'Technician on site'], ['resolved', 'Replaced the fibre modem']] as const) {
      const answered = await peer<{ status: number; body: unknown }>('POST', '/control/answer', { workOrderId: id, type, text });
      expect([answered.status, answered.body]).toEqual([202, expect.objectContaining({ status: 'accepted', workOrderId: id, type: `work_order.${type}` })]);
    }

    // then: the work order carries OA's feedback and its process waits at the customer's verification
    const verifying = await atStep(tp(), id, 'Activity_Verify');
    expect(verifying.status).toBe('verifying');
    expect(verifying.feedback).toMatchObject({ text: 'Replaced the fibre modem', by: 'oa:test-branch-oa/oa-user-1' });
    expect(verifying.history.filter((h) => h.action.startsWith('oa-')).map((h) => h.action)).toEqual(['oa-accepted', 'oa-progress', 'oa-resolved']);
  });

  it('a work order OA returns goes to the dispatch desk to be re-routed', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app, BRANCH_FAULT);
    await pushedToOa(id);
    await tp().platform.oaOutbox.drainOnce();
    const answered = await peer<{ status: number }>('POST', '/control/answer', { workOrderId: id, type: 'returned', text: 'The line belongs to the enterprise network team' });
    expect(answered.status).toBe(202);
    const returned = await atStep(tp(), id, 'Activity_Reroute');
    expect([returned.status, returned.department, returned.oa?.stage]).toEqual(['returned', 'dispatch-desk', 'finished']);
    expect(returned.history.find((h) => h.action === 'oa-returned')?.note).toBe('The line belongs to the enterprise network team');
  });

  describe('refusals: each with its own code, and none changes anything', () => {
    let id: string;
    let dispatchRef: string;
    beforeAll(async () => {
      ({ workOrderId: id } = await raiseWorkOrder(tp().app, BRANCH_FAULT));
      dispatchRef = (await pushedToOa(id)).oa!.dispatchRef;
    });

    const accepted = (over: Record<string, unknown> = {}) =>
      JSON.stringify({ type: 'work_order.accepted', timestamp: new Date().toISOString(), data: { workOrderId: id, dispatchRef, handler: { id: 'u7' }, ...over } });
    const send = (headers: Record<string, string>, body: string) => request(tp().app).post('/api/webhooks/oa').set('content-type', 'application/json').set(headers).send(body);
    const signed = (body: string, { id: webhookId = `msg_${Math.random().toString(36).slice(2)}`, at = new Date(), secret = secrets.verifying } = {}) => send({ ...signWebhook(webhookId, at, body, [secret]) }, body);

    async function expectRefused(response: request.Response, status: number, code: string): Promise<void> {
      const before = await tp().platform.workOrders.findById(id);
      expect([response.status, response.body.code]).toEqual([status, code]);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      const after = await tp().platform.workOrders.findById(id);
      expect(after!.revision).toBe(before!.revision);
    }

    it('a tampered body', async () => {
      const body = accepted();
      const headers = signWebhook('msg_tampered', new Date(), body, [secrets.verifying]);
      await expectRefused(await send({ ...headers }, body.replace('u7', 'u8')), 401, 'WEBHOOK_SIGNATURE_INVALID');
    });

    it('a stale timestamp (six minutes old), even when genuinely signed', async () => {
      await expectRefused(await signed(accepted(), { at: new Date(Date.now() - 6 * 60_000) }), 401, 'WEBHOOK_TIMESTAMP_STALE');
    });

    it('a malformed body, signed', async () => {
      await expectRefused(await signed(JSON.stringify({ type: 'work_order.accepted', data: { workOrderId: id } })), 400, 'WEBHOOK_BODY_INVALID');
      await expectRefused(await signed('{"not json'), 400, 'WEBHOOK_BODY_INVALID');
    });

    it('an unknown work order, another department, a stale dispatch and an event out of order', async () => {
      await expectRefused(await signed(accepted({ workOrderId: 'WO-19990101-000001' })), 404, 'WORK_ORDER_NOT_FOUND');
      const { workOrderId: billing } = await raiseWorkOrder(tp().app);
      await recordWhere(tp(), billing, (doc) => doc.department === 'billing');
      await expectRefused(await signed(accepted({ workOrderId: billing })), 403, 'WRONG_DEPARTMENT');
      await expectRefused(await signed(accepted({ dispatchRef: 'msg_an-earlier-dispatch' })), 409, 'EVENT_STALE');
      await expectRefused(await signed(JSON.stringify({ type: 'work_order.resolved', timestamp: new Date().toISOString(), data: { workOrderId: id, dispatchRef, handler: { id: 'u7' }, feedback: 'done' } })), 409, 'EVENT_OUT_OF_ORDER');
    });

    it('a replay: the same webhook id is acknowledged once and has no second effect', async () => {
      const body = accepted();
      const headers = signWebhook('msg_replayed-once', new Date(), body, [secrets.verifying]);
      const first = await send({ ...headers }, body);
      expect([first.status, first.body.status]).toEqual([202, 'accepted']);
      await recordWhere(tp(), id, (doc) => doc.oa?.stage === 'accepted');
      await expectRefused(await send({ ...headers }, body), 409, 'WEBHOOK_REPLAYED');
      const doc = await tp().platform.workOrders.findById(id);
      expect(doc!.history.filter((h) => h.action === 'oa-accepted')).toHaveLength(1);
    });
  });

  it('chases OA that stays silent past answerWithin: supervisors are told and OA is urged', async () => {
    const { workOrderId: id } = await raiseWorkOrder(tp().app, BRANCH_FAULT);
    await pushedToOa(id);
    // the record shows the push a moment before the engine opens the wait (and its timer): a jump
    // made in between would count the four hours from after it, so jump again until the chase
    const chased = await eventually(
      async () => {
        await tp().clock.advance(4 * 60 * 60_000 + 1_000);
        return eventually(() => tp().platform.workOrders.findById(id), (doc) => doc!.history.some((h) => h.action === 'oa-silent'), { timeoutMs: 3_000 }).catch(() => undefined);
      },
      (doc) => doc !== undefined,
      { timeoutMs: 30_000 },
    );
    expect(chased!.history.find((h) => h.action === 'oa-silent')!.note).toBe('OA did not answer within PT4H');
    const notified = await eventually(() => tp().platform.notifications.forWorkOrder(id), (ns) => ns.some((n) => n.kind === 'escalated'));
    expect(notified.filter((n) => n.kind === 'escalated')).toContainEqual(expect.objectContaining({ audience: 'supervisors', departments: ['branch-010-network'] }));
    await eventually(() => tp().platform.oa.deliveriesOf(id), (ds) => ds.some((d) => d.type === 'work_order.urged'));
  });

  it('dead-letters a push OA keeps refusing for 72 hours, and an admin re-sends it', async () => {
    await fetch(`${PEER}/control/failures`, { method: 'DELETE' });
    const { workOrderId: id } = await raiseWorkOrder(tp().app, BRANCH_FAULT);
    await peer('POST', '/control/fail-next', { count: 1_000, status: 500, workOrderId: id });
    await pushedToOa(id);
    await tp().platform.oaOutbox.drainOnce();
    while ((await dueDelivery(id)).state === 'pending') await nextAttempt(id);
    const dead = await dueDelivery(id);
    expect(dead.state).toBe('dead');
    expect(dead.finishedAt!.getTime() - dead.attempts[0]!.at.getTime()).toBeGreaterThanOrEqual(72 * 60 * 60_000);

    const listed = await admin().get('/api/admin/oa/dead-letters');
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ deliveryId: dead._id, workOrderId: id, state: 'dead', reason: 'refused', lastError: 'HTTP 500' })]));
    expect((await apiAs(tp().app, 'center-sup').get('/api/admin/oa/dead-letters')).status).toBe(403);

    await fetch(`${PEER}/control/failures`, { method: 'DELETE' });
    expect((await admin().post(`/api/admin/oa/dead-letters/${dead._id}/resend`)).status).toBe(202);
    // a double click: the second re-send finds it queued and changes nothing
    expect(await admin().post(`/api/admin/oa/dead-letters/${dead._id}/resend`)).toMatchObject({ status: 200, body: { status: 'already-resent' } });
    const selection = await admin().post('/api/admin/oa/dead-letters/resend', { ids: [dead._id, 'msg_not-a-dead-push'] });
    expect(selection.body.results).toEqual([
      { id: dead._id, outcome: 'already-resent' },
      { id: 'msg_not-a-dead-push', outcome: 'refused', code: 'NOT_FOUND', detail: expect.any(String) },
    ]);
    await tp().platform.oaOutbox.drainOnce();
    expect((await dueDelivery(id)).state).toBe('delivered');
    expect((await tp().platform.audit.about(`oa-delivery:${dead._id}`)).map((a) => [a.action, a.by])).toEqual([['oa-delivery-resent', expect.any(String)]]);
  });

  it('lists endpoints with secrets masked and the last rotation; a rotation answers the new secret once', async () => {
    const listed = async () => ((await admin().get('/api/admin/oa/endpoints')).body as { endpointId: string; lastRotatedAt: string; signingSecrets: { masked: string }[] }[]).find((e) => e.endpointId === 'test-branch-oa')!;
    const before = await listed();
    expect(before.signingSecrets).toEqual([expect.objectContaining({ masked: `••••${secrets.signing.slice(-4)}` })]);
    expect(JSON.stringify(before)).not.toContain(secrets.signing);

    await tp().clock.advance(60_000);
    const rotated = await admin().post('/api/admin/oa/endpoints/test-branch-oa/rotate', { direction: 'signing', graceHours: 24 });
    expect(rotated.status).toBe(200);
    const secret = rotated.body.secret as string;
    await peer('PUT', '/control/config', { pushSecrets: [secrets.signing, secret], answerSecret: secrets.verifying, closeloopUrl: TEST_API_URL });
    const after = await listed();
    expect(after.signingSecrets.map((s) => s.masked)).toEqual([before.signingSecrets[0]!.masked, `••••${secret.slice(-4)}`]);
    expect(new Date(after.lastRotatedAt).getTime()).toBeGreaterThan(new Date(before.lastRotatedAt).getTime());
    expect(JSON.stringify(after)).not.toContain(secret);

    // the database holds every secret sealed: none of them in the clear, and each opens to its own
    const stored = (await tp().platform.mongo.collection('oa_endpoints').findOne({ _id: 'test-branch-oa' as never }))!;
    const storedSecrets = [...stored.signingSecrets, ...stored.verifyingSecrets].map((s: { secret: string }) => s.secret);
    expect(storedSecrets).toHaveLength(3);
    for (const plain of [secrets.signing, secrets.verifying, secret]) expect(JSON.stringify(stored)).not.toContain(plain.slice('whsec_'.length));
    expect(storedSecrets.every((s) => s.startsWith('gcm1:'))).toBe(true);
    const opened = (await tp().platform.oa.endpoint('test-branch-oa'))!;
    expect(opened.signingSecrets.map((s) => s.secret)).toEqual([secrets.signing, secret]);
  });

  it('seals at start-up the secrets stored before sealing', async () => {
    // given: an endpoint as an earlier release stored it, its secrets in the clear
    const plain = { secretId: 'sec_before_sealing', secret: 'whsec_c3RvcmVkLWJlZm9yZS1zZWFsaW5nLTAxMjM0NTY3ODk=', createdAt: tp().clock.now() };
    const endpoints = tp().platform.mongo.collection('oa_endpoints');
    await endpoints.insertOne({ _id: 'test-before-sealing' as never, name: 'Before sealing', url: 'http://127.0.0.1:9/never', departments: [], signingSecrets: [plain], verifyingSecrets: [{ ...plain, secretId: 'sec_before_sealing_v' }], answerWithin: 'PT4H', updatedAt: tp().clock.now(), updatedBy: 'test' });
    try {
      // when: the start-up's step runs
      expect(await tp().platform.oa.resealSecrets()).toBe(1);

      // then: both are sealed in the database and open to what they were; a second run changes nothing
      const stored = (await endpoints.findOne({ _id: 'test-before-sealing' as never }))!;
      expect([stored.signingSecrets[0].secret, stored.verifyingSecrets[0].secret].every((s: string) => s.startsWith('gcm1:'))).toBe(true);
      expect(JSON.stringify(stored)).not.toContain(plain.secret.slice('whsec_'.length));
      expect((await tp().platform.oa.endpoint('test-before-sealing'))!.signingSecrets[0]!.secret).toBe(plain.secret);
      expect(await tp().platform.oa.resealSecrets()).toBe(0);
    } finally {
      await endpoints.deleteOne({ _id: 'test-before-sealing' as never });
    }
  });
});
