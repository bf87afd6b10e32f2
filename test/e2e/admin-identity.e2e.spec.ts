import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { LOOPBACK, TEST_PROFILE } from '../../config/local-profiles';
import { isSecret } from '../../domain/oa/signature';
import { screenshot, useBrowser } from '../support/browser';
import type { TestPlatform } from '../support/test-platform';
import { apiAs, raiseWorkOrder, recordWhere } from '../support/work-orders';
import { chooseLanguage, logIn } from './pages';
import { usePortal } from './portal-server';

/** The local OA peer process of the test profile. */
const PEER = `http://${LOOPBACK}:${TEST_PROFILE.peers.oa}`;
const ENDPOINT = 'e2e-branch-oa';
const DESKTOP = { width: 1360, height: 900 };

/**
 * The administration screens in Chromium: an admin creates a handler who then works in their
 * department's inbox, disables them (their open session ends), rotates an OA secret (shown
 * once) and re-sends an OA push that died. Screens in English and Chinese.
 */
const describeLocal = process.env.CLOSELOOP_E2E_BASE_URL ? describe.skip : describe;

describeLocal('administration: identity and integrations', () => {
  afterAll(async () => {
    // other files route to branch-010-network and expect its Closeloop inbox
    await tp().platform.oa.removeEndpoint(ENDPOINT);
  });
  const portal = usePortal();
  const browser = useBrowser();
  const tp = (): TestPlatform => portal().platform!;
  const run = randomBytes(3).toString('hex');
  const username = `e2e-handler-${run}`;
  const PASSWORD = 'e2e-first-password';
  let admin: Page;

  afterAll(() => {
    expect(browser().pageErrors).toEqual([]);
  });

  const open = async (page: Page, hash: string, ready: string): Promise<void> => {
    await page.goto(`${portal().baseUrl}/${hash}`);
    await page.locator(ready).first().waitFor();
  };

  /** Waits until the view drew itself again in the language just chosen: its heading, then its list. */
  const rerendered = async (page: Page, heading: string, ready: string): Promise<void> => {
    await page.locator('h1', { hasText: heading }).waitFor();
    await page.locator(ready).first().waitFor();
  };

  it('creates a handler who sees their department inbox, then disables them and their session ends', async () => {
    admin = await browser().newPage();
    await logIn(admin, portal().baseUrl, 'admin');
    await admin.locator('nav a', { hasText: 'Users' }).click();
    await admin.locator('[data-testid=users]').waitFor();
    await screenshot(admin, 'admin-01-users-en');

    // when: the admin creates a handler in billing
    await admin.locator('[data-testid=user-create]').click();
    const dialog = admin.locator('dialog[data-testid=user-dialog]');
    await dialog.locator('#user-username').fill(username);
    await dialog.locator('#user-name').fill('Fang Lin');
    await dialog.locator('#user-unit').selectOption('billing');
    await dialog.locator('input[name=roles][value=handler]').check();
    await dialog.locator('#user-password').fill(PASSWORD);
    await screenshot(admin, 'admin-02-user-dialog-en');
    await dialog.locator('[data-testid=dialog-submit]').click();
    await dialog.waitFor({ state: 'detached' });

    // then: they sign in and see billing's inbox
    const handler = await browser().newPage();
    await logIn(handler, portal().baseUrl, username, PASSWORD);
    await handler.locator('[data-testid=inbox], [data-testid=inbox-empty]').first().waitFor();

    // when: the admin finds and disables them
    await admin.locator('#users-q').fill(username);
    await admin.locator('form[role=search] button[type=submit]').click();
    const row = admin.locator(`[data-testid=users] tr[data-username="${username}"]`);
    expect(await row.textContent()).toContain('Fang Lin');
    await row.locator('[data-action=disable]').click();
    await admin.locator('dialog[data-testid=disable-dialog] [data-testid=dialog-submit]').click();
    await row.locator('[data-action=enable]').waitFor();

    // then: their session is over: the next page they open asks them to sign in
    await handler.reload();
    await handler.locator('#login-username').waitFor();
  });

  it('shows the departments', async () => {
    await open(admin, '#/admin/departments', '[data-testid=units]');
    expect(await admin.locator('[data-testid=units] tr[data-unit=billing]').textContent()).toContain('Billing');
    await screenshot(admin, 'admin-03-departments-en');
  });

  it('rotates an OA secret and shows the new one once', async () => {
    const saved = await apiAs(tp().app, 'admin').post('/api/admin/oa/endpoints', { endpointId: ENDPOINT, name: 'Beijing branch OA', url: `${PEER}/oa/inbox`, departments: ['branch-010-network'], answerWithin: 'PT4H' });
    expect(saved.status).toBe(200);
    const secrets = saved.body.newSecrets as { signing: string; verifying: string };
    await open(admin, '#/admin/oa', '[data-testid=oa-endpoints]');
    const row = admin.locator(`tr[data-endpoint=${ENDPOINT}]`);
    expect(await row.textContent()).toContain(secrets.signing.slice(-4));
    expect(await row.textContent()).not.toContain(secrets.signing);

    await row.locator('[data-action=rotate-signing]').click();
    await admin.locator('dialog[data-testid=rotate-dialog] [data-testid=dialog-submit]').click();
    const once = admin.locator('dialog[data-testid=new-secret-dialog]');
    const secret = (await once.locator('[data-testid=new-secret]').textContent())!;
    expect(isSecret(secret)).toBe(true);
    expect(secret).not.toBe(secrets.signing);
    await screenshot(admin, 'admin-04-oa-new-secret-en');
    await once.locator('[data-testid=dialog-submit]').click();
    await once.waitFor({ state: 'detached' });
    // the list loads again: the row shows the new secret's tail beside the retiring one
    await row.filter({ hasText: secret.slice(-4) }).waitFor();
    expect(await row.textContent()).toContain(`${secrets.signing.slice(-4)} (retiring)`);
    expect(await admin.locator('body').textContent()).not.toContain(secret);
    await screenshot(admin, 'admin-05-oa-en');
    await fetch(`${PEER}/control/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pushSecrets: [secrets.signing, secret], answerSecret: secrets.verifying }) });
  });

  it('lists a push OA kept refusing as a dead letter, and re-sending it delivers it', async () => {
    // given: OA refuses every push of this work order until the retry window ends
    await fetch(`${PEER}/control/failures`, { method: 'DELETE' });
    const { workOrderId } = await raiseWorkOrder(tp().app, { contact: { region: '010', customerTier: 'standard' }, workOrder: { type: 'fault-report', category: 'broadband/no-signal', description: 'No signal on the home line.' } });
    await fetch(`${PEER}/control/fail-next`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1_000, status: 500, workOrderId }) });
    await recordWhere(tp(), workOrderId, (d) => d.oa?.stage === 'awaiting-acceptance');
    const push = async () => (await tp().platform.oa.deliveriesOf(workOrderId)).find((d) => d.type === 'work_order.dispatched');
    while ((await push())?.state !== 'dead') {
      const pending = await push();
      if (pending) await tp().clock.advanceTo(pending.nextAttemptAt, 10);
      await tp().platform.oaOutbox.drainOnce();
    }

    // when: the admin (signed in again: the clocks moved past the session) opens the dead letters
    await fetch(`${PEER}/control/failures`, { method: 'DELETE' });
    // the tab still holds the old session, whose name in the top bar would end logIn's wait
    // before the new one is in: drop it first
    await admin.evaluate('sessionStorage.clear()');
    await logIn(admin, portal().baseUrl, 'admin');
    await open(admin, '#/admin/dead-letters', '[data-testid=dead-letter-list], [data-testid=dead-letters-empty]');
    const row = admin.locator('[data-testid=dead-letter-list] tr', { hasText: workOrderId });
    expect(await row.textContent()).toContain('OA refused it');
    expect(await row.textContent()).toContain('HTTP 500');
    await screenshot(admin, 'admin-06-dead-letters-en');
    // the same list in Chinese, on a desktop and on a phone, while it still has its entry
    await chooseLanguage(admin, 'zh-CN');
    await rerendered(admin, '投递失败（死信）', '[data-testid=dead-letter-list]');
    await screenshot(admin, 'admin-14-dead-letters-zh');
    await admin.setViewportSize({ width: 375, height: 800 });
    await screenshot(admin, 'admin-19-dead-letters-375-zh');
    await admin.setViewportSize(DESKTOP);
    await chooseLanguage(admin, 'en');
    await rerendered(admin, 'Dead letters', '[data-testid=dead-letter-list]');
    await row.locator('[data-action=resend]').click();
    await row.waitFor({ state: 'detached' });

    // then: the next drain delivers it
    await tp().platform.oaOutbox.drainOnce();
    expect((await push())?.state).toBe('delivered');
    // tests cancel what they started, so no later file finds its clocks
    expect((await apiAs(tp().app, 'agent-0101').post(`/api/work-orders/${workOrderId}/cancel`, { reason: 'end of the admin e2e test' })).status).toBe(200);
  });

  it('speaks Chinese on every screen, and fits a phone', async () => {
    await chooseLanguage(admin, 'zh-CN');
    const screens: [string, string, string][] = [
      ['#/admin/users', '[data-testid=users]', 'admin-11-users-zh'],
      ['#/admin/departments', '[data-testid=units]', 'admin-12-departments-zh'],
      ['#/admin/oa', '[data-testid=oa-endpoints]', 'admin-13-oa-zh'],
      ['#/admin/dead-letters', '[data-testid=dead-letter-list], [data-testid=dead-letters-empty]', 'admin-15-dead-letters-after-resend-zh'],
      ['#/admin/mail', '[data-testid=mailbox]', 'admin-16-mailbox-zh'],
    ];
    for (const [hash, ready, name] of screens) {
      await open(admin, hash, ready);
      await screenshot(admin, name);
    }
    expect(await admin.locator('h1').first().textContent()).toBe('开发邮箱');
    await open(admin, '#/admin/oa', '[data-testid=oa-endpoints]');
    await admin.locator(`tr[data-endpoint=${ENDPOINT}] [data-action=rotate-verifying]`).click();
    await admin.locator('dialog[data-testid=rotate-dialog]').waitFor();
    await screenshot(admin, 'admin-13b-oa-rotate-zh');
    await admin.keyboard.press('Escape');
    await admin.locator('dialog[data-testid=rotate-dialog]').waitFor({ state: 'detached' });
    await open(admin, '#/admin/users', '[data-testid=users]');
    await admin.locator('[data-testid=user-create]').click();
    await screenshot(admin, 'admin-17-user-dialog-zh');
    await admin.keyboard.press('Escape');
    await admin.locator('dialog[data-testid=user-dialog]').waitFor({ state: 'detached' });
    await admin.setViewportSize({ width: 375, height: 800 });
    await screenshot(admin, 'admin-18-users-375-zh');
    await chooseLanguage(admin, 'en');
    await rerendered(admin, 'Users', '[data-testid=users]');
    await screenshot(admin, 'admin-20-users-375-en');
  });
});
