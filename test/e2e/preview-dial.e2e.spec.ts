import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Platform } from '../../services/compose';
import { ensureBatchDirs } from '../../services/batch-dirs';
import type { CallListener } from '../../services/call-listener';
import { screenshot, useBrowser } from '../support/browser';
import { deployPreviewFixture, fixtureVariables, PREVIEW_PROCESS_ID, previewOf } from '../support/preview-tasks';
import { batchLine, batchName, useBatchEnvironment, writeBatch } from '../support/subscriber-batch';
import { telephonyPeer } from '../support/telephony-peer';
import { raiseWorkOrder } from '../support/work-orders';
import { logIn, STEP_TIMEOUT_MS } from './pages';
import { usePortal } from './portal-server';

/**
 * Preview dialing in a real browser against the real platform: a callback process hands a
 * customer to the hotline team, an agent takes them, calls, and records that the customer is
 * not satisfied and why; the process goes on with exactly that.
 */
describe('preview dialing in the portal', () => {
  useBatchEnvironment();
  let listener: CallListener | undefined;
  afterAll(async () => {
    await listener?.close();
  });
  const portal = usePortal();
  const browser = useBrowser();
  const platform = (): Platform => {
    const served = portal().platform;
    if (!served) throw new Error('this file prepares data through its own platform; it does not run against an external server');
    return served.platform;
  };

  afterAll(() => {
    expect(browser().pageErrors).toEqual([]);
  });

  const phone = `1396664${randomInt(1000, 9999)}`;
  const custId = `73${randomInt(10_000, 99_999)}`;

  beforeAll(async () => {
    listener = platform().listenToCalls();
    await deployPreviewFixture(platform().zeebe);
    const importer = platform().subscriberImports;
    await ensureBatchDirs(importer.dirs);
    for (const [code, line] of [
      ['00101', batchLine('00101', { custId, name: '周婷', group: '01' })],
      ['00201', batchLine('00201', { subscriberId: Number(custId) + 1, custId, svcNum: phone })],
    ] as const) {
      await importer.importFile(await writeBatch(importer.dirs.work, batchName(code), [line]), { source: 'cli' });
    }
    // the customer stays on the line a moment, so the card shows the call connected
    // (longer than a few of the card's 1-s polls, so a slow machine still sees it)
    await telephonyPeer.setRule(phone, { outcome: 'answered', ringMs: 300, talkMs: 4_000 });
  });

  /** Refreshes the queue until it lists this test's customer (another file's may be listed already). */
  async function untilQueued(page: Page): Promise<void> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while ((await page.locator('[data-testid=preview-queue] li', { hasText: '周婷' }).count()) === 0) {
      if (Date.now() > deadline) throw new Error('no customer reached the preview queue');
      await page.waitForTimeout(500);
      await page.locator('[data-testid=preview-refresh]').click();
      await page.locator('[data-testid=preview-refresh]:not([disabled])').waitFor();
    }
  }

  test(
    'an agent takes the next customer, calls, and records "not satisfied" with a reason',
    async () => {
      // given a callback of a work order, handed to the hotline team
      const { workOrderId } = await raiseWorkOrder(portal().platform!.app);
      const callableUntil = new Date(platform().clock.now().getTime() + 3 * 60 * 60_000).toISOString();
      const preview = previewOf({ phone, custId, workOrderId, attempt: 2, title: 'Callback: double charge on top-up', callableUntil });
      const finished = platform()
        .zeebe.createProcessInstanceWithResult({ bpmnProcessId: PREVIEW_PROCESS_ID, variables: fixtureVariables(preview), requestTimeout: 110_000 })
        .then((r) => r.variables as Record<string, unknown>);
      finished.catch(() => undefined);

      // when the agent opens Preview dialing
      const page = await browser().newPage();
      await logIn(page, portal().baseUrl, 'agent-0101');
      await page.locator('.nav-link', { hasText: 'Preview dialing' }).click();
      await untilQueued(page);
      expect(await page.locator('[data-testid=preview-queue]').textContent()).toContain('周婷');
      await screenshot(page, 'e2e-preview-01-queue');

      // and takes the next customer
      await page.locator('[data-testid=next-customer]').click();
      const card = page.locator('[data-testid=preview-card]');
      await card.waitFor();

      // then the card shows the customer, the work order, the script and the attempt
      expect(await card.locator('[data-testid=phone]').textContent()).toContain(phone);
      expect(await card.locator('[data-testid=customer-name]').textContent()).toContain('周婷');
      expect(await card.locator('[data-testid=work-order]').textContent()).toContain(workOrderId);
      expect(await card.locator('[data-testid=attempt]').textContent()).toBe('Attempt 2');
      expect(await card.locator('[data-testid=callable-until]').textContent()).toMatch(/^call before \d\d:\d\d$/);
      expect(await card.locator('[data-testid=script]').textContent()).toBe(preview.script);
      await screenshot(page, 'e2e-preview-02-card');

      // when the agent calls
      await card.locator('[data-testid=dial]').click();
      await card.locator('[data-testid=call-status]', { hasText: 'Connected' }).waitFor({ timeout: 15_000 });
      await card.locator('[data-testid=call-status]', { hasText: 'Call ended: Answered' }).waitFor({ timeout: 15_000 });

      // then the call's outcome is chosen already; the agent says the customer is not satisfied
      expect(await card.locator('input[name=attemptOutcome][value=answered]').isChecked()).toBe(true);
      await card.getByRole('radio', { name: 'Not satisfied' }).check();
      await card.locator('[data-testid=record-result]').click();
      // without a reason the form says what is missing and sends nothing
      await card.locator('.form-problem .message-error').waitFor();
      await card.locator('#preview-reason:focus').waitFor();
      await card.getByLabel('Why is the customer not satisfied?').fill('The second charge is still on the bill.');
      // the sticky top bar would cover the card's head in a full-page shot taken scrolled down
      await page.locator('h1').scrollIntoViewIfNeeded();
      await screenshot(page, 'e2e-preview-03-result');
      await card.locator('[data-testid=record-result]').click();

      // then the result is recorded, the queue is empty, and the process got exactly that
      await page.locator('#messages .message-info', { hasText: 'Reached the customer, Not satisfied' }).waitFor();
      await page.locator('[data-testid=preview-queue-empty]').waitFor();
      await screenshot(page, 'e2e-preview-04-done');
      expect(await finished).toMatchObject({ attemptOutcome: 'answered', answer: 'not-satisfied', answerReason: 'The second charge is still on the bill.', callId: expect.stringMatching(/^call-/) });
    },
    120_000,
  );
});
