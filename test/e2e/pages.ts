import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../runtime/demo-identity';

/** How long a step may take to show up: the engine and the workers move the work order on. */
export const STEP_TIMEOUT_MS = 30_000;

/** Opens the portal in `page` and logs in; resolves once the first page after login shows. */
export async function logIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form.login-form button[type=submit]').click();
  await page.locator('.user-name').waitFor({ timeout: 10_000 });
}

export async function openWorkOrder(page: Page, baseUrl: string, workOrderId: string): Promise<void> {
  await page.goto(`${baseUrl}/#/work-orders/${workOrderId}`);
  await page.locator('.wo-header, [data-testid=not-found]').first().waitFor();
}

/** The diagram's shape or flow with this BPMN element id. */
export function diagramElement(page: Page, elementId: string): Locator {
  return page.locator(`[data-testid=diagram] .djs-element[data-element-id="${elementId}"]`);
}

/** Whether the diagram marks `elementId` with `marker`: `cl-active` (current step) or `cl-done`. */
export async function hasMarker(page: Page, elementId: string, marker: 'cl-active' | 'cl-done'): Promise<boolean> {
  const element = diagramElement(page, elementId);
  if ((await element.count()) === 0) return false;
  return ((await element.first().getAttribute('class')) ?? '').split(/\s+/).includes(marker);
}

/** Whether the diagram marks `elementId` as a current step. */
export function isActive(page: Page, elementId: string): Promise<boolean> {
  return hasMarker(page, elementId, 'cl-active');
}

export async function statusOf(page: Page): Promise<string | null> {
  return page.locator('[data-testid=status] [data-status]').getAttribute('data-status');
}

/**
 * Reloads the work-order page until `ready` holds: the engine completes a step after the API
 * answers, so the page that reloaded after an action may still show the step before.
 */
export async function untilShown(page: Page, ready: () => Promise<boolean>, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.locator('.wo-header, [data-testid=not-found]').first().waitFor();
    // the diagram renders after the header; give it its moment before judging
    await page.locator('[data-testid=diagram] .djs-element').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`not shown within ${timeoutMs} ms: ${what}`);
    await page.waitForTimeout(500);
    await page.reload();
  }
}

/** Clicks the action's button, fills its dialog with `fill`, sends it and waits for the dialog to close. */
export async function act(page: Page, action: string, fill: (dialog: Locator) => Promise<void> = () => Promise.resolve()): Promise<void> {
  await page.locator(`[data-testid=actions] [data-action="${action}"]`).click();
  const dialog = page.locator(`dialog[open][data-action="${action}"]`);
  await dialog.waitFor();
  await fill(dialog);
  await dialog.locator('[data-testid=action-submit]').click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
}

/** Waits until the inbox (after refreshes) lists `workOrderId`; returns its row. */
export async function inboxRow(page: Page, workOrderId: string, timeoutMs = STEP_TIMEOUT_MS): Promise<Locator> {
  const row = page.locator('[data-testid=inbox] tbody tr', { hasText: workOrderId });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.locator('[data-testid=inbox], [data-testid=inbox-empty]').first().waitFor();
    if ((await row.count()) > 0) return row.first();
    if (Date.now() > deadline) throw new Error(`${workOrderId} did not reach the inbox within ${timeoutMs} ms`);
    await page.waitForTimeout(500);
    await page.locator('[data-testid=inbox-refresh]').click();
    await page.locator('[data-testid=inbox-refresh]:not([disabled])').waitFor();
  }
}

/** Switches the portal's language with the top bar's switcher; resolves once the page speaks it. */
export async function chooseLanguage(page: Page, locale: 'zh-CN' | 'en'): Promise<void> {
  await page.locator('#language-select').selectOption(locale);
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
}
