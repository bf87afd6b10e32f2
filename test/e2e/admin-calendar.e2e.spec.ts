import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import type { StoredCalendar } from '../../adapters/mongo/sla.repository';
import { addWorkingMinutes } from '../../domain/calendar';
import { dayNumberOf, weekdayOf } from '../../domain/calendar/civil-day';
import { DEMO_POLICIES } from '../../runtime/demo-sla';
import { screenshot, useBrowser } from '../support/browser';
import { eventually, type TestPlatform } from '../support/test-platform';
import { apiAs, raiseWorkOrder, recordWhere } from '../support/work-orders';
import { chooseLanguage, logIn } from './pages';
import { usePortal } from './portal-server';

const CALENDAR = 'cn-mainland';

/**
 * The admins' SLA screens in Chromium on the real platform: a holiday added in the calendar moves
 * the deadline of the next work order (the real engine dispatches it and the platform plans it),
 * a year imported from a file with preview then apply, the policies and the mail templates; a
 * screenshot of each screen in English and Chinese, and the calendar at phone width.
 */
const describeLocal = process.env.CLOSELOOP_E2E_BASE_URL ? describe.skip : describe;

describeLocal('admin: SLA policies, business calendars and mail templates', () => {
  let original: StoredCalendar;
  // declared before the platform's own afterAll: the other files count with the demo calendar
  afterAll(async () => {
    const now = await currentCalendar();
    if (now.version === original.version) return;
    const { version: _v, savedBy: _b, savedAt: _a, comment: _c, ...body } = original;
    await tp().platform.slaAdmin.saveCalendar(body, 'test cleanup: back to the demo calendar', 'test');
  });
  const portal = usePortal();
  const browser = useBrowser();
  const tp = (): TestPlatform => portal().platform!;
  const currentCalendar = async (): Promise<StoredCalendar> => (await tp().platform.sla.currentCalendars()).find((c) => c.id === CALENDAR)!;

  beforeAll(async () => {
    original = await currentCalendar();
  });
  afterAll(() => {
    expect(browser().pageErrors).toEqual([]);
  });

  /** A work order raised through the API and dispatched by the engine: its due instant and the calendar version it was pinned to. */
  async function dispatchedWorkOrder(): Promise<{ workOrderId: string; dueAt: Date; pinnedAt: Date; calendarVersion: number }> {
    const { workOrderId } = await raiseWorkOrder(tp().app);
    const doc = await recordWhere(tp(), workOrderId, (d) => d.dueAt !== undefined && d.sla !== undefined);
    const read = await apiAs(tp().app, 'admin').get(`/api/work-orders/${workOrderId}`);
    expect(read.body.dueAt).toBe(doc.dueAt!.toISOString());
    return { workOrderId, dueAt: doc.dueAt!, pinnedAt: doc.sla!.pinnedAt, calendarVersion: doc.sla!.calendar.version };
  }

  /** Waits until the newest row of the versions table is `version` with `comment`: an older version may carry the same comment. */
  const versionSaved = (page: Page, version: number, comment: string): Promise<void> =>
    page.locator('[data-testid=calendar-versions] tbody tr:first-child', { hasText: comment, has: page.locator('td.mono', { hasText: new RegExp(`^v${version}$`) }) }).waitFor();

  /** A full-page screenshot from the top: scrolled down, the sticky top bar would be drawn mid-page. */
  const fullPage = async (page: Page, name: string): Promise<void> => {
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, name);
  };

  /**
   * The screen in both languages. A language switch draws the screen again from its address, so
   * `redo` repeats what is not in it (a file previewed, a draft typed) before each screenshot.
   */
  const shots = async (page: Page, name: string, redo: () => Promise<void> = () => Promise.resolve()): Promise<void> => {
    await fullPage(page, `${name}-en`);
    await chooseLanguage(page, 'zh-CN');
    await redo();
    await fullPage(page, `${name}-zh-CN`);
    await chooseLanguage(page, 'en');
    await redo();
  };

  it("a holiday added on the day a work order is due moves the next work order's deadline past it", async () => {
    // given: a work order due on day D under the current calendar
    const first = await dispatchedWorkOrder();
    const dueDay = DateTime.fromJSDate(first.dueAt).setZone(original.timeZone);
    const date = dueDay.toISODate()!;

    // when: the admin makes D a holiday in the calendar screen
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'admin');
    await chooseLanguage(page, 'en');
    await page.locator('nav a', { hasText: 'Business calendars' }).click();
    await page.locator('[data-testid=calendar-year]').waitFor();
    await page.goto(`${portal().baseUrl}/#/admin/calendars?id=${CALENDAR}&year=${dueDay.year}`);
    const day = page.locator(`[data-testid=calendar-year] button[data-date="${date}"]`);
    expect(await day.getAttribute('data-kind')).toBe('work');
    await day.click();
    expect(await page.locator('#cal-date').inputValue()).toBe(date);
    await page.locator('#cal-kind').selectOption('holiday');
    await page.locator('[data-testid=day-form] button[type=submit]').click();
    expect(await page.locator('[data-testid=pending-days]').textContent()).toContain(date);
    expect(await day.getAttribute('data-kind')).toBe('holiday');
    await page.locator('#cal-comment').fill('Typhoon day off');
    await fullPage(page, 'admin-calendar-01-pending-en');
    await page.locator('[data-testid=save-days]').click();
    await versionSaved(page, original.version + 1, 'Typhoon day off');
    expect(await page.locator(`[data-testid=calendar-year] button[data-date="${date}"]`).getAttribute('data-kind')).toBe('holiday');
    const saved = await currentCalendar();
    expect(saved.holidays).toContain(date);

    // then: a new work order, created the same way, is due after D, exactly as the new calendar counts
    const second = await dispatchedWorkOrder();
    expect(second.calendarVersion).toBe(saved.version);
    expect(first.calendarVersion).toBe(original.version);
    const target = DEMO_POLICIES.find((p) => p.policyId === 'complaint')!.targets.resolution;
    expect(second.dueAt.toISOString()).toBe(addWorkingMinutes(saved, second.pinnedAt, target).toISOString());
    expect(DateTime.fromJSDate(second.dueAt).setZone(original.timeZone).toISODate()! > date).toBe(true);
    await shots(page, 'admin-calendar-02-year');

    // the calendar at phone width
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'admin-calendar-03-narrow-en');
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  it('imports a year from a file: a bad file is refused with its lines, a good one previewed then applied', async () => {
    const year = DateTime.fromJSDate(tp().clock.now()).setZone(original.timeZone).year + 1;
    let saturday = `${year}-02-01`;
    for (let d = 1; weekdayOf(dayNumberOf(saturday)) !== 'sat'; d++) saturday = `${year}-02-0${d}`;
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'admin');
    await chooseLanguage(page, 'en');
    await page.goto(`${portal().baseUrl}/#/admin/calendars?id=${CALENDAR}&year=${year}`);
    await page.locator('[data-testid=import-panel]').waitFor();
    await page.locator('#import-year').fill(String(year));

    // a bad file: a day of another year and a day twice
    const bad = `date,type,name\n${year}-01-01,holiday,元旦\n${year - 1}-12-31,holiday,x\n${year}-01-01,holiday,元旦\n`;
    const problems = page.locator('[data-testid=import-problems]');
    /** Chooses the file, waits until the screen has read it, and asks for the preview. */
    const previewFile = async (name: string, content: string, shown: string): Promise<void> => {
      await page.locator('#import-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
      // a textarea keeps line ends as \n
      await eventually(() => page.locator('#import-content').inputValue(), (text) => text === content.replace(/\r\n/g, '\n'));
      await page.locator('[data-testid=import-preview]').click();
      await page.locator(shown).waitFor();
    };
    await previewFile(`holidays-${year}.csv`, bad, '[data-testid=import-problems]');
    expect(await problems.locator('li').allTextContents()).toEqual([`Line 3: ${year - 1}-12-31 is outside ${year}`, `Line 4: ${year}-01-01 is listed twice (also line 2)`]);
    await shots(page, 'admin-calendar-04-import-refused', () => previewFile(`holidays-${year}.csv`, bad, '[data-testid=import-problems]'));

    // a good iCalendar file: New Year's three days, a make-up Saturday (the language switch drew the screen again: the year is the one shown)
    expect(await page.locator('#import-year').inputValue()).toBe(String(year));
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', `DTSTART;VALUE=DATE:${year}0101`, `DTEND;VALUE=DATE:${year}0104`, 'SUMMARY:元旦', 'END:VEVENT', 'BEGIN:VEVENT', `DTSTART;VALUE=DATE:${saturday.replace(/-/g, '')}`, 'SUMMARY:春节 补班', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const previewIcs = (): Promise<void> => previewFile(`holidays-${year}.ics`, ics, '[data-testid=import-preview-result]');
    await previewIcs();
    expect(await page.locator('[data-testid=workdays-added] p').textContent()).toBe(saturday);
    expect(await page.locator('[data-testid=holidays-added] p').textContent()).toContain(`${year}-01-03`);
    await shots(page, 'admin-calendar-05-import-preview', previewIcs);
    const before = (await currentCalendar()).version;
    await page.locator('#import-comment').fill(`State Council notice ${year}`);
    await page.locator('[data-testid=import-apply]').click();
    await versionSaved(page, before + 1, `State Council notice ${year}`);
    expect((await currentCalendar()).version).toBe(before + 1);
    expect(await page.locator(`[data-testid=calendar-year] button[data-date="${saturday}"]`).getAttribute('data-kind')).toBe('workday');
    expect(await page.locator(`[data-testid=calendar-year] button[data-date="${year}-01-02"]`).getAttribute('data-kind')).toBe('holiday');

    // Saturday mornings cannot become working time while the calendar has make-up Saturdays (the week would work them already)
    await page.locator('#hours-sat').fill('09:00-12:00');
    await page.locator('#hours-comment').fill('Saturday mornings');
    await page.locator('[data-testid=hours-form] button[type=submit]').click();
    await page.locator('[data-testid=hours-form] .message-error').waitFor();
    expect(await page.locator('[data-testid=hours-form] .message-error').textContent()).toContain('which the week already works');
    // Friday afternoons end half an hour earlier
    await page.locator('#hours-sat').fill('');
    await page.locator('#hours-fri').fill('08:30-12:00，13:30-17:00');
    await page.locator('#hours-comment').fill('Fridays end at 17:00');
    await page.locator('[data-testid=hours-form] button[type=submit]').click();
    await versionSaved(page, before + 2, 'Fridays end at 17:00');
    expect((await currentCalendar()).weeklyHours.fri).toEqual([{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:00' }]);
  });

  it('shows the policies with their limits and versions, and the mail templates with a live preview', async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'admin');
    await chooseLanguage(page, 'en');
    await page.locator('nav a', { hasText: 'SLA policies' }).click();
    await page.locator('[data-testid=policies] tr[data-policy=complaint] a').click();
    await page.locator('[data-testid=policy-versions]').waitFor();
    expect(await page.locator('#target-resolution').inputValue()).toBe(String(DEMO_POLICIES.find((p) => p.policyId === 'complaint')!.targets.resolution));
    await shots(page, 'admin-sla-01-policies');
    // the language switch drew the screen again: its form must hold the version before the save below
    await page.locator('[data-testid=policy-versions]').waitFor();

    // another admin saves the policy while the form is open: this form's save is refused, not laid over it
    const opened = (await tp().platform.sla.currentPolicies()).find((p) => p.policyId === 'complaint')!;
    await tp().platform.slaAdmin.savePolicy({ ...DEMO_POLICIES.find((p) => p.policyId === 'complaint')!, comment: 'saved meanwhile' }, 'admin-2', opened.version);
    await page.locator('#policy-comment').fill('my change');
    await page.locator('[data-testid=policy-form] button[type=submit]').click();
    await page.locator('[data-testid=policy-form] .form-problem', { hasText: 'Someone saved a newer version meanwhile' }).waitFor();
    expect((await tp().platform.sla.policyVersions('complaint')).at(-1)).toMatchObject({ version: opened.version + 1, comment: 'saved meanwhile' });

    await page.locator('nav a', { hasText: 'Mail templates' }).click();
    await page.locator('[data-testid=templates] tr[data-template=assignment] a').click();
    await page.locator('[data-testid=template-preview] article[data-language=zh-CN]').waitFor();
    const typeSubject = async (): Promise<void> => {
      await page.locator('#tpl-subject-zh-CN').fill('【新派单】{{workOrderId}} 请尽快受理');
      await page.locator('[data-testid=template-preview] .tpl-preview-subject', { hasText: '【新派单】WO-20270104-000042 请尽快受理' }).waitFor();
    };
    await typeSubject();
    await shots(page, 'admin-mail-templates-01-editor', typeSubject);
    await page.locator('#tpl-subject-zh-CN').fill('【新派单】{{customerPhone}}');
    await page.locator('[data-testid=template-preview] .message-error', { hasText: 'customerPhone' }).waitFor();
    await fullPage(page, 'admin-mail-templates-02-unknown-variable-en');
    // nothing was saved: the next mail is still the default
    const stored = (await apiAs(tp().app, 'admin').get('/api/admin/mail-templates/assignment')).body;
    expect(stored.templates).toEqual(stored.builtIn);

    // a reset saved by another admin while the editor is open: this editor's save is refused
    await apiAs(tp().app, 'admin').post('/api/admin/mail-templates/assignment/reset', { comment: 'reset meanwhile', basedOnVersion: stored.current?.version ?? 0 });
    await typeSubject();
    await page.locator('#tpl-comment').fill('my change');
    await page.locator('[data-testid=template-form] button[type=submit]').click();
    await page.locator('[data-testid=template-form] .form-problem', { hasText: 'Someone saved a newer version meanwhile' }).waitFor();
    const after = (await apiAs(tp().app, 'admin').get('/api/admin/mail-templates/assignment')).body;
    expect(after.current).toMatchObject({ reset: true, comment: 'reset meanwhile' });
  });
});
