// @ts-check
/**
 * #/campaigns/CP-...: one campaign live. Its state and the commands its managers may give now
 * (launch, pause, resume, stop after a confirmation), the counts and a chart of where its
 * contacts stand, the list's filtering report, the history, and the CSV reports. While it reads
 * its list or calls, the page looks again every few seconds. Auditors read it without commands.
 */
import { api, ApiError } from '../api.js';
import { settingsFacts } from '../campaign-form.js';
import { campaignStateBadge, dayRange, dialModeLabel, filteredRows, kindLabel, reasonsChart, rowsRead } from '../campaigns.js';
import { stackChart } from '../charts.js';
import { h, mount } from '../dom.js';
import { formDialog } from '../form-dialog.js';
import { formatDateTime, humanize } from '../format.js';
import { t } from '../i18n.js';
import { showError, showInfo } from '../messages.js';
import { hasRole } from '../session.js';
import { csvButton, reportError } from '../sla.js';
import { notFoundPanel } from '../ui.js';

/** @typedef {import('../types.js').Campaign} Campaign */
/** @typedef {import('../types.js').CampaignCommand} CampaignCommand */
/** @typedef {import('../types.js').CampaignState} CampaignState */

/** While the campaign reads its list or has calls under way, the page looks again this often (ms). */
const LIVE_REFRESH_MS = 3_000;
const LIVE_STATES = /** @type {CampaignState[]} */ (['importing', 'running', 'paused']);

/**
 * Each command: the states it applies in (services/campaign-service.ts), its button, what is
 * said once done, and a confirmation for the ones that cannot be undone (i18n keys).
 */
const COMMANDS = /** @type {const} */ ([
  { command: 'launch', from: ['ready'], label: 'outreach.command.launch', tone: 'primary', done: 'outreach.command.launched' },
  { command: 'pause', from: ['running'], label: 'outreach.command.pause', tone: null, done: 'outreach.command.paused' },
  { command: 'resume', from: ['paused'], label: 'outreach.command.resume', tone: 'primary', done: 'outreach.command.resumed' },
  {
    command: 'stop',
    from: ['draft', 'ready', 'running', 'paused'],
    label: 'outreach.command.stop',
    tone: 'danger',
    done: 'outreach.command.stopped',
    confirm: {
      title: 'outreach.command.stopTitle',
      help: 'outreach.command.stopHelp',
      button: 'outreach.command.stopButton',
    },
  },
]);

/** Where the contacts stand, in the chart's order: how they ended (domain/campaign/campaign.ts ContactResults), then under way, then not called yet; each labelled `outreach.result.<part>`. */
const PARTS = /** @type {const} */ (['success', 'reached', 'refused', 'unreachable', 'invalid-number', 'fax', 'excluded', 'stopped']);

/**
 * @param {string} title
 * @param {(Node | string | false | null | undefined)[]} content
 * @param {string} [testId]
 */
const panel = (title, content, testId) =>
  h('section', { class: 'panel', 'data-testid': testId ?? null }, h('div', { class: 'panel-head' }, h('h2', { text: title })), h('div', { class: 'panel-body' }, ...content));

