// @ts-check
/**
 * #/campaigns/new (supervisors, admins): a new campaign in four steps. 1 Basics and 2 Calling
 * strategy are the settings (campaign-form.js); 3 Call list reads the chosen CSV or XLSX file
 * (POST /api/campaigns/list-preview), shows its first rows and the column mapping, the
 * suggested one preselected; 4 Review creates the campaign, imports the list with the mapping,
 * follows the import, shows the filtering report and offers the launch.
 * #/campaigns/CP-.../list runs steps 3 and 4 for a campaign set up before (a new list, or
 * another try after a failed import); its settings are shown, not changed.
 */
import { api, ApiError, departments } from '../api.js';
import { clearFieldErrors, checkSection, defaultSettings, field, group, select, settingsFacts, settingsSections, showFieldErrors } from '../campaign-form.js';
import { filteredRows, reasonsChart, rowsRead } from '../campaigns.js';
import { h, mount } from '../dom.js';
import { humanize } from '../format.js';
import { t, tn } from '../i18n.js';
import { errorBox, showError } from '../messages.js';
import { currentSession, hasRole } from '../session.js';
import { reportError } from '../sla.js';

/** @typedef {import('../types.js').Campaign} Campaign */
/** @typedef {import('../types.js').CampaignSettings} CampaignSettings */
/** @typedef {import('../types.js').ListMapping} ListMapping */
/** @typedef {import('../types.js').ListPreview} ListPreview */
/** @typedef {import('../types.js').Unit} Unit */

