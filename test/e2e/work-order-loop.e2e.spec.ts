import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from '../support/browser';
import { act, hasMarker, inboxRow, isActive, logIn, openWorkOrder, statusOf, untilShown } from './pages';
import { usePortal } from './portal-server';

/**
 * The closed loop in a real browser against the real platform: an agent opens a work order,
 * the billing department accepts and handles it, the agent verifies it with the customer and
 * it closes. Steps run in order and share the work order; a step says so when an earlier one
 * did not get that far.
 */
describe('closed loop in the portal', () => {
  const portal = usePortal();
  const browser = useBrowser();
  const STEP_MS = 120_000;

  let agentPage: Page;
  let workOrderId: string | undefined;
  const created = (): string => {
    if (!workOrderId) throw new Error('no work order: the agent step did not create one');
    return workOrderId;
  };

  afterAll(() => {
    // no page error and no CSP violation in any tab of the whole scenario
    expect(browser().pageErrors).toEqual([]);
  });

  test(
    'an agent records a contact and opens a work order from it',
    async () => {
      // given
      agentPage = await browser().newPage();
      await logIn(agentPage, portal().baseUrl, 'agent-0101');
      expect(await agentPage.locator('[data-testid=user-role]').getAttribute('data-roles')).toBe('agent');

      // when
      await agentPage.locator('.nav-link', { hasText: 'New work order' }).click();
      const form = agentPage.locator('form.new-form');
      await form.locator('[name=customerId]').fill('C-3000001');
      await form.locator('[name=customerName]').fill('Wang Fang 王芳');
      await form.locator('[name=customerTier]').selectOption('standard');
      await form.locator('[name=region]').fill('021');
      await form.locator('[name=phone]').fill('13912345678');
      await form.locator('[name=channel]').selectOption('hotline');
      await form.locator('[name=summary]').fill('Charged twice for one top-up');
      await form.locator('[name=type]').selectOption('complaint');
      await form.locator('[name=category]').fill('billing/charge-dispute');
      await form.locator('[name=description]').fill('The customer topped up 100 CNY once on 18 Nov and was charged twice.');
      // a phone number the API refuses: its problem shows, next to the field too
      await form.locator('[name=phone]').fill('12');
      await form.locator('[data-testid=create-work-order]').click();
      await form.locator('.form-problem .message-error').waitFor();
      expect(await form.locator('[data-error-for=phone]').textContent()).not.toBe('');
      await screenshot(agentPage, 'e2e-01-new-work-order-refused');
      await form.locator('[name=phone]').fill('13912345678');
      await form.locator('[data-testid=create-work-order]').click();

      // then: the new work order's page
      await agentPage.waitForURL(/#\/work-orders\/WO-\d{8}-\d{6}$/, { timeout: 15_000 });
      workOrderId = decodeURIComponent(agentPage.url().split('/').pop()!);
      await agentPage.locator('.wo-header h1', { hasText: workOrderId }).waitFor();
      expect(await agentPage.locator('[data-testid=customer]').textContent()).toContain('Wang Fang');
      await screenshot(agentPage, 'e2e-02-created');
    },
    STEP_MS,
  );

  test(
    'the billing handler finds it in the department inbox, accepts it and writes feedback',
    async () => {
      // given
      const id = created();
      const page = await browser().newPage();
      await logIn(page, portal().baseUrl, 'billing-h1');

      // when: the department inbox lists it once the engine has routed it
      const row = await inboxRow(page, id);
      expect(await row.locator('[data-step]').getAttribute('data-step')).toBe('Activity_Accept');
      await screenshot(page, 'e2e-03-inbox');
      await row.click();

      // then: the diagram shows the Accept step as the current one
      await page.waitForURL(new RegExp(`#/work-orders/${id}$`));
      await untilShown(page, () => isActive(page, 'Activity_Accept'), 'Activity_Accept highlighted');
      // a handler sees the customer's phone masked; the owning agent saw it whole
      expect(await page.locator('[data-testid=customer]').textContent()).toContain('139****5678');
      expect(await isActive(page, 'Activity_Handle')).toBe(false);
      await screenshot(page, 'e2e-04-at-accept');

      // and a second tab of the same handler still shows the Accept step
      const stale = await browser().newPage();
      await logIn(stale, portal().baseUrl, 'billing-h1');
      await openWorkOrder(stale, portal().baseUrl, id);
      await stale.locator('[data-testid=actions] [data-action=accept]').waitFor();

      // when: accept
      await act(page, 'accept');

      // then: in progress, at Handle
      await untilShown(page, async () => (await statusOf(page)) === 'in-progress' && (await isActive(page, 'Activity_Handle')), 'in progress at Activity_Handle');
      expect(await hasMarker(page, 'Activity_Accept', 'cl-done')).toBe(true);
      await screenshot(page, 'e2e-05-accepted');

      // when: the stale tab accepts too
      await act(stale, 'accept');

      // then: the API's refusal shows in the message area, and the tab shows the work order as it is now
      const refusal = stale.locator('#messages .message-error');
      await refusal.waitFor();
      expect(await refusal.locator('.message-title').textContent()).toBeTruthy();
      await stale.locator('[data-testid=status] [data-status="in-progress"]').waitFor();
      await screenshot(stale, 'e2e-05b-stale-tab-refused');
      await stale.close();

      // when: a comment for the others working on it
      await page.locator('[data-testid=comment-form] textarea').fill('Asked the bank for the second debit record.');
      await page.locator('[data-testid=comment-form] button[type=submit]').click();

      // then
      await page.locator('[data-testid=comments] li', { hasText: 'Asked the bank' }).waitFor();

      // when: billing needs the customer's bank statement: the SLA clocks stand still meanwhile
      await act(page, 'await-customer', (dialog) => dialog.locator('textarea[name=reason]').fill('Waiting for the customer to send the bank statement'));

      // then: the work order says so, and offers to resume
      await page.locator('[data-testid=waiting]').waitFor();
      await screenshot(page, 'e2e-05c-waiting-for-customer');
      await act(page, 'resume', (dialog) => dialog.locator('textarea[name=note]').fill('Statement received'));
      await page.locator('[data-testid=waiting]').waitFor({ state: 'detached' });

      // when: the handling feedback
      await act(page, 'feedback', (dialog) => dialog.locator('textarea[name=feedback]').fill('Refunded the second charge of 100 CNY; the bank shows it in 1 to 3 days.'));

      // then: the customer is to be called back
      await untilShown(page, async () => (await statusOf(page)) === 'verifying', 'status verifying');
      expect(await page.locator('[data-testid=feedback]').textContent()).toContain('Refunded the second charge');
      await screenshot(page, 'e2e-06-feedback-written');
    },
    STEP_MS,
  );

  test(
    'a handler of another department neither sees it in the inbox nor can open it',
    async () => {
      // given
      const id = created();
      const page = await browser().newPage();
      await logIn(page, portal().baseUrl, 'cr-h1');

      // when
      await page.locator('[data-testid=inbox], [data-testid=inbox-empty]').first().waitFor();
      const listed = await page.locator('[data-testid=inbox] tbody tr', { hasText: id }).count();
      await openWorkOrder(page, portal().baseUrl, id);

      // then
      expect(listed).toBe(0);
      await page.locator('[data-testid=not-found]').waitFor();
      expect(await page.locator('.wo-header').count()).toBe(0);
      await screenshot(page, 'e2e-07-other-department');
    },
    STEP_MS,
  );

  test(
    'the billing supervisor finds it in the list and puts it under supervision',
    async () => {
      // given
      const id = created();
      const page = await browser().newPage();
      await logIn(page, portal().baseUrl, 'billing-sup');

      // when: search the list by the id
      await page.locator('.nav-link', { hasText: 'Work orders' }).click();
      await page.locator('form.filters input[name=q]').fill(id);
      await page.locator('form.filters button[type=submit]').click();
      const row = page.locator('[data-testid=work-orders] tbody tr', { hasText: id });
      // the unfiltered list may show the row already: wait for the search's answer to replace it
      await page.locator('[data-testid=work-orders] tbody tr').nth(1).waitFor({ state: 'detached' });
      await row.waitFor();
      await screenshot(page, 'e2e-07a-list');
      await row.click();

      // then: supervise, counted by the process once its subprocess ran
      await act(page, 'supervise', (dialog) => dialog.locator('textarea[name=note]').fill('Refund promised within the day.'));
      await untilShown(page, async () => (await page.locator('[data-counter=supervised]').textContent()) === '1', 'supervised once');
      await screenshot(page, 'e2e-07b-supervised');
    },
    STEP_MS,
  );

  test(
    'the owner agent verifies with the customer, who is satisfied, and the work order closes',
    async () => {
      // given: the callback waits in the agent's own tasks
      const id = created();
      await agentPage.goto(`${portal().baseUrl}/#/inbox/mine`);
      const row = await inboxRow(agentPage, id);
      expect(await row.locator('[data-step]').getAttribute('data-step')).toBe('Activity_Verify');
      await screenshot(agentPage, 'e2e-08a-my-tasks');
      await row.click();
      await untilShown(agentPage, async () => (await agentPage.locator('[data-testid=actions] [data-action=verify]').count()) > 0, 'the verify action');

      // when
      await act(agentPage, 'verify', async (dialog) => {
        await dialog.locator('input[name=satisfied][value=yes]').check();
        await dialog.locator('textarea[name=note]').fill('Customer confirms the refund arrived.');
      });

      // then
      await untilShown(agentPage, async () => (await statusOf(agentPage)) === 'closed', 'status closed');
      expect(await agentPage.locator('[data-testid=actions] [data-action]').count()).toBe(0);
      expect(await hasMarker(agentPage, 'Activity_Verify', 'cl-done')).toBe(true);
      await screenshot(agentPage, 'e2e-08b-closed');
    },
    STEP_MS,
  );
});