/** @type {import('../main.js').View} */
export async function renderCampaign(container, route) {
  const id = route.path[1] ?? '';
  const manages = hasRole('supervisor', 'admin');
  const units = await api.units().catch(() => []);
  const unitName = (/** @type {string} */ unitId) => units.find((u) => u.unitId === unitId)?.name ?? unitId;

  const headerSlot = h('div');
  const actionsSlot = h('div');
  const progressSlot = h('div', { 'aria-live': 'polite' });
  const listSlot = h('div');
  const historySlot = h('div');
  const settingsSlot = h('div');
  const updated = h('span', { class: 'muted small', 'data-testid': 'updated' });
  /** @type {number | undefined} */
  let timer;
  let disposed = false;
  /** @type {Campaign | undefined} */
  let shown;
  /** The list the report was drawn for: it is drawn again only when the list changes. */
  let listKey = '';

  async function load() {
    clearTimeout(timer);
    try {
      const campaign = await api.campaign(id);
      if (disposed) return;
      show(campaign);
      const time = new Date().toLocaleTimeString('en-GB');
      updated.textContent = LIVE_STATES.includes(campaign.state) ? t('outreach.campaign.live', { time }) : t('outreach.campaign.updated', { time });
      if (LIVE_STATES.includes(campaign.state)) timer = window.setTimeout(() => void load(), LIVE_REFRESH_MS);
    } catch (err) {
      if (disposed) return;
      if (!shown) throw err;
      // the page keeps the last state it had; the next look may succeed
      updated.textContent = t('outreach.campaign.notUpdated', { reason: err instanceof Error ? err.message : String(err) });
      timer = window.setTimeout(() => void load(), LIVE_REFRESH_MS);
    }
  }

  /** @param {Campaign} campaign */
  function show(campaign) {
    if (shown?.state !== campaign.state) {
      mount(headerSlot, header(campaign, unitName));
      mount(actionsSlot, actionsBar(campaign));
    }
    shown = campaign;
    mount(progressSlot, progressPanel(campaign));
    const key = `${campaign.list?.state ?? 'none'}/${campaign.list?.rows ?? 0}/${campaign.list?.finishedAt ?? ''}`;
    if (key !== listKey) {
      listKey = key;
      void showList(campaign);
    }
    mount(historySlot, historyPanel(campaign));
  }

  /** @param {Campaign} campaign */
  function actionsBar(campaign) {
    const allowed = manages ? COMMANDS.filter((c) => /** @type {readonly string[]} */ (c.from).includes(campaign.state)) : [];
    const reportCsv = csvButton(`/api/campaigns/${encodeURIComponent(campaign.campaignId)}/report`, `campaign-report_${campaign.campaignId}.csv`, { label: t('outreach.campaign.reportCsv'), testId: 'report-csv' });
    const mayImport = manages && (campaign.state === 'draft' || campaign.state === 'ready');
    return h(
      'section',
      { class: 'actions', 'aria-label': t('outreach.campaign.commands'), 'data-testid': 'campaign-actions' },
      allowed.map((c) =>
        h('button', { type: 'button', class: `button ${c.tone ? `button-${c.tone}` : ''}`.trim(), 'data-command': c.command, text: t(c.label), onclick: () => void command(campaign, c) }),
      ),
      mayImport && h('a', { class: 'button', href: `#/campaigns/${encodeURIComponent(campaign.campaignId)}/list`, 'data-testid': 'import-list', text: campaign.list ? t('outreach.campaign.importAnother') : t('outreach.campaign.importList') }),
      !manages && h('span', { class: 'muted', 'data-testid': 'read-only', text: t('outreach.campaign.readOnly') }),
      manages &&
        allowed.length === 0 &&
        !mayImport &&
        h('span', { class: 'muted', text: campaign.state === 'importing' ? t('outreach.campaign.beingImported') : t('outreach.campaign.isState', { state: humanize(campaign.state).toLowerCase() }) }),
      h('span', { class: 'actions-end' }, reportCsv),
    );
  }

  /**
   * @param {Campaign} campaign
   * @param {(typeof COMMANDS)[number]} spec
   */
  async function command(campaign, spec) {
    let note;
    if ('confirm' in spec) {
      note = await confirmCommand(campaign, spec.confirm);
      if (note === null) return;
    }
    const buttons = actionsSlot.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    try {
      const changed = await api.campaignCommand(campaign.campaignId, spec.command, note);
      showInfo(t(spec.done));
      shown = undefined;
      show(changed);
    } catch (err) {
      showError(err);
      buttons.forEach((b) => (b.disabled = false));
    }
    void load();
  }

  /** @param {Campaign} campaign */
  async function showList(campaign) {
    const list = campaign.list;
    if (!list) {
      mount(listSlot, panel(t('outreach.listPanel.title'), [h('div', { class: 'empty', 'data-testid': 'no-list', text: manages ? t('outreach.listPanel.noneManager') : t('outreach.listPanel.none') })]));
      return;
    }
    const file = { file: list.fileName, format: list.format.toUpperCase(), from: formatDateTime(list.startedAt) };
    const about = h('p', { class: 'muted small list-about', text: list.finishedAt ? t('outreach.listPanel.aboutDone', { ...file, to: formatDateTime(list.finishedAt) }) : t('outreach.listPanel.about', file) });
    if (list.state === 'importing') {
      const expected = list.expectedRows ?? 0;
      mount(
        listSlot,
        panel(t('outreach.listPanel.title'), [
          about,
          h('p', { 'data-testid': 'import-progress', text: t('outreach.listPanel.importing', { read: rowsRead(list), n: list.eligible }) }),
          expected > 0 && h('progress', { class: 'progress progress-wide', max: expected, value: Math.min(list.rows, expected), 'aria-label': rowsRead(list) }),
        ]),
      );
      return;
    }
    if (list.state === 'failed') {
      mount(
        listSlot,
        panel(t('outreach.listPanel.title'), [
          about,
          h('div', { class: 'message message-error', role: 'alert' }, h('strong', { class: 'message-title', text: t('outreach.listPanel.failed', { reason: humanize(list.errorCode ?? 'failed') }) }), list.error && h('span', { class: 'message-detail', text: list.error })),
        ]),
      );
      return;
    }
    let rows;
    try {
      rows = await filteredRows(campaign);
    } catch (err) {
      rows = reportError(err, () => {
        listKey = '';
        void load();
      });
    }
    if (!disposed) mount(listSlot, panel(t('outreach.listPanel.title'), [about, rows], 'list-panel'));
  }

  mount(
    container,
    h(
      'div',
      { class: 'campaign', 'data-campaign-id': id },
      h('nav', { class: 'crumbs', 'aria-label': t('outreach.crumbs') }, h('a', { href: '#/campaigns', text: t('outreach.list.title') }), ' / ', h('span', { class: 'mono', text: id })),
      headerSlot,
      actionsSlot,
      h('section', { class: 'panel', 'data-testid': 'progress' }, h('div', { class: 'panel-head' }, h('h2', { text: t('outreach.campaign.progress') }), h('div', { class: 'panel-tools' }, updated)), progressSlot),
      listSlot,
      h('div', { class: 'columns' }, historySlot, settingsSlot),
    ),
  );
  try {
    await load();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    mount(container, notFoundPanel({ title: t('outreach.campaign.notFound'), text: t('outreach.campaign.notFoundText', { id }), back: { href: '#/campaigns', text: t('outreach.campaign.backToList') } }));
    return;
  }
  if (shown) mount(settingsSlot, settingsPanel(shown, unitName));
  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}

