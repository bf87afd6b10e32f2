import express from 'express';
import request from 'supertest';
import { portalRouter, PORTAL_CSP } from '../../api/portal.router';
import { screenshot, useBrowser } from '../support/browser';
import { logIn } from './pages';
import { usePortal } from './portal-server';

describe('portal files', () => {
  // given: the router in front of a stand-in for the API's own 404
  const app = express()
    .use(portalRouter())
    .use((_req, res) => {
      res.status(404).json({ code: 'ROUTE_NOT_FOUND' });
    });

  test('serves the page at / with the portal policy', async () => {
    const res = await request(app).get('/');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(PORTAL_CSP);
    expect(res.headers['cache-control']).toBe('public, max-age=0');
    expect(res.text).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
  });

  test('serves the bundles Vite built, cached for a year under names that change with their content', async () => {
    const page = await request(app).get('/');
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(page.text)?.[1] ?? '';
    const bundle = await request(app).get(script);
    const missing = await request(app).get('/assets/index-00000000.js');

    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(missing.status).toBe(404);
  });

  test('the policy allows scripts only from the origin, inline styles for bpmn-js, and data: images', () => {
    expect(PORTAL_CSP).toContain("script-src 'self'");
    expect(PORTAL_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(PORTAL_CSP).toContain("style-src 'self' 'unsafe-inline'");
    expect(PORTAL_CSP).toContain("img-src 'self' data:");
    expect(PORTAL_CSP).toContain("connect-src 'self'");
  });

  test('leaves everything else to the API: its routes, other methods, files that are not part of the page', async () => {
    const api = await request(app).get('/api/work-orders');
    const post = await request(app).post('/').send({});
    const tsconfig = await request(app).get('/tsconfig.json');

    expect(api.status).toBe(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
    expect(post.status).toBe(404);
    expect(tsconfig.status).toBe(404);
  });
});

describe('login page in the browser', () => {
  const portal = usePortal();
  const browser = useBrowser();

  test('a wrong password shows the API problem; the right one shows the user and role in the top bar', async () => {
    // given
    const page = await browser().newPage();
    await page.goto(`${portal().baseUrl}/`);

    // when
    await page.locator('#login-username').fill('billing-h1');
    await page.locator('#login-password').fill('not-the-password');
    await page.locator('form.login-form button[type=submit]').click();

    // then
    const problem = page.locator('.form-problem .message-error');
    await problem.waitFor();
    expect(await problem.locator('.message-title').textContent()).toBeTruthy();
    await screenshot(page, 'e2e-00-login-failed');

    // when
    await logIn(page, portal().baseUrl, 'billing-h1');

    // then
    expect(await page.locator('[data-testid=user-role]').getAttribute('data-roles')).toBe('handler');
    expect(await page.locator('[data-testid=user-role]').textContent()).toBe('Handler');
    expect(page.url()).toMatch(/#\/inbox$/);

    // when: log out
    await page.locator('[data-testid=sign-out]').click();

    // then
    await page.locator('#login-username').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(browser().pageErrors).toEqual([]);
  });
});
