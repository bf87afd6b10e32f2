import type { Page } from 'playwright-core';
import request from 'supertest';
import { screenshot, useBrowser } from '../support/browser';
import type { TestPlatform } from '../support/test-platform';
import { atStep, raiseWorkOrder } from '../support/work-orders';
import { chooseLanguage, logIn } from './pages';
import { usePortal } from './portal-server';

/** What each role finds in the navigation (sections of portal/src/routes.js), in the order shown. */
const NAVIGATION: Record<string, string[]> = {
  'agent-0101': ['inbox', 'work-orders', 'new', 'preview-dial'],
  'billing-h1': ['inbox', 'work-orders'],
  'billing-sup': ['inbox', 'work-orders', 'campaigns', 'sla-compliance', 'sla-breaches'],
  'auditor-1': ['work-orders', 'campaigns', 'sla-compliance', 'sla-breaches', 'designer'],
  'designer-1': ['designer'],
  admin: [
    'work-orders', 'campaigns', 'sla-compliance', 'sla-breaches', 'designer',
    'admin-users', 'admin-departments', 'admin-sla', 'admin-calendars', 'admin-mail-templates', 'admin-oa', 'admin-dead-letters', 'admin-mail',
  ],
};

const LANGUAGES = ['en', 'zh-CN'] as const;

/** Resolves once the screen of `section` has drawn itself (the shell marks the view busy while it loads). */
async function screenShown(page: Page, section = ''): Promise<void> {
  const view = section ? `#view[data-view="${section}"]` : '#view';
  await page.locator(`${view}:not([aria-busy]):not(:has(.loading)) h1`).first().waitFor();
}

/** The bearer token the tab holds (sessionStorage), or '' when signed out. */
async function tokenOf(page: Page): Promise<string> {
  const stored = await page.evaluate<string | null>("sessionStorage.getItem('closeloop.session')");
  return stored ? (JSON.parse(stored) as { token: string }).token : '';
}

const focusedId = (page: Page): Promise<unknown> => page.evaluate('document.activeElement && document.activeElement.id');

async function navigationOf(page: Page): Promise<string[]> {
  const links = await page.locator('#nav .nav-link').all();
  return Promise.all(links.map(async (link) => (await link.getAttribute('data-section')) ?? ''));
}

/**
 * The shell in Chromium: each role's navigation and its screens in both languages (the
 * screenshots are the tour a reviewer looks at), a screen a role may not use, the end of a
 * session (the browser's and the platform's clocks moved together), and the narrow layout.
 */
describe('portal shell', () => {
  const portal = usePortal();
  const browser = useBrowser();
  const tp = (): TestPlatform => portal().platform!;

  beforeAll(async () => {
    // a work order waiting in the billing department, so the inboxes and lists are not empty
    const { workOrderId } = await raiseWorkOrder(tp().app);
    await atStep(tp(), workOrderId, 'Activity_Accept');
  });

  test.each(Object.entries(NAVIGATION))('%s sees only what the role may use, in both languages', async (user, sections) => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, user);
    expect(await navigationOf(page)).toEqual(sections);

    for (const lang of LANGUAGES) {
      await chooseLanguage(page, lang);
      await page.goto(`${portal().baseUrl}/#/`);
      await screenShown(page);
      await screenshot(page, `shell-${lang}-${user}-home`);
      for (const section of sections) {
        await page.locator(`#nav .nav-link[data-section="${section}"]`).click();
        await screenShown(page, section);
        expect(await page.locator(`#nav .nav-link[aria-current=page]`).getAttribute('data-section')).toBe(section);
        await screenshot(page, `shell-${lang}-${user}-${section}`);
      }
    }
    const texts = await page.locator('#nav .nav-link').allTextContents();
    // the last pass ran in Chinese: no English label left in the navigation
    expect(texts.filter((text) => /[a-z]{3,}/i.test(text.replace(/SLA|OA/g, '')))).toEqual([]);
    await chooseLanguage(page, 'en');
    await page.close();
  });

  test("a screen the role may not use says so instead of failing, and the API refuses it too", async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'billing-h1');
    await page.goto(`${portal().baseUrl}/#/campaigns`);

    await page.locator('[data-testid=not-allowed]').waitFor();
    expect(await page.locator('#nav .nav-link[data-section=campaigns]').count()).toBe(0);
    const refused = await request(tp().app).get('/api/campaigns').set('Authorization', `Bearer ${await tokenOf(page)}`);
    expect(refused.status).toBe(403);
    await page.close();
  });

  test('the end of a session is announced, "stay signed in" renews it, and once it ends the sign-in page says why', async () => {
    const page = await browser().newPage();
    const clock = tp().clock;
    // the browser's clock starts where the platform's is (the engine's offset included) and moves with it
    await page.clock.install({ time: clock.now() });
    await logIn(page, portal().baseUrl, 'billing-h1');
    const moveBoth = async (ms: number): Promise<void> => {
      await clock.advance(ms);
      await page.clock.fastForward(ms);
    };
    const hours8 = 8 * 3_600_000;

    await moveBoth(hours8 - 4 * 60_000);
    const banner = page.locator('.session-banner');
    await banner.waitFor();
    await screenshot(page, 'shell-en-session-ending');
    await banner.getByRole('button', { name: 'Stay signed in' }).click();
    await banner.waitFor({ state: 'detached' });

    // the renewed session lasts a full 8 hours from the renewal: 6 minutes on, it is still there
    await moveBoth(6 * 60_000);
    await page.locator('#nav .nav-link[data-section="work-orders"]').click();
    await screenShown(page);
    expect(await page.locator('.user-name').count()).toBe(1);

    await moveBoth(hours8);
    await page.locator('form.login-form').waitFor();
    expect(await page.locator('.login-form [role=status]').textContent()).toBe('Your session has ended. Please sign in again.');
    expect(await tokenOf(page)).toBe('');
    await page.close();
  });

  test('signing out ends the session on the server too', async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'auditor-1');
    const token = await tokenOf(page);

    await page.locator('[data-testid=sign-out]').click();

    await page.locator('form.login-form').waitFor();
    expect(await page.locator('.login-form [role=status]').textContent()).toBe('You have signed out.');
    expect((await request(tp().app).get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    await page.close();
  });

  test('on a phone the navigation is a menu, and the keyboard reaches the content first', async () => {
    const page = await browser().newPage();
    await page.setViewportSize({ width: 375, height: 780 });
    await logIn(page, portal().baseUrl, 'billing-sup');
    await chooseLanguage(page, 'zh-CN');
    await screenShown(page);
    const nav = page.locator('#nav');
    expect(await nav.isVisible()).toBe(false);

    await page.locator('#menu-toggle').click();
    expect(await page.locator('#menu-toggle').getAttribute('aria-expanded')).toBe('true');
    await nav.waitFor({ state: 'visible' });
    await screenshot(page, 'shell-zh-CN-phone-menu');
    await page.locator('#nav .nav-link[data-section="sla-breaches"]').click();
    await screenShown(page, 'sla-breaches');
    expect(await nav.isVisible()).toBe(false);
    await screenshot(page, 'shell-zh-CN-phone-breaches');

    // on a freshly loaded page the first Tab lands on the skip link, which moves the focus into the content
    await page.reload();
    await screenShown(page, 'sla-breaches');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('view');
    expect(await page.evaluate('location.hash')).toBe('#/sla/breaches');
    await chooseLanguage(page, 'en');
    await page.close();
  });
});
