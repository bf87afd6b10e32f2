// @ts-check
/**
 * #/designer/<id>: edits the newest version of a process (bpmn-js Modeler with the Zeebe
 * properties panel and Closeloop's job types as element templates) or a decision (dmn-js on the
 * decision table). "Lint" asks the server (the one authority, also run before a deploy) and marks
 * the elements; "Deploy" asks a comment, lints, and deploys the next version. Unsaved edits
 * survive a language switch, and leaving asks first.
 */
import { ApiError } from '../api.js';
import { deployerName, designerApi, issuesOf } from '../designer/api.js';
import { centerOn, loadBpmnModeler, loadDmnModeler, showReadable } from '../designer/editors.js';
import { translateModule } from '../designer/bpmn-io-zh.js';
import { elementTemplates, TEMPLATE_PREFIX } from '../designer/templates.js';
import { h, mount } from '../dom.js';
import { formDialog } from '../form-dialog.js';
import { formatDateTime } from '../format.js';
import { currentLocale, t } from '../i18n.js';
import { showError, showInfo } from '../messages.js';
import { notFoundPanel } from '../ui.js';
import '../../styles/designer.css';

/**
 * @typedef {import('../designer/api.js').LintIssue} LintIssue
 * @typedef {import('../designer/api.js').ProcessVersion} ProcessVersion
 * @typedef {import('../designer/api.js').JobType} JobType
 * @typedef {import('../designer/editors.js').BpmnInstance} BpmnInstance
 * @typedef {import('../designer/editors.js').DmnInstance} DmnInstance
 * @typedef {{ xml: string, baseVersion: number }} Draft
 * @typedef {{ saveXml(): Promise<string>, mark(issues: LintIssue[]): void, focus(elementId: string): void, destroy(): void }} Editor
 */

/** Unsaved edits per resource, kept while the portal is open (a language switch draws the view again). */
/** @type {Map<string, Draft>} */
const drafts = new Map();

const MARKERS = { error: 'cl-lint-error', warn: 'cl-lint-warn' };