/** While the list is imported, its progress is looked at this often (ms). */
const IMPORT_POLL_MS = 1_000;
/** The steps' titles (i18n keys). */
const STEP_TITLES = ['outreach.wizard.step1', 'outreach.wizard.step2', 'outreach.wizard.step3', 'outreach.wizard.step4'];
const stepTitle = (/** @type {number} */ i) => t(STEP_TITLES[i] ?? '');
const LIST_TYPES = '.csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** @param {number} bytes */
const sizeOf = (bytes) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** @type {import('../main.js').View} */
export async function renderCampaignWizard(container, route) {
  const existingId = route.path[1] === 'new' ? undefined : route.path[1];
  const session = currentSession();
  if (!hasRole('supervisor', 'admin')) {
    mount(container, refusal(t('outreach.wizard.refusedRole'), t('outreach.wizard.refusedRoleText')));
    return;
  }
  const [units, calendars, existing] = await Promise.all([api.units(), api.calendars(), existingId ? api.campaign(existingId) : Promise.resolve(undefined)]);
  if (existing && !['draft', 'ready', 'importing'].includes(existing.state)) {
    mount(container, refusal(t('outreach.wizard.refusedState', { name: existing.settings.name, state: humanize(existing.state).toLowerCase() }), t('outreach.wizard.refusedStateText'), `#/campaigns/${encodeURIComponent(existing.campaignId)}`));
    return;
  }
  const mine = session?.user.departments;
  const departmentChoices = (await departments()).filter((d) => !d.disabled && (!Array.isArray(mine) || mine.includes(d.unitId)));
  const teams = units.filter((u) => u.kind === 'team');
  const unitName = (/** @type {string} */ id) => units.find((u) => u.unitId === id)?.name ?? id;
  const initial = existing?.settings ?? defaultSettings({ departments: departmentChoices, teams, calendars, departmentId: session?.user.departmentId ?? null });
  const sections = settingsSections(initial, { departments: departmentChoices, teams, calendars });

  /** The campaign once created (or the one the list is for). */
  /** @type {Campaign | undefined} */
  let campaign = existing;
  let step = campaign ? 2 : 0;
  /** @type {number | undefined} */
  let pollTimer;
  let disposed = false;

  const list = listSection();
  const review = h('div', { 'data-testid': 'review' });
  const outcome = h('div', { class: 'import-outcome', 'aria-live': 'polite', 'data-testid': 'import-outcome' });
  const problem = h('div', { class: 'form-problem' });
  const back = h('button', { type: 'button', class: 'button', 'data-testid': 'wizard-back', text: t('common.back') });
  const next = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'wizard-next', text: t('common.next') });

  /** @param {number} n @param {string} description @param {(Node | false | null | undefined)[]} content */
  const stepSection = (n, description, content) =>
    h(
      'fieldset',
      { class: 'panel wizard-step', 'data-step': n + 1, 'aria-labelledby': `wizard-step-${n + 1}` },
      h('legend', { class: 'panel-legend', id: `wizard-step-${n + 1}`, tabindex: -1, text: `${n + 1} · ${stepTitle(n)}` }),
      h('p', { class: 'muted small', text: description }),
      ...content,
    );
  const stepSections = [
    stepSection(0, t('outreach.wizard.step1Help'), [sections.basics]),
    stepSection(1, t('outreach.wizard.step2Help'), [sections.strategy]),
    stepSection(2, t('outreach.wizard.step3Help'), [list.element]),
    stepSection(3, t('outreach.wizard.step4Help'), [review, outcome]),
  ];
  const indicator = h('ol', { class: 'wizard-steps', 'aria-label': t('outreach.wizard.steps') });
  const form = h('form', { class: 'new-form wizard', novalidate: true, 'data-testid': 'campaign-wizard' }, ...stepSections, problem, h('div', { class: 'form-buttons' }, back, next));
  const title = existing ? t('outreach.wizard.listTitle', { name: existing.settings.name }) : t('outreach.list.new');
  mount(
    container,
    h('nav', { class: 'crumbs', 'aria-label': t('outreach.crumbs') }, h('a', { href: '#/campaigns', text: t('outreach.list.title') }), ' / ', existing ? h('a', { href: `#/campaigns/${encodeURIComponent(existing.campaignId)}`, class: 'mono', text: existing.campaignId }) : null, existing ? ' / ' : null, title),
    h('div', { class: 'page-head' }, h('h1', { text: title })),
    indicator,
    form,
  );

  function render() {
    const locked = Boolean(campaign);
    mount(
      indicator,
      STEP_TITLES.map((_, i) => {
        const state = i === step ? 'current' : i < step || (locked && i < 2) ? 'done' : 'todo';
        const reachable = i < step && !(locked && i < 2);
        const text = [h('span', { class: 'wizard-step-n', 'aria-hidden': 'true', text: state === 'done' ? '✓' : String(i + 1) }), h('span', { text: stepTitle(i) }), state === 'done' && h('span', { class: 'visually-hidden', text: t('outreach.wizard.stepDone') })];
        return h(
          'li',
          { class: `wizard-steps-item is-${state}`, 'aria-current': state === 'current' ? 'step' : null },
          reachable ? h('button', { type: 'button', class: 'wizard-steps-link', onclick: () => go(i) }, text) : h('span', { class: 'wizard-steps-link' }, text),
        );
      }),
    );
    stepSections.forEach((section, i) => {
      section.hidden = i !== step;
    });
    const imported = campaign?.list?.state === 'done' && step === 3;
    // once imported, the list is changed from the campaign's page ("Import another list")
    back.hidden = step === 0 || (locked && step === 2) || importing() || imported;
    next.hidden = imported || importing();
    next.textContent = step < 3 ? t('common.next') : campaign ? t('outreach.wizard.import') : t('outreach.wizard.createAndImport');
    if (step === 3 && !importing() && !imported) mount(review, reviewOf());
  }

  const importing = () => campaign?.state === 'importing';

  /** @param {number} to */
  function go(to) {
    mount(problem);
    step = to;
    render();
    /** @type {HTMLElement | null} */ (stepSections[to]?.querySelector('legend'))?.focus();
  }

  back.addEventListener('click', () => go(step - 1));
  // a field's error goes once it is edited
  form.addEventListener('input', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    target.classList.remove('invalid');
    const name = target.closest('[data-field]')?.getAttribute('data-field');
    if (name) mount(/** @type {HTMLElement} */ (form.querySelector(`[data-error-for="${CSS.escape(name)}"]`)));
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void forward();
  });

  async function forward() {
    mount(problem);
    const section = /** @type {HTMLElement} */ (stepSections[step]);
    if (step < 2) {
      if (checkSection(section)) go(step + 1);
      return;
    }
    if (step === 2) {
      if (list.check()) go(3);
      return;
    }
    next.disabled = true;
    try {
      await createAndImport();
    } finally {
      next.disabled = false;
    }
  }

  /** The settings, the list and its mapping, as they will be sent. */
  function reviewOf() {
    const settings = campaign?.settings ?? sections.settingsOf(form);
    const preview = list.preview();
    const mapping = list.mapping();
    /** @param {[string, string][]} facts */
    const facts = (facts) => h('dl', { class: 'kv-list review-facts' }, facts.map(([label, value]) => h('div', { class: 'kv' }, h('dt', { text: label }), h('dd', { text: value }))));
    return h(
      'div',
      { class: 'review' },
      h('h3', { class: 'review-title', text: settings.name }),
      h(
        'div',
        { class: 'review-columns' },
        facts(settingsFacts(settings, unitName)),
        h(
          'div',
          {},
          preview &&
            facts([
              [t('outreach.review.list'), `${preview.fileName} (${preview.format.toUpperCase()}, ${sizeOf(preview.bytes)})`],
              [t('outreach.review.rows'), preview.expectedRows === undefined ? t('outreach.review.rowsUnknown') : String(preview.expectedRows)],
              [t('outreach.review.phone'), mapping.phone],
              [t('outreach.review.name'), mapping.name ?? '—'],
              [t('outreach.review.custId'), mapping.custId ?? '—'],
              [t('outreach.review.extra'), mapping.extra.length > 0 ? mapping.extra.join(t('outreach.facts.listSeparator')) : '—'],
            ]),
          h('div', { class: 'preview-script' }, h('h3', { text: t('outreach.form.script') }), h('p', { class: 'prose', text: settings.script })),
        ),
      ),
    );
  }

  /** Creates the campaign (once), uploads the list, and follows the import. */
  async function createAndImport() {
    if (!campaign) {
      const settings = sections.settingsOf(form);
      try {
        campaign = await api.createCampaign(settings);
      } catch (err) {
        settingsRefused(err);
        return;
      }
      render();
    }
    const file = list.file();
    if (!file) return;
    mount(outcome, h('p', { class: 'loading', text: t('outreach.wizard.uploading', { id: campaign.campaignId, file: file.name }) }));
    try {
      campaign = await api.importList(campaign.campaignId, file, list.mapping());
    } catch (err) {
      mount(outcome, errorBox(err), h('p', { class: 'muted small', text: t('outreach.wizard.uploadFailed', { id: campaign.campaignId }) }));
      return;
    }
    render();
    follow();
  }

  /**
   * The API refused the settings: each reason at its field, and the wizard back at the first step with one.
   * @param {unknown} err
   */
  function settingsRefused(err) {
    const errors = err instanceof ApiError ? err.problem.errors ?? [] : [];
    for (const section of stepSections) clearFieldErrors(section);
    const [first] = showFieldErrors(form, errors);
    const at = first ? stepSections.findIndex((s) => s.contains(first)) : -1;
    if (at >= 0 && at < 3) {
      go(at);
      /** @type {HTMLElement | null} */ (stepSections[at]?.querySelector('.invalid') ?? null)?.focus();
    }
    mount(problem, errorBox(err));
  }

  /** Looks at the import until it ends; then the filtering report, or why it failed. */
  function follow() {
    clearTimeout(pollTimer);
    const current = /** @type {Campaign} */ (campaign);
    const imported = current.list;
    if (current.state === 'importing' && imported) {
      const expected = imported.expectedRows ?? 0;
      mount(
        outcome,
        h(
          'div',
          { class: 'import-progress', 'data-testid': 'import-progress' },
          h('p', { text: t('outreach.wizard.importing', { file: imported.fileName, read: rowsRead(imported), n: imported.eligible }) }),
          expected > 0 && h('progress', { class: 'progress progress-wide', max: expected, value: Math.min(imported.rows, expected), 'aria-label': rowsRead(imported) }),
        ),
      );
      pollTimer = window.setTimeout(() => void poll(), IMPORT_POLL_MS);
      return;
    }
    if (imported?.state === 'failed') {
      mount(
        outcome,
        h('div', { class: 'message message-error', role: 'alert' }, h('strong', { class: 'message-title', text: t('outreach.listPanel.failed', { reason: humanize(imported.errorCode ?? 'failed') }) }), imported.error && h('span', { class: 'message-detail', text: imported.error })),
        h('p', { class: 'muted small', text: t('outreach.wizard.importFailed', { id: current.campaignId }) }),
      );
      render();
      return;
    }
    void showReport(current);
  }

  async function poll() {
    if (disposed || !campaign) return;
    try {
      campaign = await api.campaign(campaign.campaignId);
    } catch (err) {
      // a lost answer is no reason to stop following
      showError(err);
    }
    if (disposed) return;
    render();
    follow();
  }

  /** @param {Campaign} current */
  async function showReport(current) {
    const launch = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'launch', text: t('outreach.wizard.launch') });
    launch.addEventListener('click', () => {
      launch.disabled = true;
      api
        .campaignCommand(current.campaignId, 'launch')
        .then(() => {
          location.hash = `#/campaigns/${encodeURIComponent(current.campaignId)}`;
        })
        .catch((/** @type {unknown} */ err) => {
          showError(err);
          launch.disabled = false;
        });
    });
    const imported = /** @type {import('../types.js').CampaignList} */ (current.list);
    let rows;
    try {
      rows = await filteredRows(current);
    } catch (err) {
      rows = reportError(err, () => void showReport(current));
    }
    if (disposed) return;
    /** @param {string} label @param {number} value @param {string} testId @param {string} [tone] */
    const tile = (label, value, testId, tone) =>
      h('div', { class: `tile ${tone ? `tile-${tone}` : ''}`.trim(), 'data-testid': testId }, h('span', { class: 'tile-value', text: String(value) }), h('span', { class: 'tile-label', text: label }));
    const filtered = current.progress.filtered;
    mount(
      outcome,
      h(
        'div',
        { class: 'filtering-report', 'data-testid': 'filtering-report' },
        h('h3', { class: 'review-title', text: t('outreach.wizard.imported', { read: rowsRead(imported) }) }),
        h(
          'div',
          { class: 'tiles' },
          tile(t('outreach.tile.rowsRead'), imported.rows, 'rows-read'),
          tile(t('outreach.tile.eligible'), imported.eligible, 'eligible', 'ok'),
          tile(t('outreach.tile.filtered'), filtered, 'filtered', filtered > 0 ? 'warn' : undefined),
        ),
        h('div', { class: 'charts' }, reasonsChart(imported), rows),
      ),
      h(
        'div',
        { class: 'form-buttons' },
        h('a', { class: 'button', href: `#/campaigns/${encodeURIComponent(current.campaignId)}`, 'data-testid': 'open-campaign', text: t('outreach.wizard.open') }),
        current.state === 'ready' && launch,
      ),
    );
    render();
  }

  render();
  if (existing?.state === 'importing') {
    step = 3;
    render();
    follow();
  }
  return () => {
    disposed = true;
    clearTimeout(pollTimer);
  };
}

