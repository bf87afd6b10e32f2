import request from 'supertest';
import type { BusinessCalendar } from '../../domain/calendar';
import { clockOf, defaultCalendar, toNextWorkingMorning, type ClockBody } from '../support/sla-time';
import { useTestPlatform } from '../support/test-platform';
import { apiAs, atStep, raiseWorkOrder, recordWhere } from '../support/work-orders';

interface Row {
  group: string | null;
  finished: number;
  met: number;
  late: number;
  cancelled: number;
  metRate: number | null;
  averageLatenessMinutes: number | null;
  p90LatenessMinutes: number | null;
  maxLatenessMinutes: number | null;
  overdueNow: number;
}
interface Breach {
  workOrderId: string;
  clockId: string;
  kind: string;
  stepElementId: string | null;
  stepName: string | null;
  department: string | null;
  tier: string;
  policy: { id: string; version: number };
  dueAt: string;
  breachedAt: string;
  levelReached: number;
  levels: number;
  state: string;
  latenessMinutes: number;
  ongoing: boolean;
}

/**
 * The auditors' SLA reports on the real engine: five work orders whose acceptance clocks end
 * met, late, cancelled or stay overdue, made by moving the engine's and the platform's clocks
 * together (the test platform's SharedClock), then read through the two report endpoints as each role.
 *
 * The period is this file's own working morning: the engine's clock only moves forward, so no
 * other file's clock stops in it. Other files' work orders may still be counting, and their
 * timers fire while this file moves the clock, so breaches and "overdue now" are checked for
 * this file's work orders, not as totals.
 */