/**
 * @param {Campaign} c
 * @param {(unitId: string) => string} unitName
 */
function header(c, unitName) {
  /** @param {string} label @param {string} value @param {string} [testId] */
  const fact = (label, value, testId) => h('div', { class: 'fact', 'data-testid': testId ?? null }, h('dt', { text: label }), h('dd', { text: value }));
  const s = c.settings;
  return h(
    'section',
    { class: 'panel wo-header' },
    h('div', { class: 'wo-title' }, h('h1', { text: s.name }), h('span', { 'data-testid': 'campaign-state' }, campaignStateBadge(c.state)), h('span', { class: 'mono muted', text: c.campaignId })),
    h('p', { class: 'wo-subtitle' }, h('strong', { text: kindLabel(s.kind) }), ' · ', dialModeLabel(s.dialMode), ' · ', unitName(s.departmentId)),
    h(
      'dl',
      { class: 'facts' },
      fact(t('outreach.facts.days'), dayRange(s)),
      fact(t('outreach.form.calendar'), s.windows.calendarId),
      fact(t('outreach.facts.pacing'), t('outreach.campaign.perWave', { n: s.pacing.waveSize })),
      fact(t('outreach.facts.attempts'), t('outreach.facts.atMost', { n: s.rules.attemptCap })),
      fact(t('outreach.campaign.created'), t('outreach.campaign.createdBy', { at: formatDateTime(c.createdAt), by: c.createdBy })),
    ),
  );
}