/**
 * The page instead of the wizard when it cannot run.
 * @param {string} title
 * @param {string} text
 * @param {string} [back] where to go instead (default: the campaigns)
 */
function refusal(title, text, back = '#/campaigns') {
  return h('section', { class: 'panel empty-page', 'data-testid': 'wizard-refused' }, h('h1', { text: title }), h('p', { class: 'muted', text }), h('p', {}, h('a', { href: back, text: t('common.back') })));
}

/**
 * Step 3: the list file, read by the API as soon as it is chosen, its first rows, and which
 * column holds what (the API's suggestion preselected).
 */
function listSection() {
  const input = h('input', { type: 'file', name: 'file', accept: LIST_TYPES, required: true, 'data-testid': 'list-file' });
  const status = h('p', { class: 'muted small list-status', role: 'status' });
  const mappingSlot = h('div', { class: 'field-wide' });
  const previewSlot = h('div', { class: 'field-wide' });
  /** @type {ListPreview | undefined} */
  let preview;
  /** @type {File | undefined} */
  let file;
  /** @type {{ phone: HTMLSelectElement, name: HTMLSelectElement, custId: HTMLSelectElement, extra: HTMLInputElement[] } | undefined} */
  let controls;

  input.addEventListener('change', () => void read());
  async function read() {
    file = input.files?.[0];
    preview = undefined;
    controls = undefined;
    mount(mappingSlot);
    mount(previewSlot);
    clearFieldErrors(element);
    if (!file) {
      status.textContent = '';
      return;
    }
    status.textContent = t('outreach.listFile.reading', { file: file.name });
    try {
      preview = await api.previewList(file);
    } catch (err) {
      status.textContent = '';
      mount(previewSlot, errorBox(err));
      return;
    }
    const p = preview;
    const about = [p.format.toUpperCase(), p.encoding?.toUpperCase(), sizeOf(p.bytes), p.expectedRows === undefined ? undefined : tn('outreach.listFile.rows', p.expectedRows)];
    status.textContent = t('outreach.listFile.read', { file: p.fileName, about: about.filter(Boolean).join(t('outreach.facts.listSeparator')), row: p.headerRow });
    showMapping(p);
  }

  /** @param {ListPreview} p */
  function showMapping(p) {
    const named = p.headers.filter((header, i) => header !== '' && p.headers.indexOf(header) === i);
    const columns = /** @type {[string, string][]} */ (named.map((header) => [header, header]));
    const single = (/** @type {'phone' | 'name' | 'custId'} */ key, /** @type {string} */ placeholder) => select(`list.${key}`, columns, p.suggestedMapping[key] ?? '', placeholder);
    const phone = single('phone', t('outreach.mapping.chooseColumn'));
    const name = single('name', t('common.none'));
    const custId = single('custId', t('common.none'));
    name.required = false;
    custId.required = false;
    const extra = named.map((header) => h('input', { type: 'checkbox', name: 'list.extra', value: header, checked: p.suggestedMapping.extra.includes(header) }));
    controls = { phone, name, custId, extra };
    mount(
      mappingSlot,
      h(
        'div',
        { class: 'grid', 'data-testid': 'list-mapping' },
        field('list.phone', t('outreach.mapping.phone'), phone, { required: true, hint: t('outreach.mapping.phoneHint') }),
        field('list.name', t('outreach.mapping.name'), name),
        field('list.custId', t('outreach.review.custId'), custId, { hint: t('outreach.mapping.custIdHint') }),
        group(
          'list.extra',
          t('outreach.mapping.extra'),
          [h('div', { class: 'checkbox-row' }, extra.map((box, i) => h('label', { class: 'checkbox' }, box, ` ${named[i]}`)))],
          { hint: t('outreach.mapping.extraHint') },
        ),
      ),
    );
    renderTable(p);
  }
  mappingSlot.addEventListener('change', () => {
    if (preview) renderTable(preview);
  });

  /** A column mapped as phone, name or customer id is not kept twice. @param {ListPreview} p */
  function renderTable(p) {
    if (!controls) return;
    const { phone, name, custId, extra } = controls;
    /** @type {Map<string, string>} */
    const roles = new Map();
    for (const [control, role] of /** @type {const} */ ([[phone, 'phone'], [name, 'name'], [custId, 'custId']])) if (control.value && !roles.has(control.value)) roles.set(control.value, t(`outreach.mapping.tag.${role}`));
    for (const box of extra) {
      box.disabled = roles.has(box.value);
      if (box.disabled) box.checked = false;
    }
    const kept = new Set(extra.filter((b) => b.checked).map((b) => b.value));
    const roleOf = (/** @type {string} */ header) => roles.get(header) ?? (kept.has(header) ? t('outreach.mapping.tag.kept') : null);
    mount(
      previewSlot,
      h(
        'div',
        { class: 'table-wrap list-preview' },
        h(
          'table',
          { class: 'table', 'data-testid': 'list-preview' },
          h('caption', { class: 'table-caption', text: t('outreach.mapping.caption', { n: p.rows.length, file: p.fileName }) }),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col', class: 'num', text: t('outreach.filtered.row') }),
              p.headers.map((header) => {
                const role = roleOf(header);
                return h('th', { scope: 'col', class: role ? 'mapped' : 'unmapped' }, h('span', { class: 'stack' }, header || t('outreach.mapping.noName'), h('span', { class: role ? 'map-tag' : 'map-tag map-tag-off', text: role ?? t('outreach.mapping.tag.notKept') })));
              }),
            ),
          ),
          h('tbody', {}, p.rows.map((row, i) => h('tr', {}, h('td', { class: 'num muted', text: String(p.headerRow + i + 1) }), row.map((cell, c) => h('td', { class: roleOf(p.headers[c] ?? '') ? null : 'muted', text: cell }))))),
        ),
      ),
    );
  }

  const element = h(
    'div',
    { class: 'grid' },
    field('list.file', t('outreach.listFile.label'), input, { required: true, wide: true, hint: t('outreach.listFile.hint') }),
    h('div', { class: 'field-wide' }, status),
    mappingSlot,
    previewSlot,
  );

  return {
    element,
    file: () => file,
    preview: () => preview,
    /** @returns {ListMapping} */
    mapping() {
      const c = /** @type {NonNullable<typeof controls>} */ (controls);
      return {
        phone: c.phone.value,
        ...(c.name.value ? { name: c.name.value } : {}),
        ...(c.custId.value ? { custId: c.custId.value } : {}),
        extra: c.extra.filter((b) => b.checked).map((b) => b.value),
      };
    },
    /** A file read and a phone column chosen; otherwise says what is missing at its field. */
    check() {
      if (!checkSection(element)) return false;
      if (!preview || !controls) {
        showFieldErrors(element, [{ path: 'list.file', message: t('outreach.listFile.unread') }]);
        input.focus();
        return false;
      }
      const extra = controls.extra.filter((b) => b.checked);
      if (extra.length > 20) {
        showFieldErrors(element, [{ path: 'list.extra', message: t('outreach.mapping.tooMany', { n: extra.length }) }]);
        return false;
      }
      return true;
    },
  };
}
