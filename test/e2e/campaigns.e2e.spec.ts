import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import type { BusinessCalendar } from '../../domain/calendar';
import type { CallListener } from '../../services/call-listener';
import { screenshot, SCREENSHOT_DIR, useBrowser } from '../support/browser';
import { CAMPAIGN_MANAGER, campaignSettings, createCampaign, lastWorkdayBeforeRest, wallClock } from '../support/campaigns';
import type { TestPlatform } from '../support/test-platform';
import { logIn } from './pages';
import { usePortal } from './portal-server';

/**
 * The campaign screens in Chromium on the real platform: a supervisor sets up an automatic
 * payment-reminder campaign in the wizard, uploads a small CSV list (one invalid number, one
 * duplicate), checks the mapping preview, imports it, reads the filtering report, launches it,
 * and follows it live while the workers call (numbers ending in 5: the telephony peer answers
 * and presses the accept key) through a pause and a resume to its end; an auditor reads it
 * without commands. Both clocks are moved into a workday's calling window of the mainland
 * calendar, so it needs the local test platform.
 */
const describeLocal = process.env.CLOSELOOP_E2E_BASE_URL ? describe.skip : describe;

describeLocal('campaign screens in the portal', () => {
  let listener: CallListener | undefined;
  afterAll(async () => {
    await listener?.close();
  });
  const portal = usePortal();
  const browser = useBrowser();
  const tp = (): TestPlatform => portal().platform!;
  afterAll(() => {
    // no page error and no CSP violation in any tab
    expect(browser().pageErrors).toEqual([]);
  });

  /**
   * Waits for the import's end: the filtering report, or the reason the upload or the import
   * failed, which the assertion then shows (a slow machine gets a minute).
   */
  async function filteringReport(page: Page): Promise<Locator> {
    const report = page.locator('[data-testid=filtering-report]');
    const failed = page.locator('[data-testid=import-outcome] .message-error');
    await report.or(failed).first().waitFor({ timeout: 60_000 });
    expect(await failed.allTextContents()).toEqual([]);
    return report;
  }

  const run = String(randomInt(100, 999));
  /** An 11-digit mobile number unique to this run, ending in 5: answered, and the accept key pressed. */
  const number = (i: number): string => `138${run}0${String(i).padStart(3, '0')}5`;
  const name = `Payment reminder ${run}`;
  const CSV = [
    '手机号码,姓名,客户编号,欠费金额',
    `${number(1)},张伟,C1001,58.00`,
    `${number(2)},李娜,C1002,120.50`,
    '12345,王芳,C1003,30.00',
    `${number(3)},刘洋,C1004,88.00`,
    `+86 ${number(1)},张伟,C1005,58.00`,
    `${number(4)},陈静,C1006,15.00`,
  ].join('\r\n');

  const dayBefore = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  let day = '';
  let lastDay = '';
  let campaignId = '';

  beforeAll(async () => {
    listener = tp().platform.listenToCalls();
    const calendar = (await tp().platform.sla.currentCalendars()).find((c) => c.id === 'cn-mainland') as BusinessCalendar;
    // a workday's morning window, so the first wave calls at once
    day = lastWorkdayBeforeRest(calendar, tp().clock.now());
    lastDay = new Date(Date.parse(`${day}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    await tp().clock.advanceTo(wallClock(calendar, day, '10:00'));
  });

  /** A full-page shot from the top: scrolled down, the sticky top bar would lie across the page. */
  const shot = async (page: Page, name: string): Promise<void> => {
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, name);
  };
  /** The text of a KPI tile's value. */
  const kpi = (page: Page, key: string): Locator => page.locator(`[data-testid=kpi-${key}] .tile-value`);
  const state = (page: Page, value: string): Locator => page.locator(`[data-testid=campaign-state] [data-state="${value}"]`);
  const LIVE_MS = 60_000;

  test(
    'a supervisor sets up a campaign in the wizard, imports its list, launches it and follows it live',
    async () => {
      const page = await browser().newPage();
      await logIn(page, portal().baseUrl, CAMPAIGN_MANAGER);

      // the list of campaigns, from the navigation
      await page.locator('.nav-link', { hasText: 'Campaigns' }).click();
      await page.locator('[data-testid=campaign-list], [data-testid=campaign-list-empty]').first().waitFor();
      await shot(page, 'e2e-campaigns-01-list');

      // step 1: nothing filled in yet, Next says what is missing at the fields
      await page.locator('[data-testid=new-campaign]').click();
      const wizard = page.locator('[data-testid=campaign-wizard]');
      await wizard.waitFor();
      await page.locator('[data-testid=wizard-next]').click();
      expect(await page.locator('[data-error-for=name]').textContent()).not.toBe('');
      expect(await page.locator('#cw-name:focus').count()).toBe(1);
      await shot(page, 'e2e-campaigns-02-basics-invalid');
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Kind').selectOption('payment-reminder');
      await page.getByLabel('Department').selectOption('front-office');
      await page.getByLabel('Script', { exact: true }).fill('您好，您本月的账单已出，按 1 键即可通过电话缴费。');
      await page.getByRole('radio', { name: 'Automatic', exact: true }).check();
      await page.getByLabel('Recorded message').fill('sound:payment-reminder');
      await page.getByLabel('Accept key').fill('1');
      await shot(page, 'e2e-campaigns-03-basics');
      await page.locator('[data-testid=wizard-next]').click();

      // step 2: the calling strategy, from its defaults: the mainland calendar, two waves of two
      await page.getByLabel('First day').waitFor();
      expect(await page.getByLabel('Calendar').inputValue()).toBe('cn-mainland');
      expect(await page.getByLabel('Workday window 1: from').inputValue()).toBe('09:00');
      await page.getByLabel('First day').fill(day);
      // a last day before the first: only the API knows the two belong together
      await page.getByLabel('Last day').fill(dayBefore(day));
      await page.getByLabel('Contacts per wave').fill('2');
      await page.getByLabel('Minutes between waves').fill('1');
      await shot(page, 'e2e-campaigns-04-strategy');
      await page.locator('[data-testid=wizard-next]').click();

      // step 3: the list; its first rows and the suggested mapping show
      await page.locator('[data-testid=list-file]').setInputFiles({ name: '缴费提醒名单.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      const preview = page.locator('[data-testid=list-preview]');
      await preview.waitFor();
      expect(await preview.locator('tbody tr').count()).toBe(6);
      expect(await page.getByLabel('Phone number').inputValue()).toBe('手机号码');
      expect(await page.getByLabel('Customer name').inputValue()).toBe('姓名');
      expect(await page.getByLabel('Customer id').inputValue()).toBe('客户编号');
      expect(await page.getByRole('checkbox', { name: '欠费金额' }).isChecked()).toBe(true);
      expect(await preview.locator('thead th.mapped').allTextContents()).toEqual(['手机号码phone', '姓名name', '客户编号customer id', '欠费金额kept']);
      await shot(page, 'e2e-campaigns-05-list-mapping');
      await page.locator('[data-testid=wizard-next]').click();

      // step 4: the review, then the campaign is created and its list imported and filtered
      const review = page.locator('[data-testid=review]');
      await review.waitFor();
      expect(await review.textContent()).toContain(name);
      await shot(page, 'e2e-campaigns-06-review');
      await page.locator('[data-testid=wizard-next]').click();

      // the API refuses the days: the wizard is back at step 2, the reason at the field
      const lastDayError = page.locator('[data-error-for=lastDay]');
      await lastDayError.filter({ hasText: 'lastDay must not be before firstDay' }).waitFor();
      expect(await page.locator('#cw-lastDay:focus').count()).toBe(1);
      await shot(page, 'e2e-campaigns-07-refused');
      await page.getByLabel('Last day').fill(lastDay);
      expect(await lastDayError.textContent()).toBe('');
      await page.locator('[data-testid=wizard-next]').click();
      await preview.waitFor();
      await page.locator('[data-testid=wizard-next]').click();
      await review.waitFor();
      await page.locator('[data-testid=wizard-next]').click();
      const report = await filteringReport(page);
      expect(await report.locator('[data-testid=rows-read] .tile-value').textContent()).toBe('6');
      expect(await report.locator('[data-testid=eligible] .tile-value').textContent()).toBe('4');
      expect(await report.locator('[data-testid=filtered] .tile-value').textContent()).toBe('2');
      expect(await report.locator('[data-testid=filtered-rows] tbody tr').allInnerTexts()).toEqual(['4\t12345\tInvalid number', `6\t${number(1)}\tDuplicate in the list`]);
      await shot(page, 'e2e-campaigns-08-imported');

      // the filtered rows as CSV: the file's rows, the numbers as written, and why
      const downloading = page.waitForEvent('download');
      await report.locator('[data-testid=filtered-csv]').click();
      const file = await downloading;
      const saved = `${SCREENSHOT_DIR}/campaign-filtered.csv`;
      await file.saveAs(saved);
      expect((await readFile(saved, 'utf8')).trim().split('\r\n')).toEqual(['row,phone,reason', '4,12345,invalid-number', `6,${number(1)},duplicate`]);

      // when launched, the campaign's page follows the calls: the first wave of two succeeds
      await page.locator('[data-testid=launch]').click();
      await page.waitForURL(/#\/campaigns\/CP-\d{8}-\d{3}$/);
      campaignId = decodeURIComponent(page.url().split('/').pop()!);
      await state(page, 'running').waitFor();
      expect(await kpi(page, 'eligible').textContent()).toBe('4');
      expect(await kpi(page, 'filtered').textContent()).toBe('2');
      await page.locator('[data-testid=kpi-success] .tile-value', { hasText: '2' }).waitFor({ timeout: LIVE_MS });
      expect(await kpi(page, 'launched').textContent()).toBe('2');
      expect(await kpi(page, 'remaining').textContent()).toBe('2');
      expect(await page.locator('figure.chart rect.chart-part-success').count()).toBe(1);
      await shot(page, 'e2e-campaigns-09-progress');

      // pause: no further wave; resume: the next wave goes out at once, and succeeds too
      await page.locator('[data-command=pause]').click();
      await state(page, 'paused').waitFor();
      expect(await page.locator('[data-command=resume]').count()).toBe(1);
      await shot(page, 'e2e-campaigns-10-paused');
      await page.locator('[data-command=resume]').click();
      await state(page, 'running').waitFor();
      await page.locator('[data-testid=kpi-success] .tile-value', { hasText: '4' }).waitFor({ timeout: LIVE_MS });

      // a minute later the campaign sees every contact done and finishes
      await tp().clock.advance(61_000);
      await state(page, 'finished').waitFor({ timeout: LIVE_MS });
      expect(await kpi(page, 'remaining').textContent()).toBe('0');
      const actions = await Promise.all((await page.locator('[data-testid=history] [data-action]').all()).map((item) => item.getAttribute('data-action')));
      expect(actions).toEqual(
        expect.arrayContaining(['created', 'list-imported', 'launched', 'paused', 'resumed', 'finished']),
      );
      expect(await page.locator('[data-command]').count()).toBe(0);
      await shot(page, 'e2e-campaigns-11-finished');
    },
    240_000,
  );

  test('an auditor reads the campaigns and the campaign, without commands', async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'auditor-1');
    await page.locator('.nav-link', { hasText: 'Campaigns' }).click();
    const row = page.locator('[data-testid=campaign-list] tbody tr', { hasText: campaignId });
    await row.waitFor();
    expect(await page.locator('[data-testid=new-campaign]').count()).toBe(0);
    expect(await row.textContent()).toContain(name);
    await shot(page, 'e2e-campaigns-12-auditor-list');

    await row.locator('a').first().click();
    await state(page, 'finished').waitFor();
    await page.locator('[data-testid=read-only]').waitFor();
    expect(await page.locator('[data-command]').count()).toBe(0);
    expect(await page.locator('[data-testid=import-list]').count()).toBe(0);
    // the filtering report, with the numbers masked for an auditor
    const filtered = page.locator('[data-testid=filtered-rows] tbody tr');
    await filtered.first().waitFor();
    expect(await filtered.count()).toBe(2);
    expect(await filtered.nth(1).textContent()).not.toContain(number(1));
    await shot(page, 'e2e-campaigns-13-auditor-campaign');

    // the wizard is not theirs, even by its address
    await page.goto(`${portal().baseUrl}/#/campaigns/new`);
    await page.locator('[data-testid=not-allowed]').waitFor();
    expect(await page.locator('[data-testid=campaign-wizard]').count()).toBe(0);
  });

  test('a campaign set up before gets its list from its page, and is stopped after a confirmation', async () => {
    // given a preview campaign created through the API, with no list yet
    const id = await createCampaign(tp(), campaignSettings(day, lastDay, { name: `Care calls ${run}`, kind: 'care', dialMode: 'preview', ivr: undefined, agentTeam: 'hotline-agents' }));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['Mobile', 'Customer name', 'Offer']);
    [[Number(number(11)), '赵敏', '5G upgrade'], [Number(number(12)), '钱磊', '5G upgrade'], [Number(number(11)), '赵敏', 'again']].forEach((row) => sheet.addRow(row));
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());

    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, CAMPAIGN_MANAGER);
    await page.goto(`${portal().baseUrl}/#/campaigns/${id}`);
    await page.locator('[data-testid=no-list]').waitFor();

    // when the manager imports a workbook from the campaign's page: steps 3 and 4 of the wizard
    await page.locator('[data-testid=import-list]').click();
    await page.locator('[data-testid=list-file]').setInputFiles({ name: 'care.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
    await page.locator('[data-testid=list-preview]').waitFor();
    expect(await page.getByLabel('Phone number').inputValue()).toBe('Mobile');
    expect(await page.getByRole('combobox', { name: 'Customer name' }).inputValue()).toBe('Customer name');
    expect(await page.locator('.wizard-steps .is-done').count()).toBe(2);
    await page.locator('[data-testid=wizard-next]').click();
    expect(await page.locator('[data-testid=wizard-next]').textContent()).toBe('Import the list');
    await page.locator('[data-testid=wizard-next]').click();
    const report = await filteringReport(page);
    expect(await report.locator('[data-testid=eligible] .tile-value').textContent()).toBe('2');

    // then the campaign is ready; the stop asks first, and a cancel changes nothing
    await page.locator('[data-testid=open-campaign]').click();
    await state(page, 'ready').waitFor();
    await page.locator('[data-command=stop]').click();
    const dialog = page.locator('[data-testid=confirm-dialog]');
    await dialog.waitFor();
    await shot(page, 'e2e-campaigns-14-stop-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await state(page, 'ready').count()).toBe(1);
    await page.locator('[data-command=stop]').click();
    await dialog.getByLabel('Note for the history (optional)').fill('The offer was withdrawn.');
    await dialog.locator('[data-testid=confirm-command]').click();
    await state(page, 'stopped').waitFor();
    expect(await page.locator('[data-testid=history] [data-action=stopped]').textContent()).toContain('The offer was withdrawn.');
    expect(await page.locator('[data-command]').count()).toBe(0);
    // and a stopped campaign takes no list
    await page.goto(`${portal().baseUrl}/#/campaigns/${id}/list`);
    await page.locator('[data-testid=wizard-refused]').waitFor();
  });
});