/** The counts and the chart of where the contacts stand. @param {Campaign} c */
function progressPanel(c) {
  const p = c.progress;
  /** @param {string} label @param {number} value @param {string} key @param {string} [tone] */
  const tile = (label, value, key, tone) =>
    h('div', { class: `tile ${tone ? `tile-${tone}` : ''}`.trim(), 'data-testid': `kpi-${key}` }, h('span', { class: 'tile-value', text: String(value) }), h('span', { class: 'tile-label', text: label }));
  const results = c.stats.results;
  const ended = PARTS.map((key) => ({ key, label: t(`outreach.result.${key}`), value: results[key] ?? 0 }));
  const parts = [
    ...ended,
    { key: 'calling', label: t('outreach.result.calling'), value: Math.max(0, p.launched - p.done) },
    { key: 'waiting', label: t('outreach.result.waiting'), value: Math.max(0, p.eligible - p.launched) },
  ].filter((part) => part.value > 0);
  return h(
    'div',
    { class: 'campaign-progress' },
    h(
      'div',
      { class: 'tiles', 'data-testid': 'kpis' },
      tile(t('outreach.tile.eligible'), p.eligible, 'eligible'),
      tile(t('outreach.tile.filtered'), p.filtered, 'filtered', p.filtered > 0 ? 'warn' : undefined),
      tile(t('outreach.tile.launched'), p.launched, 'launched'),
      tile(t('outreach.tile.attempted'), p.attempted, 'attempted'),
      tile(t('outreach.tile.reached'), p.reached, 'reached'),
      tile(t('outreach.tile.success'), p.success, 'success', p.success > 0 ? 'ok' : undefined),
      tile(t('outreach.tile.remaining'), p.remaining, 'remaining'),
    ),
    h('div', { class: 'charts' }, stackChart(t('outreach.campaign.chart'), parts, t('outreach.campaign.chartEmpty')), c.list?.state === 'done' && reasonsChart(c.list)),
  );
}

/** @param {Campaign} c */
function historyPanel(c) {
  const entries = [...c.history].reverse();
  return panel(t('outreach.campaign.history'), [
    h(
      'ol',
      { class: 'timeline', 'data-testid': 'history' },
      entries.map((e) =>
        h(
          'li',
          { class: 'timeline-item', 'data-action': e.action },
          h('time', { class: 'timeline-time', datetime: e.at, text: formatDateTime(e.at) }),
          h('div', { class: 'timeline-body' }, h('strong', { text: humanize(e.action) }), h('div', { class: 'muted small', text: t('outreach.campaign.by', { by: e.by }) }), e.note && h('div', { class: 'timeline-note', text: e.note })),
        ),
      ),
    ),
  ]);
}

/**
 * @param {Campaign} c
 * @param {(unitId: string) => string} unitName
 */
function settingsPanel(c, unitName) {
  return panel(t('outreach.campaign.settings'), [
    h('dl', { class: 'kv-list' }, settingsFacts(c.settings, unitName).map(([label, value]) => h('div', { class: 'kv' }, h('dt', { text: label }), h('dd', { text: value })))),
    h('div', { class: 'preview-script' }, h('h3', { text: t('outreach.form.script') }), h('p', { class: 'prose', text: c.settings.script })),
  ]);
}

/**
 * Asks before a command that cannot be undone; a note may go with it.
 * @param {Campaign} campaign
 * @param {{ title: string, help: string, button: string }} texts i18n keys
 * @returns {Promise<string | undefined | null>} the note (undefined for none), or null when cancelled
 */
async function confirmCommand(campaign, texts) {
  const note = h('textarea', { id: 'command-note', name: 'note', rows: 3, maxlength: 1000 });
  const answer = await formDialog({
    title: t(texts.title, { name: campaign.settings.name }),
    testId: 'confirm-dialog',
    submitLabel: t(texts.button),
    submitTestId: 'confirm-command',
    danger: true,
    focusCancel: true,
    body: [
      h('p', { class: 'muted small mono', text: campaign.campaignId }),
      h('p', { class: 'dialog-help', text: t(texts.help) }),
      h('div', { class: 'field' }, h('label', { for: note.id, text: t('outreach.campaign.note') }), note),
    ],
    submit: () => Promise.resolve({ note: note.value.trim() || undefined }),
  });
  return answer && answer.note;
}
