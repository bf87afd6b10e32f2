import { addWorkingMinutes, workingMinutesBetween, type BusinessCalendar } from '../../domain/calendar';
import type { ClockKind } from '../../domain/sla/policy';
import { DEMO_CALENDARS, DEMO_POLICIES } from '../../runtime/demo-sla';
import { clockOf as waitForClock, defaultCalendar, slaOf, toNextWorkingMorning, type ClockBody, type JournalBody } from '../support/sla-time';
import { eventually, useTestPlatform } from '../support/test-platform';
import { apiAs, atStep, raiseWorkOrder, recordWhere } from '../support/work-orders';


/**
 * SLA clocks on the real engine: the engine's controlled clock and the platform's clock move
 * together (SharedClock), so a timer due in three working days is tested in seconds, and each
 * expected instant is worked out here with the business calendar, independently of the planner.
 */
describe('SLA clocks', () => {
  const tp = useTestPlatform();
  const as = (user: string) => apiAs(tp().app, user);
  const action = (user: string, id: string, name: string, body: unknown = {}) => as(user).post(`/api/work-orders/${id}/${name}`, body);
  let calendar: BusinessCalendar;

  beforeAll(async () => {
    calendar = await defaultCalendar(tp());
  });

  const startOfNextWorkingDay = (): Promise<Date> => toNextWorkingMorning(tp(), calendar);

  const clockOf = (id: string, kind: ClockKind, accept?: (c: ClockBody) => boolean): Promise<ClockBody> => waitForClock(tp(), id, kind, accept);

  /** Waits for a journal line of the clock and returns it. */
  async function journaled(id: string, clockId: string, event: string, match: Partial<JournalBody> = {}): Promise<JournalBody> {
    const sla = await eventually(
      () => slaOf(tp(), id),
      (s) => s.journal.some((j) => j.clockId === clockId && j.event === event && Object.entries(match).every(([k, v]) => j[k as keyof JournalBody] === v)),
    );
    return sla.journal.find((j) => j.clockId === clockId && j.event === event && Object.entries(match).every(([k, v]) => j[k as keyof JournalBody] === v))!;
  }

  /** Fired minus due, in ms: never negative (early), at most a second late. */
  function expectOnTime(line: JournalBody): void {
    const lateness = Date.parse(line.firedAt!) - Date.parse(line.dueAt!);
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(1_000);
  }

  const policy = (id: string) => DEMO_POLICIES.find((p) => p.policyId === id)!;

  it('plans by the business calendar, warns at 50% and 80%, and escalates level by level at the calendar-correct instants', async () => {
    await startOfNextWorkingDay();
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    await atStep(tp(), id, 'Activity_Accept');
    const acceptance = await clockOf(id, 'acceptance');
    const terms = policy('complaint');
    const started = new Date(acceptance.startedAt);
    expect(acceptance).toMatchObject({ policy: { id: 'complaint' }, targetMinutes: terms.targets.acceptance, state: 'running' });
    expect(acceptance.dueAt).toBe(addWorkingMinutes(calendar, started, 60).toISOString());
    expect(acceptance.warnings.map((w) => w.at)).toEqual([addWorkingMinutes(calendar, started, 30).toISOString(), addWorkingMinutes(calendar, started, 48).toISOString()]);
    expect(acceptance.ladder.map((l) => l.at)).toEqual([
      addWorkingMinutes(calendar, started, 60).toISOString(),
      addWorkingMinutes(calendar, started, 60 + 240).toISOString(),
      addWorkingMinutes(calendar, started, 60 + 960).toISOString(),
    ]);

    for (const warning of acceptance.warnings) {
      await tp().clock.advanceTo(new Date(warning.at));
      expectOnTime(await journaled(id, acceptance.clockId, 'warned', { percent: warning.percent }));
    }
    const warnings = (await tp().platform.notifications.forWorkOrder(id)).filter((n) => n.kind === 'sla-warning');
    expect(warnings.map((n) => n.departments)).toEqual([['billing'], ['billing']]);

    await tp().clock.advanceTo(new Date(acceptance.dueAt));
    expectOnTime(await journaled(id, acceptance.clockId, 'breached'));
    expectOnTime(await journaled(id, acceptance.clockId, 'escalated', { level: 1 }));
    // level 1 of the complaint policy: the team lead is told and the priority goes up
    const level1 = await recordWhere(tp(), id, (doc) => doc.priority === 'urgent');
    expect(level1.history.find((h) => h.action === 'sla-escalated')).toMatchObject({ by: 'sla', elementId: 'Activity_RecordEscalation' });
    const toldLevel1 = (await tp().platform.notifications.forWorkOrder(id)).find((n) => n.kind === 'sla-escalated');
    expect(toldLevel1).toMatchObject({ employees: ['billing-tl'], audience: 'supervisors' });

    await tp().clock.advanceTo(new Date(acceptance.ladder[1]!.at));
    expectOnTime(await journaled(id, acceptance.clockId, 'escalated', { level: 2 }));
    // level 2: the department head is told, the step is reassigned to them, and a supervision order is opened
    const level2 = await recordWhere(tp(), id, (doc) => doc.superviseCount === 1);
    expect(level2.tasks.find((t) => t.elementId === 'Activity_Accept')?.assignee).toBe('billing-sup');
    expect(level2.attentions).toEqual([expect.objectContaining({ kind: 'supervision', by: 'sla' })]);

    // accepting now stops the clock as late; the handling clock starts
    expect((await action('billing-sup', id, 'accept')).status).toBe(200);
    const stopped = await clockOf(id, 'acceptance', (c) => c.state === 'late');
    expect(stopped.levelReached).toBe(2);
    await clockOf(id, 'handling');
  });

  it('a pause while waiting for the customer moves the deadline out by exactly the paused working time', async () => {
    await startOfNextWorkingDay();
    const { workOrderId: id } = await raiseWorkOrder(tp().app);
    await atStep(tp(), id, 'Activity_Accept');
    expect((await action('billing-h1', id, 'accept')).status).toBe(200);
    await atStep(tp(), id, 'Activity_Handle');
    const before = await clockOf(id, 'handling');
    const resolutionBefore = await clockOf(id, 'resolution');

    await tp().clock.advance(20 * 60_000);
    const paused = await action('billing-h1', id, 'await-customer', { reason: 'Waiting for the customer to send the bill' });
    expect(paused.status).toBe(200);
    expect(paused.body.allowedActions).toContain('resume');
    await clockOf(id, 'handling', (c) => c.state === 'paused');
    const pausedAt = tp().clock.now();
    // across lunch and into the afternoon: 12:00-13:30 is not working time
    await tp().clock.advance(5 * 60 * 60_000);
    const resumedAt = tp().clock.now();
    expect((await action('billing-h1', id, 'resume', { note: 'bill received' })).status).toBe(200);

    const after = await clockOf(id, 'handling', (c) => c.state === 'running' && c.dueAt !== before.dueAt);
    const pausedWork = workingMinutesBetween(calendar, pausedAt, resumedAt);
    expect(pausedWork).toBeGreaterThan(0);
    expect(pausedWork).toBeLessThan(5 * 60);
    // the pause's instants are the API's; allow the few ms between the clock read and the request
    expect(Math.abs(workingMinutesBetween(calendar, new Date(before.dueAt), new Date(after.dueAt)) - pausedWork)).toBeLessThan(0.05);
    const resolutionAfter = await clockOf(id, 'resolution', (c) => c.dueAt !== resolutionBefore.dueAt);
    expect(Math.abs(workingMinutesBetween(calendar, new Date(resolutionBefore.dueAt), new Date(resolutionAfter.dueAt)) - pausedWork)).toBeLessThan(0.05);
    // the record's deadline follows the clock's, written after it
    await recordWhere(tp(), id, (doc) => doc.dueAt?.toISOString() === resolutionAfter.dueAt);

    const sla = await slaOf(tp(), id);
    const events = sla.journal.filter((j) => j.clockId === before.clockId).map((j) => j.event);
    expect(events).toEqual(['planned', 'paused', 'resumed', 'replanned']);
  });

  it('a VIP and a standard work order of the same type get different limits and different ladders', async () => {
    await startOfNextWorkingDay();
    const standard = await raiseWorkOrder(tp().app);
    const vip = await raiseWorkOrder(tp().app, { contact: { customerId: 'C-2000009', customerTier: 'diamond' } });
    const [standardClock, vipClock] = [await clockOf(standard.workOrderId, 'acceptance'), await clockOf(vip.workOrderId, 'acceptance')];
    expect(standardClock).toMatchObject({ policy: { id: 'complaint' }, targetMinutes: 60 });
    expect(vipClock).toMatchObject({ policy: { id: 'vip' }, targetMinutes: 30 });
    expect(vipClock.dueAt).toBe(addWorkingMinutes(calendar, new Date(vipClock.startedAt), 30).toISOString());
    expect(standardClock.ladder).toHaveLength(3);
    expect(vipClock.ladder).toHaveLength(2);
    expect(new Date(vipClock.ladder[1]!.at)).toEqual(addWorkingMinutes(calendar, new Date(vipClock.startedAt), 30 + 120));

    // the VIP ladder's level 1 tells the department head (no team lead step) and raises the priority
    await tp().clock.advanceTo(new Date(vipClock.dueAt));
    await journaled(vip.workOrderId, vipClock.clockId, 'escalated', { level: 1 });
    const told = await eventually(
      async () => (await tp().platform.notifications.forWorkOrder(vip.workOrderId)).filter((n) => n.kind === 'sla-escalated'),
      (n) => n.length === 1,
    );
    expect(told[0]).toMatchObject({ employees: ['vip-sup'] });
  });

  it('every third urge of a VIP raises its resolution clock one level', async () => {
    await startOfNextWorkingDay();
    const vip = await raiseWorkOrder(tp().app, { contact: { customerId: 'C-2000010', customerTier: 'platinum' } });
    const resolution = await clockOf(vip.workOrderId, 'resolution');
    for (let i = 0; i < 3; i++) expect((await action('agent-0101', vip.workOrderId, 'urge', { note: `call ${i + 1}` })).status).toBe(202);
    const escalated = await journaled(vip.workOrderId, resolution.clockId, 'escalated', { level: 1 });
    expect(escalated).toMatchObject({ cause: 'urging', dueAt: null });
    await recordWhere(tp(), vip.workOrderId, (doc) => doc.urgeCount === 3);
    expect((await clockOf(vip.workOrderId, 'resolution')).levelReached).toBe(1);
  });

  it('a policy change leaves running work orders alone until an admin re-plans them', async () => {
    await startOfNextWorkingDay();
    const original = policy('complaint');
    const running = await raiseWorkOrder(tp().app);
    const pinnedBefore = await clockOf(running.workOrderId, 'acceptance');

    const saved = await as('admin').post('/api/sla/policies', { ...original, targets: { ...original.targets, acceptance: 90 }, comment: 'Acceptance relaxed to 90 minutes' });
    expect(saved.status).toBe(201);
    try {
      const later = await raiseWorkOrder(tp().app);
      const laterClock = await clockOf(later.workOrderId, 'acceptance');
      expect(laterClock).toMatchObject({ policy: { id: 'complaint', version: saved.body.version }, targetMinutes: 90 });
      const untouched = await clockOf(running.workOrderId, 'acceptance');
      expect(untouched).toEqual(pinnedBefore);

      // an admin moves the running one to the new version; recorded with the reason
      const replanned = await action('admin', running.workOrderId, 'sla/replan', { reason: 'Customer agreed to the new terms' });
      expect(replanned.status).toBe(200);
      expect(replanned.body.sla.policy.version).toBe(saved.body.version);
      const moved = await clockOf(running.workOrderId, 'acceptance', (c) => c.targetMinutes === 90);
      expect(moved.dueAt).toBe(addWorkingMinutes(calendar, new Date(moved.startedAt), 90).toISOString());
      const line = await journaled(running.workOrderId, moved.clockId, 'replanned');
      expect(line.cause).toBe('Customer agreed to the new terms');
      expect((await action('billing-h1', running.workOrderId, 'sla/replan', { reason: 'x' })).status).toBe(403);
    } finally {
      expect((await as('admin').post('/api/sla/policies', { ...original, comment: 'Back to the demo terms' })).status).toBe(201);
    }
  });

  it('refuses bad SLA input with clear codes and changes nothing', async () => {
    const versions = async () => (await as('admin').get('/api/sla/policies/complaint/versions')).body.length as number;
    const count = await versions();
    const falling = await as('admin').post('/api/sla/policies', { ...policy('complaint'), warningPercents: [80, 50] });
    expect(falling.status).toBe(400);
    expect(falling.body.code).toBe('VALIDATION_FAILED');
    expect((await as('auditor-1').post('/api/sla/policies', policy('complaint'))).status).toBe(403);
    const badCalendar = await as('admin').post('/api/sla/calendars', { calendar: { ...DEMO_CALENDARS[0], timeZone: 'Mars/Olympus' }, comment: 'typo' });
    // a well-formed body whose calendar cannot be: 422, with what is wrong
    expect(badCalendar.status).toBe(422);
    expect(badCalendar.body.code).toBe('CALENDAR_INVALID');
    expect(badCalendar.body.errors).toEqual([expect.objectContaining({ path: 'timeZone' })]);
    expect(await versions()).toBe(count);
  });
});