describe('SLA reports: compliance and breaches', () => {
  const tp = useTestPlatform();
  const as = (user: string) => apiAs(tp().app, user);
  const action = (user: string, id: string, name: string, body: unknown = {}) => as(user).post(`/api/work-orders/${id}/${name}`, body);

  let calendar: BusinessCalendar;
  let periodFrom: Date;
  /** met: accepted at once; late: accepted after the limit; cancelled: withdrawn before it; overdue: never accepted. */
  const wo = { met: '', late: '', vipLate: '', cancelled: '', overdue: '' };

  const acceptanceOf = (id: string, accept?: (c: ClockBody) => boolean): Promise<ClockBody> => clockOf(tp(), id, 'acceptance', accept);
  const query = (params: Record<string, string>): string => new URLSearchParams(params).toString();
  /** The groups with clocks finished in the period: this file's own work orders. */
  const finishedIn = (groups: Row[]): Row[] => groups.filter((g) => g.finished > 0);
  const period = (): Record<string, string> => ({ from: periodFrom.toISOString(), to: new Date(tp().clock.now().getTime() + 60_000).toISOString() });

  beforeAll(async () => {
    calendar = await defaultCalendar(tp());
    periodFrom = await toNextWorkingMorning(tp(), calendar);

    wo.met = (await raiseWorkOrder(tp().app)).workOrderId;
    wo.late = (await raiseWorkOrder(tp().app)).workOrderId;
    wo.cancelled = (await raiseWorkOrder(tp().app)).workOrderId;
    wo.overdue = (await raiseWorkOrder(tp().app)).workOrderId;
    wo.vipLate = (await raiseWorkOrder(tp().app, { contact: { customerId: 'C-2000011', customerTier: 'diamond' } })).workOrderId;
    for (const id of Object.values(wo)) await atStep(tp(), id, 'Activity_Accept');
    expect((await recordWhere(tp(), wo.vipLate, () => true)).department).toBe('vip-club');
    const dues = await Promise.all(Object.values(wo).map(async (id) => new Date((await acceptanceOf(id)).dueAt)));

    // given: one accepted at once, one withdrawn by its agent, both well before their limits
    expect((await action('billing-h1', wo.met, 'accept')).status).toBe(200);
    expect((await action('agent-0101', wo.cancelled, 'cancel', { reason: 'customer withdrew the complaint' })).status).toBe(200);
    await acceptanceOf(wo.met, (c) => c.state === 'met');
    await acceptanceOf(wo.cancelled, (c) => c.state === 'cancelled');

    // when the limits pass (VIP 30 working minutes, complaints 60), the others breach
    await tp().clock.advanceTo(new Date(Math.max(...dues.map((d) => d.getTime()))), 60_000);
    // level 1 of both ladders is the breach itself: wait until it is reached, then act
    for (const id of [wo.late, wo.vipLate, wo.overdue]) await acceptanceOf(id, (c) => c.breachedAt !== null && c.levelReached >= 1);
    // and two are accepted late; the last one stays at its step
    expect((await action('billing-h1', wo.late, 'accept')).status).toBe(200);
    expect((await action('vip-h1', wo.vipLate, 'accept')).status).toBe(200);
    await acceptanceOf(wo.late, (c) => c.state === 'late');
    await acceptanceOf(wo.vipLate, (c) => c.state === 'late');
  });

  // integration tests cancel what they started: the agent withdraws the open work orders, which stops their clocks
  afterAll(async () => {
    for (const id of [wo.met, wo.late, wo.vipLate, wo.overdue].filter(Boolean)) {
      await action('agent-0101', id, 'cancel', { reason: 'end of the SLA reports test' }).catch(() => undefined);
    }
  });

  describe('GET /api/sla/compliance', () => {
    it('counts met, late and cancelled acceptance clocks per department, with the met rate and lateness', async () => {
      const res = await as('auditor-1').get(`/api/sla/compliance?${query({ ...period(), groupBy: 'department', kind: 'acceptance' })}`);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ groupBy: 'department', kind: 'acceptance', scope: { departments: 'all' }, period: { from: periodFrom.toISOString() } });
      const groups = res.body.groups as Row[];
      expect(groups.map((g) => g.group)).toEqual(['billing', 'vip-club']);
      const billing = groups[0]!;
      expect(billing).toMatchObject({ finished: 2, met: 1, late: 1, cancelled: 1, metRate: 0.5 });
      // one late clock: its lateness is the average, the p90 and the maximum; accepted a minute or more after its limit
      expect(billing.averageLatenessMinutes).toBeGreaterThanOrEqual(1);
      expect(billing.p90LatenessMinutes).toBe(billing.averageLatenessMinutes);
      expect(billing.maxLatenessMinutes).toBe(billing.averageLatenessMinutes);
      // the work order never accepted is still counting past its limit
      expect(billing.overdueNow).toBeGreaterThanOrEqual(1);
      expect(groups[1]).toMatchObject({ group: 'vip-club', finished: 1, met: 0, late: 1, metRate: 0 });
      expect(res.body.total).toMatchObject({ group: null, finished: 3, met: 1, late: 2, cancelled: 1 });
    });

    it('groups by tier, by kind (all kinds), and counts resolution clocks by default', async () => {
      const byTier = await as('auditor-1').get(`/api/sla/compliance?${query({ ...period(), groupBy: 'tier', kind: 'acceptance' })}`);
      expect(byTier.status).toBe(200);
      // groups that only hold other files' clocks still counting ("overdue now") are left out
      expect(finishedIn(byTier.body.groups as Row[]).map((g) => [g.group, g.met, g.late])).toEqual([
        ['diamond', 0, 1],
        ['standard', 1, 1],
      ]);

      const byKind = await as('auditor-1').get(`/api/sla/compliance?${query({ ...period(), groupBy: 'kind' })}`);
      expect(byKind.body.kind).toBe('all');
      const acceptance = (byKind.body.groups as Row[]).find((g) => g.group === 'acceptance');
      expect(acceptance).toMatchObject({ met: 1, late: 2 });
      // the withdrawn work order's resolution clock stopped as cancelled too
      expect((byKind.body.groups as Row[]).find((g) => g.group === 'resolution')).toMatchObject({ finished: 0, cancelled: 1 });

      const byDefault = await as('auditor-1').get(`/api/sla/compliance?${query(period())}`);
      expect(byDefault.body).toMatchObject({ groupBy: 'department', kind: 'resolution', total: { finished: 0, cancelled: 1 } });
    });

    it('without a period covers the 30 days up to now', async () => {
      const res = await as('admin').get('/api/sla/compliance?kind=acceptance');
      expect(res.status).toBe(200);
      expect(res.body.period.to).toBe(res.body.generatedAt);
      expect(Date.parse(res.body.period.to) - Date.parse(res.body.period.from)).toBe(30 * 86_400_000);
      expect(res.body.total.met).toBeGreaterThanOrEqual(1);
    });

    it('shows a supervisor only its own departments; the center supervisor all of them', async () => {
      const billingSup = await as('billing-sup').get(`/api/sla/compliance?${query({ ...period(), kind: 'acceptance' })}`);
      expect(billingSup.status).toBe(200);
      expect(billingSup.body.scope.departments).toEqual(['billing']);
      expect((billingSup.body.groups as Row[]).map((g) => g.group)).toEqual(['billing']);
      expect(billingSup.body.total).toMatchObject({ met: 1, late: 1 });

      const vipSup = await as('vip-sup').get(`/api/sla/compliance?${query({ ...period(), groupBy: 'tier', kind: 'acceptance' })}`);
      expect(finishedIn(vipSup.body.groups as Row[]).map((g) => [g.group, g.late])).toEqual([['diamond', 1]]);

      const centerSup = await as('center-sup').get(`/api/sla/compliance?${query({ ...period(), kind: 'acceptance' })}`);
      expect(centerSup.body.scope.departments).toBe('all');
      expect(finishedIn(centerSup.body.groups as Row[]).map((g) => g.group)).toEqual(['billing', 'vip-club']);
    });

    it('answers CSV with a header row, one row per group, CRLF lines, as an attachment', async () => {
      const res = await as('auditor-1').get(`/api/sla/compliance?${query({ ...period(), kind: 'acceptance', format: 'csv' })}`);

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?sla-compliance_department_acceptance_\d{8}T\d{6}Z_\d{8}T\d{6}Z\.csv"?$/);
      const lines = res.text.split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toBe('department,clock_kind,period_from,period_to,finished,met,late,met_rate,avg_lateness_min,p90_lateness_min,max_lateness_min,cancelled,overdue_now');
      expect(lines.slice(1, -1).map((l) => l.split(',').slice(0, 2))).toEqual([
        ['billing', 'acceptance'],
        ['vip-club', 'acceptance'],
      ]);
      const billing = lines[1]!.split(',');
      expect(billing.slice(4, 8)).toEqual(['2', '1', '1', '0.5']);
    });
  });

  describe('GET /api/sla/breaches', () => {
    it('lists breached clocks newest first with the step, the level reached and the lateness', async () => {
      const res = await as('auditor-1').get(`/api/sla/breaches?${query({ ...period(), kind: 'acceptance' })}`);

      expect(res.status).toBe(200);
      const items = res.body.items as Breach[];
      const breachedAt = items.map((b) => Date.parse(b.breachedAt));
      expect(breachedAt).toEqual([...breachedAt].sort((a, b) => b - a));
      const mine = items.filter((b) => Object.values(wo).includes(b.workOrderId));
      expect(mine.map((b) => b.workOrderId).sort()).toEqual([wo.late, wo.vipLate, wo.overdue].sort());
      expect(res.body.total).toBe(items.length);
      expect(res.body.truncated).toBe(false);

      const late = mine.find((b) => b.workOrderId === wo.late)!;
      expect(late).toMatchObject({
        kind: 'acceptance',
        stepElementId: 'Activity_Accept',
        stepName: 'Accept',
        department: 'billing',
        tier: 'standard',
        policy: { id: 'complaint' },
        state: 'late',
        levelReached: 1,
        levels: 3,
        ongoing: false,
      });
      expect(late.latenessMinutes).toBeGreaterThanOrEqual(1);
      expect(Date.parse(late.breachedAt)).toBeGreaterThanOrEqual(Date.parse(late.dueAt));
      expect(mine.find((b) => b.workOrderId === wo.vipLate)).toMatchObject({ department: 'vip-club', tier: 'diamond', policy: { id: 'vip' }, levels: 2, state: 'late' });
      expect(mine.find((b) => b.workOrderId === wo.overdue)).toMatchObject({ state: 'running', ongoing: true });
    });

    it('filters by department; a supervisor sees its own and is refused another', async () => {
      const vip = await as('auditor-1').get(`/api/sla/breaches?${query({ ...period(), department: 'vip-club' })}`);
      expect((vip.body.items as Breach[]).every((b) => b.department === 'vip-club')).toBe(true);
      expect((vip.body.items as Breach[]).map((b) => b.workOrderId)).toContain(wo.vipLate);

      const own = await as('billing-sup').get(`/api/sla/breaches?${query(period())}`);
      expect(own.status).toBe(200);
      expect((own.body.items as Breach[]).every((b) => b.department === 'billing')).toBe(true);
      expect((own.body.items as Breach[]).map((b) => b.workOrderId)).toEqual(expect.arrayContaining([wo.late, wo.overdue]));
      expect((own.body.items as Breach[]).map((b) => b.workOrderId)).not.toContain(wo.vipLate);

      const other = await as('billing-sup').get(`/api/sla/breaches?${query({ ...period(), department: 'vip-club' })}`);
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('FORBIDDEN');
    });

    it('answers CSV, and keeps to the limit with the total in X-Total-Count', async () => {
      const csv = await as('auditor-1').get(`/api/sla/breaches?${query({ ...period(), kind: 'acceptance', format: 'csv' })}`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="?sla-breaches_all_\d{8}T\d{6}Z_\d{8}T\d{6}Z\.csv"?$/);
      const lines = csv.text.split('\r\n').slice(0, -1);
      expect(lines[0]!.split(',').slice(0, 4)).toEqual(['work_order_id', 'clock_kind', 'step_element_id', 'step_name']);
      expect(lines).toHaveLength(Number(csv.headers['x-total-count']) + 1);
      expect(lines.find((l) => l.startsWith(`${wo.late},`))).toMatch(new RegExp(`^${wo.late},acceptance,Activity_Accept,Accept,billing,complaint,standard,`));

      const one = await as('auditor-1').get(`/api/sla/breaches?${query({ ...period(), limit: '1' })}`);
      expect(one.body.items).toHaveLength(1);
      expect(one.body.total).toBeGreaterThanOrEqual(3);
      expect(one.body.truncated).toBe(true);
    });
  });

  describe('refusals', () => {
    it('admits auditors, admins and supervisors only', async () => {
      for (const user of ['billing-h1', 'agent-0101', 'designer-1']) {
        for (const path of ['/api/sla/compliance', '/api/sla/breaches']) {
          const res = await as(user).get(path);
          expect({ user, path, status: res.status, code: res.body.code }).toEqual({ user, path, status: 403, code: 'FORBIDDEN' });
        }
      }
      expect((await request(tp().app).get('/api/sla/compliance')).status).toBe(401);
    });

    it.each([
      ['a date without time zone', '/api/sla/compliance?from=2026-11-01', 'from'],
      ['an unknown grouping', '/api/sla/compliance?groupBy=region', 'groupBy'],
      ['an unknown clock kind', '/api/sla/breaches?kind=lunch', 'kind'],
      ['an unknown format', '/api/sla/compliance?format=xlsx', 'format'],
      ['a period that ends before it starts', '/api/sla/compliance?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'from'],
      ['a zero limit', '/api/sla/breaches?limit=0', 'limit'],
      ['an unknown parameter', '/api/sla/breaches?dept=billing', ''],
    ])('refuses %s with 400 naming the parameter', async (_what, path, param) => {
      const res = await as('auditor-1').get(path);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(param);
    });
  });

  it('describes both endpoints in the OpenAPI document', async () => {
    const res = await request(tp().app).get('/api/openapi.json').expect(200);
    const compliance = res.body.paths['/api/sla/compliance'].get;
    const breaches = res.body.paths['/api/sla/breaches'].get;
    expect(compliance['x-roles']).toEqual(['supervisor', 'auditor', 'admin']);
    expect(compliance.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'groupBy', 'kind', 'format']);
    expect(breaches.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'department', 'kind', 'limit', 'format']);
    expect(compliance.responses['200'].content['application/json'].schema.properties.groups).toBeDefined();
  });
});
