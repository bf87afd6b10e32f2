import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { CallbackDoc } from '../../adapters/mongo/callback.repository';
import type { WorkOrderCallback, WorkOrderDoc } from '../../adapters/mongo/work-order.model';
import { addWorkingMinutes, workingMinutesBetween, type BusinessCalendar } from '../../domain/calendar';
import { DEFAULT_CALLBACK_POLICY } from '../../domain/callback/policy';
import { CallbackProcess, callbackIdFor } from '../../domain/callback/process';
import { callingTime } from '../../domain/outreach/calling-windows';
import { DEMO_CALENDARS } from '../../runtime/demo-sla';
import { ensureBatchDirs } from '../../services/batch-dirs';
import type { CallListener } from '../../services/call-listener';
import { consultationAnswered, customerWithEmail, newPhone, surveyLinkSentTo } from '../support/callbacks';
import { closeTestSenders } from '../support/mail';
import { listedTask, type ListedTask } from '../support/preview-tasks';
import { useBatchEnvironment } from '../support/subscriber-batch';
import { clockOf, defaultCalendar, toNextWorkingMorning } from '../support/sla-time';
import { telephonyPeer } from '../support/telephony-peer';
import { eventually, useTestPlatform } from '../support/test-platform';
import { apiAs, recordWhere } from '../support/work-orders';

/**
 * Callbacks after a work order on the real engine: the IVR survey calls go through the ARI
 * adapter to the telephony peer, the engine's clock and the platform's move together (no
 * sleeping), and every call placed is checked against the calling windows of the calendar.
 * Standard consultations are verified by the IVR callback (routing.dmn#Rule_StandardConsultation).
 */