/** @type {import('../routes.js').View} */
export async function renderDesignerEditor(container, route) {
  const id = route.path[1] ?? '';
  const hash = `#/designer/${encodeURIComponent(id)}`;
  /** @type {ProcessVersion[]} */
  let versions;
  try {
    versions = await designerApi.versions(id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      mount(container, notFoundPanel({ title: t('designer.notFoundTitle'), text: t('designer.notFound', { id }), back: { href: '#/designer', text: t('designer.backToList') } }));
      return;
    }
    throw err;
  }
  const newest = /** @type {ProcessVersion} */ (versions[0]);
  const draft = drafts.get(id);
  const xml = draft?.xml ?? (await designerApi.xml(id, newest.version));
  let dirty = draft !== undefined;
  // the version the edits are made on: a draft keeps its own, even after a colleague deployed a newer one
  const base = versions.find((v) => v.version === (draft?.baseVersion ?? newest.version)) ?? newest;

  const status = h('span', { class: 'designer-status muted small', 'aria-live': 'polite', 'data-testid': 'designer-status' });
  const issuesPanel = h('section', { class: 'designer-issues', 'aria-label': t('designer.lint.title'), 'data-testid': 'lint-panel' });
  const canvas = h('div', { class: 'designer-canvas', 'data-testid': 'designer-canvas' });
  const properties = h('div', { class: 'designer-properties', 'data-testid': 'properties-panel' });
  const lintButton = h('button', { type: 'button', class: 'button', 'data-testid': 'lint', text: t('designer.lint.run') });
  const deployButton = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'deploy', text: t('designer.deploy.run') });
  const tools = h('div', { class: 'panel-tools designer-tools' }, lintButton, deployButton, h('a', { class: 'button', href: `${hash}/versions`, text: t('designer.versions.link') }));
  const isProcess = newest.kind === 'process';

  mount(
    container,
    h(
      'section',
      { class: 'panel designer', 'data-testid': 'designer-editor' },
      h(
        'div',
        { class: 'panel-head' },
        h(
          'div',
          { class: 'stack' },
          h('h1', { class: 'panel-title', text: t(isProcess ? 'designer.editor.titleProcess' : 'designer.editor.titleDecision', { id }) }),
          h('span', { class: 'muted small', text: t('designer.editor.basedOn', { version: base.version, by: deployerName(base.deployedBy), at: formatDateTime(base.deployedAt) }) }),
        ),
        tools,
      ),
      h(
        'div',
        { class: 'panel-body' },
        status,
        base !== newest && staleDraftNotice(),
        isProcess ? h('div', { class: 'designer-workspace' }, canvas, properties) : h('div', { class: 'designer-workspace designer-workspace-dmn' }, canvas),
        issuesPanel,
      ),
    ),
  );

  /** A draft made on an older version: deploying it would replace what was deployed since. */
  function staleDraftNotice() {
    const discard = h('button', {
      type: 'button',
      class: 'button button-small',
      'data-testid': 'discard-draft',
      text: t('designer.editor.discardDraft'),
      onclick: () => {
        drafts.delete(id);
        dirty = false;
        // draw the screen again, now from the newest version
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      },
    });
    return h('div', { class: 'message message-warn', role: 'status', 'data-testid': 'stale-draft' }, h('span', { text: t('designer.editor.staleDraft', { base: base.version, newest: newest.version }) }), discard);
  }

  /** @type {Editor} */
  const editor = isProcess
    ? await bpmnEditor({ canvas, properties, xml, tools, jobTypes: await designerApi.jobTypes(), onChange: changed })
    : await dmnEditor({ canvas, xml, onChange: changed });
  showStatus();

  function changed() {
    dirty = true;
    showStatus();
    // keep the draft current: a language switch or a refused leave draws the view again from it
    void editor.saveXml().then((current) => drafts.set(id, { xml: current, baseVersion: base.version }));
  }

  function showStatus() {
    status.textContent = dirty ? t('designer.editor.unsaved') : t('designer.editor.saved', { version: base.version });
    status.classList.toggle('designer-status-dirty', dirty);
  }

  /** @param {LintIssue[]} issues @param {boolean} [refused] the deploy was refused for them */
  function showIssues(issues, refused = false) {
    editor.mark(issues);
    const sorted = [...issues].sort((a, b) => (a.category === b.category ? 0 : a.category === 'error' ? -1 : 1));
    const errors = issues.filter((i) => i.category === 'error').length;
    mount(
      issuesPanel,
      h('h2', { class: 'designer-issues-title', text: t('designer.lint.title') }),
      h('p', {
        class: `designer-issues-summary ${errors > 0 ? 'designer-issues-bad' : 'designer-issues-good'}`,
        'data-testid': 'lint-summary',
        text: refused ? t('designer.lint.refused', { errors }) : issues.length === 0 ? t('designer.lint.clean') : t('designer.lint.summary', { errors, warnings: issues.length - errors }),
      }),
      sorted.length > 0 &&
        h(
          'ul',
          { class: 'designer-issue-list' },
          sorted.map((issue) =>
            h(
              'li',
              { class: `designer-issue designer-issue-${issue.category}` },
              h(
                'button',
                {
                  type: 'button',
                  class: 'designer-issue-button',
                  'data-testid': 'lint-issue',
                  'data-element-id': issue.elementId ?? '',
                  'data-category': issue.category,
                  disabled: !issue.elementId,
                  onclick: () => issue.elementId && editor.focus(issue.elementId),
                },
                h('span', { class: `badge designer-badge-${issue.category}`, text: t(`designer.lint.${issue.category}`) }),
                h('span', { class: 'mono small', text: issue.elementId ?? t('designer.lint.wholeFile') }),
                h('span', { class: 'designer-issue-message', text: issue.message }),
              ),
            ),
          ),
        ),
    );
  }

  async function lint() {
    lintButton.disabled = true;
    try {
      const issues = await designerApi.lint(await editor.saveXml(), newest.kind);
      showIssues(issues);
      return issues;
    } finally {
      lintButton.disabled = false;
    }
  }

  lintButton.addEventListener('click', () => void lint().catch(showError));
  deployButton.addEventListener('click', () => void askComment());

  /**
   * The deploy dialog: a comment, then lint and deploy; lint errors (the client's or the API's)
   * stay in the dialog and in the panel. Resolves once deployed (true) or cancelled (false).
   * @returns {Promise<boolean>}
   */
  async function askComment() {
    const comment = h('textarea', { id: 'deploy-comment', name: 'comment', rows: 3, required: true, minlength: 3, maxlength: 500, 'data-testid': 'deploy-comment' });
    const deployed = await formDialog({
      title: t('designer.deploy.title', { id }),
      testId: 'deploy-dialog',
      submitLabel: t('designer.deploy.submit'),
      submitTestId: 'deploy-submit',
      cancelLabel: t('designer.deploy.cancel'),
      body: [
        h('p', { class: 'dialog-help', text: t('designer.deploy.help', { version: newest.version }) }),
        h('div', { class: 'field' }, h('label', { for: 'deploy-comment', class: 'required', text: t('designer.deploy.comment') }), comment),
      ],
      busyText: t('designer.deploy.linting'),
      submit: async () => {
        const text = comment.value.trim();
        if (text.length < 3) throw new ApiError({ title: t('designer.deploy.commentTooShort'), status: 400 });
        try {
          await deployWith(text);
          return true;
        } catch (err) {
          const issues = issuesOf(err);
          if (issues.length > 0) showIssues(issues, true);
          throw err;
        }
      },
      // whatever stopped the deploy, the comment stays and the designer can try again
      keepInDialog: () => true,
    });
    return deployed ?? false;
  }

  /** Lints first (the API lints again and is the authority), then deploys. @param {string} comment */
  async function deployWith(comment) {
    const issues = await lint();
    const errors = issues.filter((i) => i.category === 'error').length;
    if (errors > 0) throw new ApiError({ title: t('designer.lint.refused', { errors }), status: 422, code: 'PROCESS_LINT_FAILED' });
    const deployed = await designerApi.deploy(id, await editor.saveXml(), comment, base.version);
    dirty = false;
    drafts.delete(id);
    showInfo(t('designer.deploy.done', { id, version: deployed.version }));
    location.hash = `${hash}/versions`;
  }

  /** @param {BeforeUnloadEvent} event */
  const beforeUnload = (event) => {
    if (dirty) event.preventDefault();
  };
  window.addEventListener('beforeunload', beforeUnload);

  return () => {
    window.removeEventListener('beforeunload', beforeUnload);
    editor.destroy();
    document.querySelector('dialog[data-testid="deploy-dialog"]')?.remove();
    // the same address drawn again (a language switch): the draft carries the edits over
    if (!dirty || location.hash === hash) return;
    if (confirm(t('designer.editor.leaveConfirm', { id }))) drafts.delete(id);
    else setTimeout(() => (location.hash = hash));
  };
}

