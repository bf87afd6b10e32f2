import { DateTime } from 'luxon';
import type { StoredCalendar } from '../../adapters/mongo/sla.repository';
import { addWorkingMinutes } from '../../domain/calendar';
import { dayNumberOf, weekdayOf } from '../../domain/calendar/civil-day';
import { DEMO_POLICIES } from '../../runtime/demo-sla';
import { closeTestSenders, demoAddress, drainAll, testDrainer, testMailbox } from '../support/mail';
import { eventually, useTestPlatform } from '../support/test-platform';
import { apiAs, raiseWorkOrder, recordWhere } from '../support/work-orders';

const CALENDAR = 'cn-mainland';

/**
 * Admins change the SLA rules and the mail templates on the real platform: a year's holiday
 * import, a day made a holiday (and the deadline of the next work order moving past it), template
 * overrides the next mail is written with. Each test puts back what it changed: the other files
 * of the run count with the demo calendar and read the built-in mail.
 */
describe('SLA and mail administration', () => {
  /** The demo calendar as the run had it, and the version each test starts on (restoring saves a new one). */
  let original: StoredCalendar;
  let before: StoredCalendar;
  // declared before the platform's own afterAll, so it runs while the platform is still up
  afterAll(async () => {
    await restoreCalendar();
    // a test that failed midway leaves no override behind for the mail tests of later files
    for (const kind of ['assignment', 'urging']) await admin().post(`/api/admin/mail-templates/${kind}/reset`, { comment: 'test cleanup' });
    closeTestSenders();
  });
  const tp = useTestPlatform();
  const admin = () => apiAs(tp().app, 'admin');
  const auditor = () => apiAs(tp().app, 'auditor-1');

  const currentCalendar = async (): Promise<StoredCalendar> => (await tp().platform.sla.currentCalendars()).find((c) => c.id === CALENDAR)!;
  const restoreCalendar = async (): Promise<void> => {
    if ((await currentCalendar()).version === before.version) return;
    const { version: _v, savedBy: _b, savedAt: _a, comment: _c, ...body } = original;
    await tp().platform.slaAdmin.saveCalendar(body, 'test cleanup: back to the demo calendar', 'test');
  };

  beforeAll(async () => {
    original = await currentCalendar();
  });
  beforeEach(async () => {
    before = await currentCalendar();
  });
  afterEach(restoreCalendar);

  const centerNow = (): DateTime => DateTime.fromJSDate(tp().clock.now()).setZone('Asia/Shanghai');
  /** The first Saturday of February of `year`: a day the week does not work, so a make-up workday may fall on it. */
  const firstFebruarySaturday = (year: number): string => {
    for (let day = 1; ; day++) {
      const date = `${year}-02-0${day}`;
      if (weekdayOf(dayNumberOf(date)) === 'sat') return date;
    }
  };

  describe('a year of holidays imported from a file', () => {
    it('previews what it adds and removes, then applies it as a new calendar version, audited, other years kept', async () => {
      const year = centerNow().year + 1;
      const saturday = firstFebruarySaturday(year);
      const csv = `date,type,name\n${year}-01-01,holiday,元旦\n${year}-05-03,holiday,劳动节\n${saturday},workday,春节调休上班\n`;

      const preview = await admin().post(`/api/sla/calendars/${CALENDAR}/import/preview`, { year, content: csv });
      expect(preview.status).toBe(200);
      const previousYearDays = original.holidays.filter((d) => d.startsWith(`${year}-`));
      expect(preview.body).toMatchObject({
        calendarId: CALENDAR,
        basedOnVersion: before.version,
        year,
        holidays: { added: [`${year}-01-01`, `${year}-05-03`].filter((d) => !previousYearDays.includes(d)), removed: previousYearDays.filter((d) => d !== `${year}-01-01` && d !== `${year}-05-03`) },
        makeUpWorkdays: { added: [saturday] },
      });
      expect((await currentCalendar()).version).toBe(before.version);

      const applied = await admin().post(`/api/sla/calendars/${CALENDAR}/import`, { year, content: csv, basedOnVersion: before.version, comment: `State Council notice for ${year}` });
      expect(applied.status).toBe(201);
      expect(applied.body.calendar).toMatchObject({ id: CALENDAR, version: before.version + 1, savedBy: 'admin', comment: `State Council notice for ${year}` });
      const saved = await currentCalendar();
      expect(saved.holidays.filter((d) => d.startsWith(`${year}-`))).toEqual([`${year}-01-01`, `${year}-05-03`]);
      expect(saved.makeUpWorkdays.filter((m) => m.date.startsWith(`${year}-`))).toEqual([{ date: saturday }]);
      // other years as they were
      expect(saved.holidays.filter((d) => !d.startsWith(`${year}-`))).toEqual(original.holidays.filter((d) => !d.startsWith(`${year}-`)));
      const versions = await auditor().get(`/api/sla/calendars/${CALENDAR}/versions`);
      expect(versions.body.map((v: { version: number }) => v.version)).toContain(before.version + 1);
      expect((await auditor().get(`/api/sla/calendars/${CALENDAR}/versions/${before.version}`)).body.holidays).toEqual(original.holidays);
      const audit = await tp().platform.audit.about(`calendar:${CALENDAR}`);
      expect(audit[audit.length - 1]).toMatchObject({ by: 'admin', action: 'calendar-year-imported', detail: { version: before.version + 1, year } });

      // the same preview applied again, on the version it was read with, is refused
      const stale = await admin().post(`/api/sla/calendars/${CALENDAR}/import`, { year, content: csv, basedOnVersion: before.version, comment: 'again' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('RULES_CHANGED');
    });

    it('reads an iCalendar file: DTSTART..DTEND ranges, 调休/班 events as make-up workdays', async () => {
      const year = centerNow().year + 1;
      const saturday = firstFebruarySaturday(year).replace(/-/g, '');
      const ics = [
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        `DTSTART;VALUE=DATE:${year}0501`,
        `DTEND;VALUE=DATE:${year}0506`,
        'SUMMARY:劳动节 休',
        'END:VEVENT',
        'BEGIN:VEVENT',
        `DTSTART;VALUE=DATE:${saturday}`,
        'SUMMARY:春节 补班',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n');
      const preview = await admin().post(`/api/sla/calendars/${CALENDAR}/import/preview`, { year, content: ics });
      expect(preview.status).toBe(200);
      expect(preview.body.days.map((d: { date: string; kind: string }) => `${d.date} ${d.kind}`)).toEqual([
        `${firstFebruarySaturday(year)} workday`,
        ...[1, 2, 3, 4, 5].map((d) => `${year}-05-0${d} holiday`),
      ]);
    });

    it('refuses a bad file with every problem and its line, and changes nothing', async () => {
      const year = centerNow().year + 1;
      const csv = `date,type,name\n${year}-01-01,holiday,元旦\n${year - 1}-12-31,holiday,跨年\n${year}-01-01,holiday,元旦\n${year}-02-30,holiday,x\n${year}-03-01,workday,y\n`;
      const refused = await admin().post(`/api/sla/calendars/${CALENDAR}/import`, { year, content: csv, basedOnVersion: before.version, comment: 'bad file' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('CALENDAR_IMPORT_INVALID');
      expect(refused.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5, ...(weekdayOf(dayNumberOf(`${year}-03-01`)) === 'sat' || weekdayOf(dayNumberOf(`${year}-03-01`)) === 'sun' ? [] : [6])]);
      expect((await currentCalendar()).version).toBe(before.version);
    });

    it('is for admins only; auditors read calendars and policies with their versions', async () => {
      expect((await auditor().post(`/api/sla/calendars/${CALENDAR}/import/preview`, { year: 2030, content: '2030-01-01,holiday,x' })).status).toBe(403);
      expect((await auditor().get('/api/sla/calendars')).status).toBe(200);
      const policy = await auditor().get('/api/sla/policies/standard/versions/1');
      expect(policy.status).toBe(200);
      expect(policy.body).toMatchObject({ policyId: 'standard', version: 1 });
      expect((await auditor().get('/api/sla/policies/standard/versions/999')).status).toBe(404);
    });
  });

  it("a holiday added on the day a work order's deadline falls moves the next work order's deadline past it; the first keeps its version", async () => {
    // given: a work order dispatched under the current calendar, due on day D
    const first = await raiseWorkOrder(tp().app);
    const dispatched = await recordWhere(tp(), first.workOrderId, (d) => d.dueAt !== undefined && d.sla !== undefined);
    const dueDay = DateTime.fromJSDate(dispatched.dueAt!).setZone(original.timeZone).toISODate()!;

    // when: the admin makes D a holiday
    const edited = await admin().post(`/api/sla/calendars/${CALENDAR}/days`, { basedOnVersion: before.version, edits: [{ date: dueDay, kind: 'holiday' }], comment: 'Typhoon day off' });
    expect(edited.status).toBe(201);
    expect(edited.body.holidays).toContain(dueDay);

    // then: a new work order is pinned to the new version and due after D, as the calendar says
    const second = await raiseWorkOrder(tp().app);
    const next = await recordWhere(tp(), second.workOrderId, (d) => d.dueAt !== undefined && d.sla !== undefined);
    expect(next.sla!.calendar).toEqual({ id: CALENDAR, version: before.version + 1 });
    const complaint = DEMO_POLICIES.find((p) => p.policyId === 'complaint')!;
    expect(next.dueAt!.toISOString()).toBe(addWorkingMinutes(await currentCalendar(), next.sla!.pinnedAt, complaint.targets.resolution).toISOString());
    expect(DateTime.fromJSDate(next.dueAt!).setZone(original.timeZone).toISODate()! > dueDay).toBe(true);
    expect((await tp().platform.workOrders.findById(first.workOrderId))!.sla!.calendar).toEqual({ id: CALENDAR, version: before.version });

    // a make-up workday on a Wednesday is not a calendar
    const refused = await admin().post(`/api/sla/calendars/${CALENDAR}/days`, { basedOnVersion: before.version + 1, edits: [{ date: '2030-01-02', kind: 'workday' }], comment: 'x' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CALENDAR_INVALID');
  });

  it('of edits made at once on the same version, one is saved as the next version and the others get RULES_CHANGED: none drops what another added', async () => {
    // given: four admins' day edits, each made on the current version, each a different weekday
    const year = centerNow().year + 2;
    const weekdays = Array.from({ length: 14 }, (_, i) => `${year}-03-${String(i + 1).padStart(2, '0')}`).filter((d) => !['sat', 'sun'].includes(weekdayOf(dayNumberOf(d))));
    const days = weekdays.slice(0, 4);

    // when: they are sent at once
    const answers = await Promise.all(
      days.map((date) => admin().post(`/api/sla/calendars/${CALENDAR}/days`, { basedOnVersion: before.version, edits: [{ date, kind: 'holiday' }], comment: `storm day ${date}` })),
    );

    // then: exactly one is saved, as the version after the one it was made on; the calendar has its day
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    const won = answers.findIndex((a) => a.status === 201);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'RULES_CHANGED')).toBe(true);
    const saved = await currentCalendar();
    expect(saved.version).toBe(before.version + 1);
    expect(saved.holidays.filter((d) => days.includes(d))).toEqual([days[won]]);
  });

  it('of two policy saves made at once on the same version, one is saved as the next version and the other gets RULES_CHANGED', async () => {
    // given: two admins with the standard policy open at its current version (only the name is changed: other files count with its limits)
    const standard = DEMO_POLICIES.find((p) => p.policyId === 'standard')!;
    const opened = (await tp().platform.sla.currentPolicies()).find((p) => p.policyId === 'standard')!;
    const edit = (name: string) => ({ ...standard, name, comment: `renamed to ${name}`, basedOnVersion: opened.version });

    try {
      // when: both save at once
      const answers = await Promise.all(['Standard service (A)', 'Standard service (B)'].map((name) => admin().post('/api/sla/policies', edit(name))));

      // then: one is the version after the one opened, the other is refused and saved nothing
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const won = answers.find((a) => a.status === 201)!;
      expect(won.body.version).toBe(opened.version + 1);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('RULES_CHANGED');
      const versions = await tp().platform.sla.policyVersions('standard');
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: opened.version + 1 }, (_, i) => i + 1));
      expect(versions.at(-1)!.name).toBe(won.body.name);

      // and: an edit of a version the policy has left is refused too; one made on the new version is saved
      expect((await admin().post('/api/sla/policies', edit('Standard service (late)'))).status).toBe(409);
      expect((await admin().post('/api/sla/policies', { ...edit('Standard service (again)'), basedOnVersion: opened.version + 5 })).status).toBe(409);
      const next = await admin().post('/api/sla/policies', { ...edit('Standard service (C)'), basedOnVersion: opened.version + 1 });
      expect(next.status).toBe(201);
      expect(next.body.version).toBe(opened.version + 2);
    } finally {
      await tp().platform.slaAdmin.savePolicy(standard, 'test');
    }
  });

  it('documents basedOnVersion on the policy, calendar and mail-template saves', async () => {
    const doc = (await admin().get('/api/openapi.json')).body as { paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    const fields = (path: string, method: string) => Object.keys(doc.paths[path]![method]!.requestBody.content['application/json']!.schema.properties);
    expect(fields('/api/sla/policies', 'post')).toContain('basedOnVersion');
    expect(fields('/api/sla/calendars', 'post')).toContain('basedOnVersion');
    expect(fields('/api/admin/mail-templates/{name}', 'put')).toContain('basedOnVersion');
    expect(fields('/api/admin/mail-templates/{name}/reset', 'post')).toContain('basedOnVersion');
  });

  describe('mail templates', () => {
    const zh = (subject: string, body = '{{recipientName}}：工单 {{workOrderId}} {{link}}') => ({ 'zh-CN': { subject, body }, en: { subject: '[Dispatched] {{workOrderId}}', body: 'Hello {{recipientName}}, {{link}}' } });

    it('refuses unknown variables and bad syntax with their names, and previews with sample data', async () => {
      const refused = await admin().put('/api/admin/mail-templates/assignment', { templates: zh('【派单】{{workOrderId}} {{customerPhone}}', '{{#link}}'), comment: 'x' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('MAIL_TEMPLATE_INVALID');
      expect(refused.body.errors).toEqual([
        { path: 'zh-CN.subject', message: 'unknown variable "customerPhone"' },
        { path: 'zh-CN.body', message: expect.stringContaining('Unclosed section "link"') },
      ]);
      const preview = await admin().post('/api/admin/mail-templates/assignment/preview', { templates: zh('【新派单】{{workOrderId}}') });
      expect(preview.status).toBe(200);
      expect(preview.body['zh-CN'].subject).toBe('【新派单】WO-20270104-000042');
      expect(preview.body.en.text).toContain('Hello Chen Jing');
      expect((await apiAs(tp().app, 'billing-sup').get('/api/admin/mail-templates')).status).toBe(403);
    });

    it('of two saves made at once on the version the editors opened, one is saved and the other gets RULES_CHANGED; a reset names its version too', async () => {
      // given: two admins with the urging template open (0: never overridden, the built-in text)
      const opened = (await admin().get('/api/admin/mail-templates/urging')).body as { current: { version: number } | null; builtIn: Record<'zh-CN' | 'en', { subject: string; body: string }> };
      const basedOnVersion = opened.current?.version ?? 0;
      const edit = (subject: string) => ({ templates: { ...opened.builtIn, en: { ...opened.builtIn.en, subject } }, comment: subject, basedOnVersion });

      // when: both save at once
      const subjects = ['[Urged A] {{workOrderId}}', '[Urged B] {{workOrderId}}'];
      const answers = await Promise.all(subjects.map((subject) => admin().put('/api/admin/mail-templates/urging', edit(subject))));

      // then: one is the version after the one opened, the other saved nothing
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const won = answers.findIndex((a) => a.status === 201);
      expect(answers[won]!.body.version).toBe(basedOnVersion + 1);
      expect(answers[1 - won]!.body.code).toBe('RULES_CHANGED');
      const state = await admin().get('/api/admin/mail-templates/urging');
      expect(state.body.versions).toHaveLength(basedOnVersion + 1);
      expect(state.body.templates.en.subject).toBe(subjects[won]);

      // and: a reset made on the old version is refused; one made on the new version saves the built-in text
      expect((await admin().post('/api/admin/mail-templates/urging/reset', { comment: 'stale', basedOnVersion })).body.code).toBe('RULES_CHANGED');
      const reset = await admin().post('/api/admin/mail-templates/urging/reset', { comment: 'back to the default', basedOnVersion: basedOnVersion + 1 });
      expect(reset.status).toBe(201);
      expect(reset.body).toMatchObject({ version: basedOnVersion + 2, reset: true });
    });

    it('the next mail sent is written with the saved override; reset to default brings the built-in text back', async () => {
      const saved = await admin().put('/api/admin/mail-templates/assignment', { templates: zh('【新派单】请受理 {{workOrderId}}'), comment: 'shorter subject' });
      expect(saved.status).toBe(201);
      const state = await admin().get('/api/admin/mail-templates/assignment');
      expect(state.body.current).toMatchObject({ version: saved.body.version, reset: false, savedBy: 'admin' });
      expect(state.body.variables.workOrderId).toBe(true);

      const { workOrderId } = await raiseWorkOrder(tp().app);
      await eventually(() => tp().platform.notifications.forWorkOrder(workOrderId), (list) => list.some((n) => n.kind === 'dispatched'));
      await drainAll(testDrainer(tp()));
      const mails = await eventually(() => testMailbox.list({ to: demoAddress('billing-h1') }), (list) => list.some((m) => m.subject.includes(workOrderId)));
      expect(mails.find((m) => m.subject.includes(workOrderId))!.subject).toBe(`【新派单】请受理 ${workOrderId}`);

      const reset = await admin().post('/api/admin/mail-templates/assignment/reset', { comment: 'back to the default' });
      expect(reset.status).toBe(201);
      const after = await admin().get('/api/admin/mail-templates/assignment');
      expect(after.body.templates).toEqual(after.body.builtIn);
      expect(after.body.versions.map((v: { reset: boolean }) => v.reset).slice(-2)).toEqual([false, true]);
      const audit = await tp().platform.audit.about('mail-template:assignment');
      expect(audit.slice(-2).map((a) => a.action)).toEqual(['mail-template-saved', 'mail-template-reset']);
    });
  });
});
