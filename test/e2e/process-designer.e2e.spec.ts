import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from '../support/browser';
import type { TestPlatform } from '../support/test-platform';
import { apiAs, raiseWorkOrder, recordWhere } from '../support/work-orders';
import { chooseLanguage, logIn, STEP_TIMEOUT_MS } from './pages';
import { usePortal } from './portal-server';

/**
 * The process designer in Chromium: designer-1 edits work-order.bpmn in the modeler (properties
 * panel and Closeloop's job-type templates), sees the lint error of a job type no worker takes on
 * its element, fixes it, deploys with a comment, finds the version in the list and compares it
 * with the one before; a work order raised afterwards runs on the new version. The change stays
 * benign (the same job types, a step renamed): other test files use the same engine afterwards.
 */
const describeLocal = process.env.CLOSELOOP_E2E_BASE_URL ? describe.skip : describe;

const DISPATCH = 'Activity_Dispatch';
const canvasElement = (page: Page, id: string) => page.locator(`[data-testid=designer-canvas] .djs-element[data-element-id="${id}"]`);

async function openEditor(page: Page, baseUrl: string, id: string): Promise<void> {
  await page.goto(`${baseUrl}/#/designer/${id}`);
  await page.locator('[data-testid=designer-editor]').waitFor();
}

/** Opens a group of the properties panel (`general`, `taskDefinition` ...) unless it is open. */
async function openGroup(page: Page, group: string): Promise<void> {
  const header = page.locator(`[data-group-id="group-${group}"] .bio-properties-panel-group-header`);
  if (!((await header.getAttribute('class')) ?? '').includes('open')) await header.click();
}

/** Switches the portal's language the way the switcher keeps it, and reloads. */
async function useLocale(page: Page, locale: 'en' | 'zh-CN'): Promise<void> {
  await page.evaluate(`localStorage.setItem('closeloop.locale', '${locale}')`);
  await page.reload();
}