describe('customer callback', () => {
  let listener: CallListener | undefined;
  afterAll(async () => {
    await listener?.close();
    closeTestSenders();
  });
  useBatchEnvironment();
  const tp = useTestPlatform();
  const as = (user: string) => apiAs(tp().app, user);
  let calendar: BusinessCalendar;
  const SHANGHAI = 'Asia/Shanghai';

  beforeAll(async () => {
    listener = tp().platform.listenToCalls();
    calendar = await defaultCalendar(tp());
    await ensureBatchDirs(tp().platform.subscriberImports.dirs);
  });

  /** `hh:mm` on the center's day of `day`. */
  const onDay = (day: Date, hhmm: string): Date => {
    const [hour, minute] = hhmm.split(':').map(Number);
    return DateTime.fromJSDate(day, { zone: SHANGHAI }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
  };
  /** The next working day at `hhmm`, with every timer due by then handled. */
  async function startAt(hhmm: string): Promise<Date> {
    const opening = await toNextWorkingMorning(tp(), calendar);
    await tp().clock.advanceTo(onDay(opening, hhmm));
    return opening;
  }

  const lastCallback = (doc: WorkOrderDoc): WorkOrderCallback | undefined => doc.callbacks.at(-1);
  const callbackWhere = (id: string, accept: (c: WorkOrderCallback) => boolean): Promise<WorkOrderDoc> =>
    recordWhere(tp(), id, (doc) => {
      const callback = lastCallback(doc);
      return callback !== undefined && accept(callback);
    });
  /** The callback waits for its next slot with the work order's clocks paused. */
  const waitingWith = (id: string, attempts: number): Promise<WorkOrderDoc> =>
    recordWhere(tp(), id, (doc) => lastCallback(doc)?.state === 'waiting' && lastCallback(doc)?.attempts.length === attempts && doc.waitingForCustomer !== undefined);
  const callbackRecord = async (doc: WorkOrderDoc): Promise<CallbackDoc> => (await tp().platform.callbacks.find(lastCallback(doc)!.callbackId))!;

  /**
   * Every call the callback placed was placed inside a calling window of its policy version, on
   * its calendar version, outside the customer's quiet hours (the call records' own instants,
   * platform clock); the peer saw exactly those calls. Returns the instants.
   */
  async function expectCallsInWindows(workOrderId: string): Promise<Date[]> {
    const doc = (await tp().platform.workOrders.findById(workOrderId))!;
    const callback = await callbackRecord(doc);
    const policy = await tp().platform.callbackPolicies.pinned(callback.policyVersion);
    const time = callingTime(await tp().platform.slaService.calendarFor(callback.calendar), policy.windows);
    const quiet = (await tp().platform.outreachRules.preference(callback.phone))?.quietHours ?? [];
    const placed: Date[] = [];
    for (const attempt of callback.attempts) {
      const call = await tp().platform.calls.find(attempt.callId!);
      expect(call).toBeDefined();
      expect(time.isCallable(call!.createdAt, quiet)).toBe(true);
      placed.push(call!.createdAt);
    }
    expect(await telephonyPeer.callsTo(callback.phone)).toHaveLength(callback.attempts.length);
    expect(callback.attempts.length).toBeLessThanOrEqual(policy.attempts.attemptCap);
    return placed;
  }

  /** Working minutes the work order's clocks stood still for the callback: each wait from its history. */
  function pausedWorkingMinutes(doc: WorkOrderDoc): number {
    const waits = doc.history.filter((h) => h.action === 'callback-waiting').map((h) => h.at);
    const resumes = doc.history.filter((h) => h.action === 'callback-resumed').map((h) => h.at);
    expect(resumes).toHaveLength(waits.length);
    return waits.reduce((sum, from, i) => sum + workingMinutesBetween(calendar, from, resumes[i]!), 0);
  }

  it('reaches the customer on the second attempt in the next window, and the work order closes satisfied with its clock paused meanwhile', async () => {
    // given a customer who does not answer in the morning
    const phone = newPhone();
    await telephonyPeer.setRule(phone, { outcome: 'no-answer' });
    const opening = await startAt('08:30');

    // when the department answers before the calling windows open
    const id = await consultationAnswered(tp(), phone);
    const resolution = await clockOf(tp(), id, 'resolution');

    // then the callback waits for 09:00 with the work order's clocks paused, and says so
    const waiting = await waitingWith(id, 0);
    expect(lastCallback(waiting)).toMatchObject({ mode: 'ivr', waitingUntil: onDay(opening, '09:00') });
    expect(waiting.waitingForCustomer).toMatchObject({ by: 'system' });
    const shown = await as('agent-0101').get(`/api/work-orders/${id}`);
    expect(shown.body.callbacks[0]).toMatchObject({ state: 'waiting', stage: 'calling back (attempt 1, waiting for the calling window)' });
    const progress = await as('agent-0101').get(`/api/work-orders/${id}/progress`);
    expect(progress.body.activeElementIds).toEqual(['Activity_Callback']);
    await clockOf(tp(), id, 'resolution', (c) => c.state === 'paused');
    expect(await telephonyPeer.callsTo(phone)).toEqual([]);

    // when the window opens: the first call is not answered, the next one waits for the afternoon window
    await tp().clock.advanceTo(onDay(opening, '09:00'), 1_000);
    const afterFirst = await waitingWith(id, 1);
    expect(lastCallback(afterFirst)).toMatchObject({ attempts: [{ n: 1, outcome: 'no-answer' }], waitingUntil: onDay(opening, '14:00') });

    // and the customer answers the afternoon call, pressing 1 (satisfied)
    await telephonyPeer.setRule(phone, { outcome: 'answered', dtmf: '1' });
    await tp().clock.advanceTo(onDay(opening, '14:00'), 1_000);

    // then the work order closes as resolved, the callback's attempts and result on it
    const closed = await recordWhere(tp(), id, (doc) => doc.status === 'closed');
    expect(closed.closedAs).toBeUndefined();
    expect(lastCallback(closed)).toMatchObject({ state: 'finished', attempts: [{ outcome: 'no-answer' }, { outcome: 'answered', answer: 'satisfied' }], result: { outcome: 'satisfied' } });
    const placed = await expectCallsInWindows(id);
    expect(placed[0]!.getTime()).toBeGreaterThanOrEqual(onDay(opening, '09:00').getTime());
    expect(placed[1]!.getTime()).toBeGreaterThanOrEqual(onDay(opening, '14:00').getTime());
    expect(placed[1]!.getTime()).toBeLessThan(onDay(opening, '14:05').getTime());
    const actions = closed.history.map((h) => h.action);
    expect(actions).toEqual(expect.arrayContaining(['callback-started', 'callback-waiting', 'callback-resumed', 'callback-attempt', 'callback-finished', 'archived']));
    expect(closed.history.filter((h) => h.action.startsWith('callback-')).every((h) => h.by === 'system' && h.elementId === 'Activity_Callback')).toBe(true);
    const view = await as('agent-0101').get(`/api/work-orders/${id}`);
    expect(view.body).toMatchObject({ status: 'closed', closedAs: 'resolved', callbacks: [{ stage: 'called back: satisfied', result: { outcome: 'satisfied', reason: null } }] });

    // and the resolution deadline moved out by exactly the working time the callback waited
    const paused = pausedWorkingMinutes(closed);
    expect(paused).toBeGreaterThan(200);
    const after = await clockOf(tp(), id, 'resolution', (c) => c.state !== 'running' && c.state !== 'paused');
    expect(Math.abs(workingMinutesBetween(calendar, new Date(resolution.dueAt), new Date(after.dueAt)) - paused)).toBeLessThan(0.05);
  });

  it('reopens the work order when the customer answers "not satisfied: not solved", with the reason recorded', async () => {
    // given a customer who presses 2 (not satisfied: the problem is not solved), called inside a window
    const phone = newPhone();
    await telephonyPeer.setRule(phone, { outcome: 'answered', dtmf: '2' });
    await startAt('09:05');

    // when the department answers
    const id = await consultationAnswered(tp(), phone);

    // then the call is placed at once, the work order goes back to handling, reopened once, the reason on it
    const back = await recordWhere(tp(), id, (doc) => doc.reopenCount === 1 && doc.tasks.some((t) => t.elementId === 'Activity_Handle'));
    expect(back.status).toBe('in-progress');
    expect(lastCallback(back)).toMatchObject({ attempts: [{ n: 1, outcome: 'answered', answer: 'not-satisfied' }], result: { outcome: 'not-satisfied', reason: 'not-solved' } });
    expect(back.history.find((h) => h.action === 'callback-finished')?.note).toBe('not-satisfied: not-solved');
    expect(back.history.map((h) => h.action)).toContain('reopened');
    expect(back.history.some((h) => h.action === 'callback-waiting')).toBe(false);
    await expectCallsInWindows(id);
    await tp().platform.zeebe.cancelProcessInstance(back.processInstanceKey!);
  });

  it('closes an unreachable customer as unreachable after exactly the cap of calls and an e-mail survey nobody answered', async () => {
    // given a customer who never answers, with an e-mail address in the subscriber store
    const phone = newPhone();
    const email = `callback-${phone}@example.cn`;
    await customerWithEmail(tp(), phone, email);
    await telephonyPeer.setRule(phone, { outcome: 'no-answer' });
    const opening = await startAt('09:05');
    const id = await consultationAnswered(tp(), phone);

    // when every window passes: this morning, this afternoon, the next working morning (the cap: 3 calls)
    for (const attempts of [1, 2]) {
      const waiting = await waitingWith(id, attempts);
      await tp().clock.advanceTo(lastCallback(waiting)!.waitingUntil!, 1_000);
    }
    const surveyed = await callbackWhere(id, (c) => c.state === 'survey');
    expect(lastCallback(surveyed)!.attempts.map((a) => a.outcome)).toEqual(['no-answer', 'no-answer', 'no-answer']);
    const placed = await expectCallsInWindows(id);
    expect(placed[1]!.getTime()).toBeGreaterThanOrEqual(onDay(opening, '14:00').getTime());
    expect(placed[2]!.getTime()).toBeGreaterThan(onDay(opening, '20:00').getTime());

    // then the customer gets the survey by mail, and nobody answers it in time
    const link = await surveyLinkSentTo(tp(), email);
    expect((await request(tp().app).get(link)).status).toBe(200);
    await tp().clock.advanceTo(lastCallback(surveyed)!.survey!.expiresAt, 1_000);

    // then the work order closes as unreachable (the default policy), no fourth call ever placed
    const closed = await recordWhere(tp(), id, (doc) => doc.status === 'closed');
    expect(closed.closedAs).toBe('unreachable');
    expect(lastCallback(closed)!.result).toMatchObject({ outcome: 'unreachable', reason: 'attempt-cap; survey unanswered' });
    expect(closed.history.find((h) => h.action === 'archived')).toMatchObject({ elementId: 'Activity_CloseUnreachable', note: expect.stringContaining('unreachable') });
    expect(await telephonyPeer.callsTo(phone)).toHaveLength(3);
    const view = await as('agent-0101').get(`/api/work-orders/${id}`);
    expect(view.body.closedAs).toBe('unreachable');
    const progress = await as('agent-0101').get(`/api/work-orders/${id}/progress`);
    expect(progress.body.completedElementIds).toEqual(expect.arrayContaining(['Activity_Callback', 'Activity_CloseUnreachable', 'EndEvent_ClosedUnreachable']));
    // the survey is over: its page says so
    expect((await request(tp().app).get(link)).status).toBe(410);
  });

  it('takes the answer of an e-mail survey given on the public page when the number is invalid', async () => {
    // given a number that does not exist, of a customer the store knows with an e-mail address
    const phone = newPhone();
    const email = `survey-${phone}@example.cn`;
    await customerWithEmail(tp(), phone, email);
    await telephonyPeer.setRule(phone, { outcome: 'invalid-number' });
    await startAt('09:05');

    // when the one call finds the number invalid
    const id = await consultationAnswered(tp(), phone);
    await callbackWhere(id, (c) => c.state === 'survey');
    const link = await surveyLinkSentTo(tp(), email);

    // then the page asks, refuses an incomplete answer, and takes the customer's answer
    const form = await request(tp().app).get(link);
    expect(form.status).toBe(200);
    expect(form.text).toContain('满意度调查');
    expect(form.headers['cache-control']).toBe('no-store');
    const incomplete = await request(tp().app).post(link).type('form').send({ answer: 'not-satisfied' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.text).toContain('请选择不满意的原因');
    const answered = await request(tp().app).post(link).type('form').send({ answer: 'satisfied', reason: '', comment: '' });
    expect(answered.status).toBe(200);
    expect(answered.text).toContain('感谢');
    expect((await request(tp().app).get(`${link.slice(0, -4)}abcd`)).status).toBe(404);

    // and the work order closes as resolved by the survey's answer, after one call only
    const closed = await recordWhere(tp(), id, (doc) => doc.status === 'closed');
    expect(closed.closedAs).toBeUndefined();
    expect(lastCallback(closed)).toMatchObject({ attempts: [{ outcome: 'invalid-number' }], result: { outcome: 'satisfied' } });
    expect((await callbackRecord(closed)).result).toMatchObject({ via: 'survey' });
    await expectCallsInWindows(id);
    // a second answer changes nothing: the first one counts
    const again = await request(tp().app).post(link).type('form').send({ answer: 'not-satisfied', reason: 'attitude' });
    expect(again.text).toContain('满意 · Satisfied');
  });

  describe('in preview mode, inside the calling window the plan chose', () => {
    const queued = async (): Promise<ListedTask[]> => (await as('agent-0101').get('/api/preview-queue')).body.items as ListedTask[];
    const listed = (callbackId: string, accept?: (task: ListedTask) => boolean): Promise<ListedTask> => listedTask(tp().app, 'agent-0101', callbackId, accept);
    /** A callback alone, in preview mode, for a fresh number; cancelled by `end`. */
    async function previewCallback(): Promise<{ callbackId: string; phone: string; end: () => Promise<void> }> {
      const phone = newPhone();
      const { processInstanceKey } = await tp().platform.zeebe.createProcessInstance({ bpmnProcessId: CallbackProcess.id, variables: { phone, title: 'Callback: the new router', mode: 'preview' } });
      return { callbackId: callbackIdFor(processInstanceKey), phone, end: () => tp().platform.zeebe.cancelProcessInstance(processInstanceKey).then(() => undefined, () => undefined) };
    }
    const callback = (callbackId: string, accept: (c: CallbackDoc) => boolean): Promise<CallbackDoc> =>
      eventually(() => tp().platform.callbacks.find(callbackId), (c) => c !== undefined && accept(c)) as Promise<CallbackDoc>;

    it('a customer nobody called leaves the queue when the window ends, and comes back in the next one with no attempt counted', async () => {
      // given: planned at 11:40 of a working day; the morning window ends at 12:00
      const day = await startAt('11:40');
      const { callbackId, phone, end } = await previewCallback();
      try {
        const morning = await listed(callbackId);
        expect(morning).toMatchObject({ attempt: 1, callableUntil: onDay(day, '12:00').toISOString() });

        // when: noon passes; then the customer is no longer offered, nor may be called
        await tp().clock.advanceTo(onDay(day, '12:01'));
        expect((await queued()).map((t) => t.chainId)).not.toContain(callbackId);
        expect((await as('agent-0101').post(`/api/preview-queue/${morning.taskId}/dial`, { requestId: randomUUID() })).body.code).toBe('CALL_NOT_ALLOWED_NOW');

        // when: 15 minutes pass with no call recorded; then the callback waits for the afternoon, no attempt made
        await tp().clock.advanceTo(onDay(day, '12:16'));
        const waiting = await callback(callbackId, (c) => c.plan?.next === 'later');
        expect(waiting.plan!.at).toEqual(onDay(day, '14:00'));
        expect(waiting.attempts).toHaveLength(0);

        // and at 14:00 the customer is back: still attempt 1, callable until 20:00
        await tp().clock.advanceTo(onDay(day, '14:00'));
        expect(await listed(callbackId, (t) => t.taskId !== morning.taskId)).toMatchObject({ attempt: 1, callableUntil: onDay(day, '20:00').toISOString() });
        expect(await telephonyPeer.callsTo(phone)).toHaveLength(0);
      } finally {
        await end();
      }
    });

    it('a call an agent took inside the window and recorded after its end counts as the attempt', async () => {
      // given: an agent takes the customer at 11:55
      const day = await startAt('11:40');
      const { callbackId, end } = await previewCallback();
      try {
        const task = await listed(callbackId);
        await tp().clock.advanceTo(onDay(day, '11:55'));
        expect((await as('agent-0101').post(`/api/preview-queue/${task.taskId}/claim`)).status).toBe(200);

        // when: the agent records at 12:04, after the window's end
        await tp().clock.advanceTo(onDay(day, '12:04'));
        const recorded = await as('agent-0101').post(`/api/preview-queue/${task.taskId}/result`, { attemptOutcome: 'no-answer' });

        // then: it is attempt 1; no answer is tried again in the next window
        expect(recorded.status).toBe(200);
        const next = await callback(callbackId, (c) => c.attempts.length === 1 && c.plan?.next === 'later');
        expect(next.plan!.at).toEqual(onDay(day, '14:00'));
      } finally {
        await end();
      }
    });
  });

  it('never calls outside a window, on a holiday, in the quiet hours, a do-not-disturb customer, a blacklisted number or beyond the center\'s cap', async () => {
    const opening = await startAt('08:30');
    const today = DateTime.fromJSDate(opening, { zone: SHANGHAI }).toISODate()!;

    // given a calendar where today is a holiday, and the callback policy on it (rest days: no calls)
    const admin = as('admin');
    const mainland = DEMO_CALENDARS.find((c) => c.id === 'cn-mainland')!;
    const holidays = { ...mainland, id: 'callback-holidays', region: 'callback-test', holidays: [...mainland.holidays, today] };
    const saved = await admin.post('/api/sla/calendars', { calendar: holidays, comment: 'Callback test: today is a holiday' });
    expect(saved.status).toBe(201);
    expect((await as('agent-0101').put('/api/admin/callback-policy', DEFAULT_CALLBACK_POLICY)).status).toBe(403);
    const unknown = await admin.put('/api/admin/callback-policy', { ...DEFAULT_CALLBACK_POLICY, windows: { ...DEFAULT_CALLBACK_POLICY.windows, calendarId: 'no-such-calendar' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_CALENDAR');
    expect((await admin.put('/api/admin/callback-policy', { ...DEFAULT_CALLBACK_POLICY, attempts: { ...DEFAULT_CALLBACK_POLICY.attempts, attemptCap: 0 } })).body.code).toBe('VALIDATION_FAILED');
    const holidayPolicy = await admin.put('/api/admin/callback-policy', { ...DEFAULT_CALLBACK_POLICY, windows: { ...DEFAULT_CALLBACK_POLICY.windows, calendarId: 'callback-holidays' }, comment: 'Test: a calendar with a holiday today' });
    try {
      expect(holidayPolicy.status).toBe(200);
      const history = await admin.get('/api/admin/callback-policy');
      expect(history.body.current.version).toBe(holidayPolicy.body.version);

      // and a customer who wants no calls before 15:00
      const quietPhone = newPhone();
      await tp().platform.mongo.model('ContactPreference').create({ _id: quietPhone, refusedKinds: [], quietHours: [{ start: '09:00', end: '15:00' }], updatedBy: 'agent-0101', updatedAt: tp().clock.now() });
      await telephonyPeer.setRule(quietPhone, { outcome: 'answered', dtmf: '1' });

      // when the callback starts on the holiday morning
      const quiet = await consultationAnswered(tp(), quietPhone);

      // then it waits for the next working day of that calendar, after the quiet hours
      const nextWorkday = addWorkingMinutes({ ...holidays, version: 1 }, onDay(opening, '23:59'), 1);
      const expected = onDay(nextWorkday, '15:00');
      const waiting = await waitingWith(quiet, 0);
      expect(lastCallback(waiting)!.waitingUntil).toEqual(expected);
      await tp().clock.advanceTo(expected, 1_000);
      await recordWhere(tp(), quiet, (doc) => doc.status === 'closed');
      const [placed] = await expectCallsInWindows(quiet);
      expect(DateTime.fromJSDate(placed!, { zone: SHANGHAI }).toISODate()).not.toBe(today);
    } finally {
      expect((await admin.put('/api/admin/callback-policy', { ...DEFAULT_CALLBACK_POLICY, comment: 'Back to the default' })).status).toBe(200);
    }

    // given a blacklisted number, a customer who refused callbacks, and a number the center called its most already
    const now = tp().clock.now();
    const blacklisted = newPhone();
    await tp().platform.mongo.model('BlacklistEntry').create({ _id: blacklisted, category: 'harassment', reason: 'test', state: 'confirmed', proposedBy: 'agent-0101', proposedAt: now, confirmedBy: 'cr-sup', confirmedAt: now });
    const refusing = newPhone();
    await tp().platform.mongo.model('ContactPreference').create({ _id: refusing, refusedKinds: ['callback'], quietHours: [], updatedBy: 'agent-0101', updatedAt: now });
    const exhausted = newPhone();
    for (let i = 0; i < tp().platform.numberFacts.limit.cap; i++) await tp().platform.numberFacts.recordAttempt(exhausted, `campaign-call-${i}-${exhausted}`, now);

    // when their work orders are answered
    const ids = await Promise.all([blacklisted, refusing, exhausted].map((phone) => consultationAnswered(tp(), phone)));

    // then none of them is called: each closes as unreachable, saying why
    const reasons = [];
    for (const [i, id] of ids.entries()) {
      const closed = await recordWhere(tp(), id, (doc) => doc.status === 'closed');
      expect(closed.closedAs).toBe('unreachable');
      expect(await telephonyPeer.callsTo([blacklisted, refusing, exhausted][i]!)).toEqual([]);
      reasons.push(lastCallback(closed)!.result!.reason);
    }
    expect(reasons).toEqual(['blacklisted', 'do-not-disturb', 'center-attempt-cap']);
  });
});
