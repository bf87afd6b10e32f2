import { screenshot, SCREENSHOT_DIR, useBrowser } from '../support/browser';
import { closeTestSenders, demoAddress, downSender, drainAll, enqueueTestNotification, mailWithId, MESSAGE_ID_DOMAIN, testDrainer } from '../support/mail';
import type { TestPlatform } from '../support/test-platform';
import { stableMessageId } from '../../domain/mail/notification-mail';
import { chooseLanguage, logIn } from './pages';
import { usePortal } from './portal-server';

/**
 * The admins' mail screen in Chromium: the development mailbox (what the local SMTP peer
 * received, one message opened with its text part and its HTML part in a sandboxed frame) and
 * the dead letters with their Resend button. Needs the local test platform: the mail is made
 * by its drainer against the real SMTP peer.
 */
const describeLocal = process.env.CLOSELOOP_E2E_BASE_URL ? describe.skip : describe;

describeLocal('admin mail screen in the portal', () => {
  const portal = usePortal();
  const browser = useBrowser();
  afterAll(closeTestSenders);
  const tp = (): TestPlatform => portal().platform!;

  afterAll(() => {
    // no page error and no CSP violation in any tab (the mail's HTML included)
    expect(browser().pageErrors).toEqual([]);
  });

  it('lists the mailbox, opens a mail safely, and resends a dead letter', async () => {
    // given: a delivered assignment mail for billing-h1, and a mail whose only attempt failed
    await drainAll(testDrainer(tp()));
    const delivered = await enqueueTestNotification(tp(), { kind: 'dispatched', employees: ['billing-h1'], departments: ['billing'], subject: 'Work order WO-20260101-999999 dispatched to your department' });
    await drainAll(testDrainer(tp()));
    const dead = await enqueueTestNotification(tp(), { employees: ['cr-h1'], subject: 'Work order WO-20260101-999998 urged by the customer (2x)', workOrderId: 'WO-20260101-999998' });
    await testDrainer(tp(), { sender: await downSender(), maxAttempts: 1 }).drainOnce();
    expect((await tp().platform.mail.store.findByKey(dead))?.state).toBe('dead-letter');

    // when: the admin opens the mail screen, filtered to billing-h1
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'admin');
    await page.locator('nav a', { hasText: 'Dev mailbox' }).click();
    await page.locator('[data-testid=mailbox-list]').waitFor();
    await page.locator('form[role=search] input[name=to]').fill(demoAddress('billing-h1'));
    await page.locator('form[role=search] button[type=submit]').click();
    const link = page.locator('[data-testid=mailbox-list] a', { hasText: '【派单】工单 WO-20260101-999999' });
    await link.first().click();

    // then: the message shows its text part, and its HTML part in a frame that may run nothing
    await page.locator('[data-testid=mail-text]').waitFor();
    expect(await page.locator('[data-testid=mail-text]').textContent()).toContain('Chen Jing，您好：');
    expect(await page.locator('.mail-headers').textContent()).toContain(stableMessageId(delivered, 'billing-h1', MESSAGE_ID_DOMAIN));
    const frame = page.locator('iframe.mail-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await page.frameLocator('iframe.mail-html').locator('p').first().textContent()).toBe('Chen Jing，您好：');
    await screenshot(page, 'mail-01-admin-mail');
    // a full-page screenshot leaves the sandboxed frame (another process) blank: the frame on its own
    await frame.screenshot({ path: `${SCREENSHOT_DIR}/mail-02-html-part.png` });

    // when: the admin resends the dead letter from the dead letters' Mail tab
    await page.goto(`${portal().baseUrl}/#/admin/dead-letters?tab=mail`);
    const row = page.locator(`[data-testid=dead-letter-list] tr[data-id="${dead}"]`);
    expect(await row.textContent()).toContain('Mail server failed');
    await screenshot(page, 'mail-03-dead-letters-en');
    await chooseLanguage(page, 'zh-CN');
    await row.filter({ hasText: '邮件服务器失败' }).waitFor();
    await screenshot(page, 'mail-04-dead-letters-zh');
    await page.goto(`${portal().baseUrl}/#/admin/mail`);
    await page.locator('[data-testid=mailbox-list]').waitFor();
    await screenshot(page, 'mail-05-admin-mail-zh');
    await chooseLanguage(page, 'en');
    await page.goto(`${portal().baseUrl}/#/admin/dead-letters?tab=mail`);
    await row.locator('[data-action=resend]').click();
    await row.waitFor({ state: 'detached' });
    await drainAll(testDrainer(tp()));

    // then: it arrives, once
    expect(await mailWithId(demoAddress('cr-h1'), stableMessageId(dead, 'cr-h1', MESSAGE_ID_DOMAIN))).toHaveLength(1);
  });

  it('shows the mail screen to admins only', async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'billing-h1');
    expect(await page.locator('nav a', { hasText: 'Dev mailbox' }).count()).toBe(0);
    await page.goto(`${portal().baseUrl}/#/admin/mail`);
    await page.locator('[data-testid=not-allowed]').waitFor();
  });
});