describeLocal('the process designer in the portal', () => {
  const portal = usePortal();
  const browser = useBrowser();
  const tp = (): TestPlatform => portal().platform!;

  afterAll(() => {
    expect(browser().pageErrors).toEqual([]);
  });

  it('edits a diagram, shows the lint error on the element, deploys the fixed diagram, and new work orders run on it', async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'designer-1');

    // the designer's home: processes and decisions with their versions and running work orders
    await page.locator('[data-testid=process-list]').waitFor();
    expect(await page.locator('[data-testid=process-list]').textContent()).toContain('work-order');
    await screenshot(page, 'designer-01-process-list');
    const before = (await tp().platform.processDesigner.versions('work-order'))[0]!.version;

    // when: the dispatch step gets a job type no worker takes, and a new name, in the properties panel
    await page.locator('[data-testid=process-list] a', { hasText: /^work-order$/ }).click();
    await canvasElement(page, DISPATCH).waitFor();
    await canvasElement(page, DISPATCH).click();
    await openGroup(page, 'general');
    await page.locator('#bio-properties-panel-name').fill('Dispatch to the department');
    await openGroup(page, 'taskDefinition');
    await page.locator('#bio-properties-panel-taskDefinitionType').fill('ticket.teleport');
    await page.locator('#bio-properties-panel-taskDefinitionType').press('Tab');
    await page.locator('[data-testid=designer-status].designer-status-dirty').waitFor();
    await screenshot(page, 'designer-02-modeler-properties');

    // then: the lint names the element, marks it, and the issue selects it
    await page.locator('[data-testid=lint]').click();
    const issue = page.locator(`[data-testid=lint-issue][data-element-id="${DISPATCH}"][data-category=error]`);
    await issue.waitFor();
    expect(await issue.textContent()).toContain('ticket.teleport');
    expect(await canvasElement(page, DISPATCH).getAttribute('class')).toContain('cl-lint-error');
    await issue.click();
    await screenshot(page, 'designer-03-lint-error');

    // when: the designer picks the Closeloop job type "Dispatch to department" for it, and lints again
    await page.locator('[data-testid=job-type-picker]').selectOption('closeloop.ticket.dispatch');
    await page.locator('[data-testid=lint]').click();
    await page.locator('[data-testid=lint-summary].designer-issues-good, [data-testid=lint-summary]:not(.designer-issues-bad)').first().waitFor();
    expect(await page.locator('[data-testid=lint-issue][data-category=error]').count()).toBe(0);
    expect(await canvasElement(page, DISPATCH).getAttribute('class')).not.toContain('cl-lint-error');

    // and deploys it with a comment
    await page.locator('[data-testid=deploy]').click();
    await page.locator('[data-testid=deploy-comment]').fill('Dispatch step renamed; job type picked from the Closeloop templates');
    await page.locator('[data-testid=deploy-submit]').click();

    // then: the versions list shows the new version by designer-1 with the comment
    const row = page.locator(`[data-testid=version-list] tr[data-version="${before + 1}"]`);
    await row.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await row.locator('[data-testid=deployed-by]').textContent()).toBe('designer-1');
    expect(await row.locator('[data-testid=version-comment]').textContent()).toBe('Dispatch step renamed; job type picked from the Closeloop templates');
    await screenshot(page, 'designer-04-versions');

    // and a work order created through the API runs on the new version
    const { workOrderId } = await raiseWorkOrder(tp().app);
    const routed = await recordWhere(tp(), workOrderId, (doc) => doc.processDefinition !== undefined);
    expect(routed.processDefinition?.version).toBe(before + 1);

    // the two newest versions side by side: the dispatch step is marked as changed on both
    await page.locator('[data-testid=compare]').click();
    const change = page.locator(`[data-testid=diff-changes] [data-element-id="${DISPATCH}"][data-change=changed]`);
    await change.waitFor();
    expect(await change.textContent()).toContain('Dispatch to the department');
    await page.locator(`[data-testid=diff-b-canvas] .djs-element.cl-diff-changed[data-element-id="${DISPATCH}"]`).waitFor();
    await screenshot(page, 'designer-05-diff');

    // the routing decision table in dmn-js
    await openEditor(page, portal().baseUrl, 'routing');
    await page.locator('[data-testid=designer-canvas] .tjs-table').waitFor();
    await screenshot(page, 'designer-06-dmn-table');

    // the same screens in Chinese
    await useLocale(page, 'zh-CN');
    await page.locator('[data-testid=designer-canvas] .tjs-table').waitFor();
    expect(await page.locator('h1').first().textContent()).toContain('决策表设计');
    // dmn-js's own texts too
    expect(await page.locator('[data-testid=designer-canvas] .hit-policy').textContent()).toContain('命中策略');
    await screenshot(page, 'designer-07-dmn-table-zh');
    await page.goto(`${portal().baseUrl}/#/designer`);
    await page.locator('[data-testid=process-list]').waitFor();
    await screenshot(page, 'designer-08-process-list-zh');
    await openEditor(page, portal().baseUrl, 'work-order');
    await canvasElement(page, DISPATCH).click();
    await screenshot(page, 'designer-09-modeler-zh');
    await page.goto(`${portal().baseUrl}/#/designer/work-order/versions`);
    await row.waitFor();
    await screenshot(page, 'designer-10-versions-zh');
    await page.locator('[data-testid=compare]').click();
    await change.waitFor();
    await screenshot(page, 'designer-11-diff-zh');

    // and on a phone
    await useLocale(page, 'en');
    await change.waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${portal().baseUrl}/#/designer`);
    await page.locator('[data-testid=process-list]').waitFor();
    await screenshot(page, 'designer-12-process-list-375');
    await openEditor(page, portal().baseUrl, 'work-order');
    await canvasElement(page, DISPATCH).waitFor();
    await screenshot(page, 'designer-13-modeler-375');
  });

  it('asks before leaving unsaved changes, and keeps them when the designer stays', async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'designer-1');
    await openEditor(page, portal().baseUrl, 'work-order');
    await canvasElement(page, DISPATCH).click();
    await openGroup(page, 'general');
    await page.locator('#bio-properties-panel-name').fill('Dispatch, not deployed');
    await page.locator('[data-testid=designer-status].designer-status-dirty').waitFor();

    // when: the designer follows the navigation and answers "stay"
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => void dialog.dismiss().then(() => resolve(dialog.message()))));
    await page.locator('nav a[href="#/designer"]').click();

    // then: the question named the process, and the editor is back with the edit
    expect(await asked).toContain('work-order');
    await page.locator('[data-testid=designer-status].designer-status-dirty').waitFor();
    await canvasElement(page, DISPATCH).click();
    await openGroup(page, 'general');
    expect(await page.locator('#bio-properties-panel-name').inputValue()).toBe('Dispatch, not deployed');

    // when: the designer leaves after all, the edit is dropped
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('nav a[href="#/designer"]').click();
    await page.locator('[data-testid=process-list]').waitFor();
    await openEditor(page, portal().baseUrl, 'work-order');
    expect(await page.locator('[data-testid=designer-status]').getAttribute('class')).not.toContain('designer-status-dirty');
  });

  it('shows a draft made on an older version as such, refuses its deploy, and discards it on request', async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'designer-1');
    await openEditor(page, portal().baseUrl, 'work-order');
    await canvasElement(page, DISPATCH).click();
    await openGroup(page, 'general');
    await page.locator('#bio-properties-panel-name').fill('Dispatch, drafted on the old version');
    await page.locator('[data-testid=designer-status].designer-status-dirty').waitFor();

    // given: meanwhile a colleague deploys a newer version through the API
    const api = apiAs(tp().app, 'designer-1');
    const [newest] = (await api.get('/api/processes/work-order/versions')).body.items as { version: number }[];
    const xml = (await api.get(`/api/processes/work-order/versions/${newest!.version}/xml`)).text.replace(/(<bpmn:serviceTask id="Activity_Dispatch" name=")[^"]*"/, `$1Dispatch (${Date.now()})"`);
    expect((await api.post('/api/processes/work-order/deploy', { xml, comment: 'A colleague renamed the step', basedOnVersion: newest!.version })).status).toBe(201);

    // when: the editor draws again (here: the language switch), it reads the versions anew
    await chooseLanguage(page, 'zh-CN');
    const notice = page.locator('[data-testid=stale-draft]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`版本 ${newest!.version + 1}`);
    await screenshot(page, 'designer-14-stale-draft-zh');

    // then: its deploy is refused in the dialog, and nothing is deployed
    await page.locator('[data-testid=deploy]').click();
    await page.locator('[data-testid=deploy-comment]').fill('The old draft');
    await page.locator('[data-testid=deploy-submit]').click();
    await page.locator('[data-testid=deploy-dialog] .message-error').waitFor();
    expect(await page.locator('[data-testid=deploy-dialog] .message-title').textContent()).toBe('在此修改开始后已部署了更新的版本，本次未部署。');
    expect(((await api.get('/api/processes/work-order/versions')).body.items as { version: number }[])[0]!.version).toBe(newest!.version + 1);
    await page.keyboard.press('Escape');

    // and discarding the draft opens the newest version, with nothing unsaved
    await page.locator('[data-testid=discard-draft]').click();
    await page.locator('[data-testid=stale-draft]').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=designer-status]').getAttribute('class')).not.toContain('designer-status-dirty');
    await chooseLanguage(page, 'en');
    await page.close();
  });

  it('keeps agents out: no navigation entry, and the address shows the screen is not theirs', async () => {
    const page = await browser().newPage();
    await logIn(page, portal().baseUrl, 'agent-0101');
    expect(await page.locator('nav a[href="#/designer"]').count()).toBe(0);
    await page.goto(`${portal().baseUrl}/#/designer/work-order`);
    await page.locator('[data-testid=not-allowed]').waitFor();
  });
});
