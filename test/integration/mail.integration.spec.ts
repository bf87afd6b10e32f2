import request from 'supertest';
import type { MailSender } from '../../adapters/mail/mail-sender';
import { httpMailbox } from '../../adapters/mail/mailbox';
import type { NotificationDoc } from '../../adapters/mongo/notification.repository';
import { DEMO_PASSWORD } from '../../runtime/demo-identity';
import { centerDay, digestDueAt } from '../../domain/mail/digest';
import { digestKey, stableMessageId } from '../../domain/mail/notification-mail';
import { createDigestScheduler } from '../../services/mail-digest';
import { asUser } from '../support/auth';
import { closedPort, closeTestSenders, demoAddress, downSender, drainAll, enqueueTestNotification, mailWithId, MESSAGE_ID_DOMAIN, peerSender, testDrainer, testMailbox } from '../support/mail';
import { eventually, useTestPlatform } from '../support/test-platform';
import { apiAs, raiseWorkOrder, recordWhere } from '../support/work-orders';

describe('mail: the notification outbox delivered over SMTP to the local mail peer', () => {
  const tp = useTestPlatform();
  afterAll(closeTestSenders);
  const started: string[] = [];

  afterAll(async () => {
    for (const key of started) await tp().platform.zeebe.cancelProcessInstance(key).catch(() => undefined);
  });

  const enqueue = (overrides: Partial<NotificationDoc> = {}): Promise<string> => enqueueTestNotification(tp(), overrides);

  const entry = async (key: string): Promise<NotificationDoc> => (await tp().platform.mail.store.findByKey(key))!;
  /** The entry's document in the mail queue (the undelivered entries), if any. */
  const queued = (key: string): Promise<{ _id: string; dueAt: Date } | null> => tp().platform.mongo.collection<{ _id: string; dueAt: Date }>('mail_queue').findOne({ _id: key });

  it("sends a dispatched work order's assignment mail to each handler of the department, in the handler's language", async () => {
    // given: a billing complaint, dispatched by the engine
    const created = await raiseWorkOrder(tp().app);
    const doc = await recordWhere(tp(), created.workOrderId, (d) => d.status === 'dispatched');
    started.push(doc.processInstanceKey!);
    const [notification] = await eventually(
      () => tp().platform.notifications.forWorkOrder(created.workOrderId),
      (list) => list.some((n) => n.kind === 'dispatched'),
    );

    // when: the drainer runs
    await drainAll(testDrainer(tp()));

    // then: billing-h1 reads Chinese, billing-h2 English; each mail carries its stable Message-ID
    const zh = await mailWithId(demoAddress('billing-h1'), stableMessageId(notification!.key, 'billing-h1', MESSAGE_ID_DOMAIN));
    const en = await mailWithId(demoAddress('billing-h2'), stableMessageId(notification!.key, 'billing-h2', MESSAGE_ID_DOMAIN));
    expect(zh).toHaveLength(1);
    expect(en).toHaveLength(1);
    expect(zh[0]!.subject).toBe(`【派单】工单 ${created.workOrderId} 已派至Billing`);
    expect(en[0]!.subject).toBe(`[Dispatched] Work order ${created.workOrderId} for Billing`);
    const body = await testMailbox.get(zh[0]!.id);
    expect(body!.text).toContain('Chen Jing，您好：');
    expect(body!.text).toContain(`工单 ${created.workOrderId} 已派单至贵部门`);
    expect(body!.text).toContain(`/#/work-orders/${created.workOrderId}`);
    expect(body!.html).toContain(`<a href="http://127.0.0.1:3000/#/work-orders/${created.workOrderId}">`);
    expect(body!.from).toContain('closeloop@service-center.example');

    // the supervisors are not the audience of an assignment
    expect(await mailWithId(demoAddress('billing-sup'), stableMessageId(notification!.key, 'billing-sup', MESSAGE_ID_DOMAIN))).toHaveLength(0);
    // the outbox records the SMTP answers
    const sent = await entry(notification!.key);
    expect(sent.state).toBe('sent');
    expect(sent.recipients!.map((r) => [r.employeeId, r.language, r.state])).toEqual([
      ['billing-h1', 'zh-CN', 'sent'],
      ['billing-h2', 'en', 'sent'],
    ]);
    expect(sent.recipients![0]!.response).toMatch(/^250 /);
  });

  it('sends a notification once when two drainers run at the same moment, and not again when one runs once more', async () => {
    // given: nothing else due; one notification for a named handler and the VIP club's handlers
    await drainAll(testDrainer(tp()));
    const key = await enqueue({ employees: ['cr-h1'], departments: ['vip-club'] });
    const first = testDrainer(tp());
    const second = testDrainer(tp());

    // when
    const outcomes = await Promise.all([first.drainOnce(), second.drainOnce()]);
    await first.drainOnce();
    await second.drainOnce();

    // then: one drainer sent it; the other found it held or lost the claim
    expect(outcomes[0].sent + outcomes[1].sent).toBeGreaterThanOrEqual(1);
    for (const [username, subject] of [
      ['cr-h1', '【催办】工单 WO-20260101-999999 客户催办'],
      ['vip-h1', '[Urged] Work order WO-20260101-999999: the customer is waiting'],
    ] as const) {
      const received = await mailWithId(demoAddress(username), stableMessageId(key, username, MESSAGE_ID_DOMAIN));
      expect(received.map((m) => m.subject)).toEqual([subject]);
    }
    const done = await entry(key);
    expect(done.state).toBe('sent');
    expect(done.attempts).toBe(1);
    expect(done.journal!.filter((j) => j.event === 'sent')).toHaveLength(1);
    expect(await queued(key)).toBeNull();
  });

  it('finds again, in its periodic sweep, a pending notification whose writer stopped before the mail queue heard of it', async () => {
    // given: an entry in the outbox that the mail queue misses
    await drainAll(testDrainer(tp()));
    const key = await enqueue({ employees: ['cr-h1'] });
    await tp().platform.mongo.collection<{ _id: string }>('mail_queue').deleteOne({ _id: key });
    await drainAll(testDrainer(tp()));
    expect((await entry(key)).state).toBe('pending');

    // when
    expect(await tp().platform.mail.store.sweep(tp().clock.now())).toBeGreaterThanOrEqual(1);
    await drainAll(testDrainer(tp()));

    // then
    expect((await entry(key)).state).toBe('sent');
    expect(await mailWithId(demoAddress('cr-h1'), stableMessageId(key, 'cr-h1', MESSAGE_ID_DOMAIN))).toHaveLength(1);
  });

  it('does not send again what a drainer handed to SMTP before it stopped: the delivery is uncertain and dead-lettered', async () => {
    // given: a drainer that stops (hangs, as a killed process would) right after the server accepted the mail
    await drainAll(testDrainer(tp()));
    const key = await enqueue({ employees: ['cr-h1'] });
    const real = peerSender();
    const handedOver: string[] = [];
    const stopsAfterSending: MailSender = {
      async send(mail) {
        const receipt = await real.send(mail);
        if (mail.headers?.['X-Closeloop-Notification'] !== key) return receipt;
        handedOver.push(mail.messageId);
        return new Promise(() => undefined);
      },
      close: () => real.close(),
    };
    const leaseMs = 40_000;
    void testDrainer(tp(), { sender: stopsAfterSending, leaseMs }).drainOnce();
    await eventually(() => Promise.resolve(handedOver.length), (n) => n === 1);
    expect((await entry(key)).recipients![0]!.state).toBe('sending');

    // when: its lease runs out and another drainer claims the entry
    await tp().clock.advance(leaseMs + 1_000);
    const outcome = await testDrainer(tp(), { leaseMs }).drainOnce();

    // then: the mail went out once; the entry waits for an admin
    expect(outcome['dead-letter']).toBeGreaterThanOrEqual(1);
    expect(await mailWithId(demoAddress('cr-h1'), stableMessageId(key, 'cr-h1', MESSAGE_ID_DOMAIN))).toHaveLength(1);
    const dead = await entry(key);
    expect(dead).toMatchObject({ state: 'dead-letter', recipients: [expect.objectContaining({ state: 'uncertain' })] });
    expect(dead.journal!.map((j) => j.event)).toEqual(['recipients-resolved', 'delivery-uncertain', 'dead-lettered']);
  });

  it('retries a failing SMTP server with growing waits, dead-letters the mail, and sends it once an admin resends it', async () => {
    // given: everything due so far is sent; then a notification and a drainer whose SMTP server is down
    await drainAll(testDrainer(tp()));
    const key = await enqueue({ employees: ['cr-h1'] });
    const retryBaseMs = 60_000;
    const failing = testDrainer(tp(), { sender: await downSender(), maxAttempts: 3, retryBaseMs, retryMaxMs: 10 * retryBaseMs });

    // when / then: attempt 1 fails and waits between half and all of the base
    await failing.drainOnce();
    let current = await entry(key);
    expect(current).toMatchObject({ state: 'pending', attempts: 1, recipients: [expect.objectContaining({ state: 'failed', response: expect.stringMatching(/ECONNREFUSED/) })] });
    expect((await queued(key))?.dueAt).toEqual(current.nextAttemptAt);
    let wait = current.nextAttemptAt!.getTime() - tp().clock.now().getTime();
    expect(wait).toBeGreaterThan(retryBaseMs / 2 - 5_000);
    expect(wait).toBeLessThanOrEqual(retryBaseMs);

    // not due yet: another pass leaves it alone
    await failing.drainOnce();
    expect((await entry(key)).attempts).toBe(1);

    // attempt 2, after the wait: the next wait doubles
    await tp().clock.advanceTo(current.nextAttemptAt!, 1_000);
    await failing.drainOnce();
    current = await entry(key);
    expect(current.attempts).toBe(2);
    wait = current.nextAttemptAt!.getTime() - tp().clock.now().getTime();
    expect(wait).toBeGreaterThan(retryBaseMs - 5_000);
    expect(wait).toBeLessThanOrEqual(2 * retryBaseMs);

    // attempt 3 is the last: dead-lettered
    await tp().clock.advanceTo(current.nextAttemptAt!, 1_000);
    await failing.drainOnce();
    current = await entry(key);
    expect(current.state).toBe('dead-letter');
    expect(await queued(key)).toBeNull();
    expect(current.journal!.map((j) => j.event)).toEqual(['recipients-resolved', 'attempt-failed', 'attempt-failed', 'dead-lettered']);

    // the admin sees it; others may not
    const admin = apiAs(tp().app, 'admin');
    const listed = await admin.get('/api/admin/mail/dead-letters');
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((i: { key: string }) => i.key === key)).toMatchObject({ state: 'dead-letter', attempts: 3, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect((await apiAs(tp().app, 'billing-sup').get('/api/admin/mail/dead-letters')).status).toBe(403);
    expect((await request(tp().app).get('/api/admin/mail/dead-letters')).status).toBe(401);

    // bad requests change nothing
    const unknown = await admin.post(`/api/admin/mail/dead-letters/${encodeURIComponent('test-mail/nope')}/resend`);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

    // when: the admin resends it
    const resent = await admin.post(`/api/admin/mail/dead-letters/${encodeURIComponent(key)}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ state: 'pending', attempts: 0 });
    expect(resent.body.journal.at(-1)).toMatchObject({ event: 'resend-requested', by: 'admin' });
    // a double click: the second resend finds it queued and changes nothing
    const again = await admin.post(`/api/admin/mail/dead-letters/${encodeURIComponent(key)}/resend`);
    expect(again).toMatchObject({ status: 200, body: { state: 'pending', journal: resent.body.journal } });
    const selection = await admin.post('/api/admin/mail/dead-letters/resend', { keys: [key, 'test-mail/nope'] });
    expect(selection.body.results).toEqual([
      { id: key, outcome: 'already-resent' },
      { id: 'test-mail/nope', outcome: 'refused', code: 'NOT_FOUND', detail: expect.any(String) },
    ]);
    // audited once, as the OA re-sends are: who asked, for which mail, to whom; the double click and the selection queued nothing new
    expect(await tp().platform.audit.about(`mail:${key}`)).toEqual([expect.objectContaining({ by: 'admin', action: 'mail-resent', detail: { recipients: [demoAddress('cr-h1')] } })]);

    // then: a working drainer sends it, once
    await drainAll(testDrainer(tp()));
    expect(await mailWithId(demoAddress('cr-h1'), stableMessageId(key, 'cr-h1', MESSAGE_ID_DOMAIN))).toHaveLength(1);
    expect((await entry(key)).state).toBe('sent');
  });

  it("shows the local mailbox to admins only, through the API", async () => {
    const admin = apiAs(tp().app, 'admin');
    const list = await admin.get(`/api/admin/mailbox?to=${encodeURIComponent(demoAddress('cr-h1'))}&limit=5`);
    expect(list.status).toBe(200);
    expect(list.body.messages.length).toBeGreaterThan(0);
    const one = await admin.get(`/api/admin/mailbox/${list.body.messages[0].id as string}`);
    expect(one.body).toMatchObject({ id: list.body.messages[0].id, to: [expect.stringContaining(demoAddress('cr-h1'))], text: expect.any(String), html: expect.any(String) });
    expect((await admin.get('/api/admin/mailbox/999-1')).body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await admin.get('/api/admin/mailbox/..%2Fetc')).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const handler = await request(tp().app).get('/api/admin/mailbox').set(await asUser(tp().app, 'cr-h1'));
    expect(handler.status).toBe(403);
    // a mail peer that does not answer is said so, not a bare 500
    await expect(httpMailbox(`http://127.0.0.1:${await closedPort()}`).list({})).rejects.toMatchObject({ code: 'MAILBOX_UNREACHABLE' });
  });

  it('skips and records people without an address, and still mails the others', async () => {
    // given: an auditor with no e-mail address (auditors are no department's handlers or supervisors)
    await tp().platform.identity.upsertUser({ username: 'auditor-noaddr', displayName: 'No Address', roles: ['auditor'], unitId: 'center', password: DEMO_PASSWORD });
    await drainAll(testDrainer(tp()));
    const key = await enqueue({ employees: ['auditor-noaddr', 'cr-h1', 'nobody-here'] });

    // when
    await drainAll(testDrainer(tp()));

    // then
    const done = await entry(key);
    expect(done.state).toBe('sent');
    expect(done.recipients!.map((r) => r.employeeId)).toEqual(['cr-h1']);
    expect(done.skipped).toEqual([
      { employeeId: 'auditor-noaddr', reason: 'no-address' },
      { employeeId: 'nobody-here', reason: 'unknown-or-disabled' },
    ]);
    expect(done.journal![0]).toMatchObject({ event: 'recipients-resolved', detail: '1 recipient(s); skipped auditor-noaddr (no-address), nobody-here (unknown-or-disabled)' });
  });

  it("sends each department's digest to its supervisors once per center-day, when the clock passes the digest hour", async () => {
    // given: two workers processes' schedulers; the next digest hour ahead of the clock
    const zone = 'Asia/Shanghai';
    const digestHour = 8;
    await drainAll(testDrainer(tp()));
    const schedulers = [0, 1].map(() => createDigestScheduler({ outbox: tp().platform.notifications, identity: tp().platform.identity, clock: tp().clock, centerTimeZone: zone, digestHour }));
    const now = tp().clock.now();
    const todayDue = digestDueAt(now, zone, digestHour);
    const due = todayDue > now ? todayDue : digestDueAt(new Date(now.getTime() + 24 * 3_600_000), zone, digestHour);
    const day = centerDay(due, zone).day;
    await Promise.all(schedulers.map((s) => s.enqueueDue()));
    expect(await tp().platform.mail.store.findByKey(digestKey('billing', day))).toBeNull();

    // when: the clock passes the hour; both schedulers and two drainers run, twice
    await tp().clock.advanceTo(due, 60_000);
    for (let pass = 0; pass < 2; pass++) {
      await Promise.all(schedulers.map((s) => s.enqueueDue()));
      await Promise.all([drainAll(testDrainer(tp())), drainAll(testDrainer(tp()))]);
    }

    // then: billing's supervisors got one digest each, in their language; handlers none
    const key = digestKey('billing', day);
    const head = await mailWithId(demoAddress('billing-sup'), stableMessageId(key, 'billing-sup', MESSAGE_ID_DOMAIN));
    const teamLead = await mailWithId(demoAddress('billing-tl'), stableMessageId(key, 'billing-tl', MESSAGE_ID_DOMAIN));
    expect(head.map((m) => m.subject)).toEqual([`【日报】Billing 工单日报 ${day}`]);
    expect(teamLead.map((m) => m.subject)).toEqual([`[Daily digest] Billing work orders, ${day}`]);
    expect((await testMailbox.get(head[0]!.id))!.text).toMatch(/在办工单：\d+\n已超时：\d+\n今日到期：\d+\n已升级：\d+/);
    expect(await mailWithId(demoAddress('billing-h1'), stableMessageId(key, 'billing-h1', MESSAGE_ID_DOMAIN))).toHaveLength(0);
    // one entry per department for the day
    expect(await tp().platform.mail.store.findByKey(digestKey('vip-club', day))).toMatchObject({ state: 'sent', departments: ['vip-club'], audience: 'supervisors' });
  });
});