/**
 * @param {{ canvas: HTMLElement, properties: HTMLElement, xml: string, tools: HTMLElement, jobTypes: JobType[], onChange: () => void }} spec
 * @returns {Promise<Editor>}
 */
async function bpmnEditor({ canvas, properties, xml, tools, jobTypes, onChange }) {
  const { Modeler, additionalModules, moddleExtensions } = await loadBpmnModeler();
  const templates = elementTemplates(jobTypes, currentLocale());
  const modeler = new Modeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    additionalModules: [...additionalModules, translateModule(currentLocale())],
    moddleExtensions,
    elementTemplates: templates,
  });
  await modeler.importXML(xml);
  showReadable(modeler.get('canvas'));

  // the job-type picker: applies a template to the selected task ("Send to OA" instead of `oa.push`)
  const picker = h(
    'select',
    { id: 'designer-job-type', class: 'designer-job-type', 'data-testid': 'job-type-picker', disabled: true },
    h('option', { value: '', text: t('designer.jobType.choose') }),
    templates.map((tpl) => h('option', { value: tpl.id, text: tpl.name })),
  );
  const pickerField = h('div', { class: 'designer-picker' }, h('label', { for: 'designer-job-type', text: t('designer.jobType.label') }), picker);
  tools.prepend(pickerField);

  /** @type {import('../designer/editors.js').Shape | undefined} */
  let selected;
  modeler.get('eventBus').on('selection.changed', (/** @type {{ newSelection: import('../designer/editors.js').Shape[] }} */ event) => {
    selected = event.newSelection.length === 1 ? event.newSelection[0] : undefined;
    const isTask = Boolean(selected && /^bpmn:(Task|ServiceTask|SendTask)$/.test(selected.type));
    picker.disabled = !isTask;
    const applied = selected?.businessObject.$attrs?.['zeebe:modelerTemplate'] ?? '';
    picker.value = applied.startsWith(TEMPLATE_PREFIX) ? applied : '';
  });
  picker.addEventListener('change', () => {
    const template = templates.find((tpl) => tpl.id === picker.value);
    if (!selected || !template) return;
    selected = modeler.get('elementTemplates').applyTemplate(selected, template);
  });
  // the properties panel's "select a template" button opens our picker
  modeler.get('eventBus').on('elementTemplates.select', () => picker.focus());
  modeler.get('eventBus').on('commandStack.changed', onChange);

  /** @type {string[]} */
  let marked = [];
  return {
    saveXml: async () => (await modeler.saveXML({ format: true })).xml ?? '',
    mark(issues) {
      const canvasApi = modeler.get('canvas');
      for (const elementId of marked) Object.values(MARKERS).forEach((m) => canvasApi.removeMarker(elementId, m));
      const registry = modeler.get('elementRegistry');
      const found = issues.filter((i) => i.elementId && registry.get(i.elementId));
      for (const issue of found) canvasApi.addMarker(/** @type {string} */ (issue.elementId), MARKERS[issue.category]);
      marked = found.map((i) => /** @type {string} */ (i.elementId));
    },
    focus(elementId) {
      const element = modeler.get('elementRegistry').get(elementId);
      if (!element) return;
      centerOn(modeler.get('canvas'), element);
      modeler.get('selection').select(element);
    },
    destroy: () => modeler.destroy(),
  };
}

/**
 * @param {{ canvas: HTMLElement, xml: string, onChange: () => void }} spec
 * @returns {Promise<Editor>}
 */
async function dmnEditor({ canvas, xml, onChange }) {
  const DmnModeler = await loadDmnModeler();
  // each view of dmn-js takes its own modules (its `common` options lose them)
  const translated = { additionalModules: [translateModule(currentLocale())] };
  const modeler = new DmnModeler({ container: canvas, drd: translated, decisionTable: translated, literalExpression: translated });
  await modeler.importXML(xml);
  const table = modeler.getViews().find((v) => v.type === 'decisionTable');
  if (table) await modeler.open(table);
  modeler.getActiveViewer()?.get('eventBus').on('elements.changed', onChange);
  return {
    saveXml: async () => (await modeler.saveXML({ format: true })).xml ?? '',
    // a decision's findings name the decision or an output column: the panel lists them
    mark() {},
    focus() {},
    destroy: () => modeler.destroy(),
  };
}
