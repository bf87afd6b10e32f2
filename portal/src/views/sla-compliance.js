// @ts-check
/**
 * #/sla/compliance?from=2026-11-01&to=2026-11-30&groupBy=department&kind=resolution: how many
 * SLA clocks met their limit and how many broke it, per department, work-order type, customer
 * tier or clock kind, with the lateness of the late ones, as charts, a table and a CSV file.
 * Auditors and admins see every department, supervisors their own (the API decides).
 */
import { api, query } from '../api.js';
import { latenessChart, metLateChart } from '../charts.js';
import { h, mount } from '../dom.js';
import { formatDateTime, formatMinutes, formatRate } from '../format.js';
import { t } from '../i18n.js';
import { daysOf, instantsOf, periodFields, presetLinks } from '../period.js';
import { hasRole } from '../session.js';
import { csvButton, departmentNames, filtersToHash, GROUPINGS, groupingLabel, groupLabeller, kindLabel, kindOptions, notForYou, reportError } from '../sla.js';

/** @typedef {import('../types.js').ComplianceReport} ComplianceReport */
/** @typedef {import('../types.js').ComplianceRow} ComplianceRow */
/** @typedef {import('../types.js').ComplianceGrouping} ComplianceGrouping */

const HASH = '#/sla/compliance';

/** @param {URLSearchParams} params */
function hashOf(params) {
  const kept = new URLSearchParams();
  for (const [name, value] of params) if (value) kept.set(name, value);
  const text = kept.toString();
  return `${HASH}${text ? `?${text}` : ''}`;
}

/**
 * @param {string} name
 * @param {string} label
 * @param {[string, string][]} options value, label
 * @param {string} current
 */
function select(name, label, options, current) {
  return h(
    'label',
    { class: 'filter' },
    h('span', { text: label }),
    h('select', { name, 'data-testid': `filter-${name}` }, options.map(([value, text]) => h('option', { value, selected: value === current, text }))),
  );
}

/** @type {import('../main.js').View} */
export function renderSlaCompliance(container, route) {
  const params = route.params;
  const asked = params.get('groupBy') ?? '';
  const groupBy = /** @type {ComplianceGrouping} */ ((/** @type {readonly string[]} */ (GROUPINGS)).includes(asked) ? asked : 'department');
  const kind = params.get('kind') || (groupBy === 'kind' ? 'all' : 'resolution');
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';
  const period = instantsOf(fromDay, toDay);
  const apiParams = { ...period, groupBy, kind };

  const form = h(
    'form',
    { class: 'filters', 'aria-label': t('sla.filters') },
    periodFields(fromDay, toDay),
    select('groupBy', t('sla.groupBy'), GROUPINGS.map((g) => [g, groupingLabel(g)]), groupBy),
    select('kind', t('sla.col.clock'), [...kindOptions(), ['all', t('sla.allClocks')]], kind),
    h('button', { type: 'submit', class: 'button button-primary', text: t('common.apply') }),
  );
  // grouping by clock means comparing the clocks: all of them, unless one was picked on purpose
  form.addEventListener('change', (event) => {
    const kindField = form.elements.namedItem('kind');
    const changed = event.target;
    if (changed instanceof HTMLSelectElement && changed.name === 'groupBy' && changed.value === 'kind' && kindField instanceof HTMLSelectElement && kindField.value === 'resolution') kindField.value = 'all';
  });
  filtersToHash(form, hashOf);
  const csv = csvButton(`/api/sla/compliance${query({ ...apiParams, format: 'csv' })}`, 'sla-compliance.csv');

  const presetSlot = h('div', { class: 'presets-slot' });
  const caption = h('p', { class: 'report-caption muted' });
  const results = h('div', { class: 'report-results', 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('sla.loadingReport') }));
  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'sla-compliance' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('nav.slaCompliance') }), h('div', { class: 'panel-tools' }, csv)),
      form,
      presetSlot,
      caption,
      results,
    ),
  );

  async function load() {
    mount(results, h('p', { class: 'loading', text: t('sla.loadingReport') }));
    try {
      const [report, names] = await Promise.all([api.slaCompliance(apiParams), departmentNames()]);
      show(report, names);
    } catch (err) {
      if (!hasRole('auditor', 'admin', 'supervisor')) {
        mount(container, notForYou(err));
        return;
      }
      mount(results, reportError(err, () => void load()));
    }
  }

  /**
   * @param {ComplianceReport} report
   * @param {Map<string, string>} names
   */
  function show(report, names) {
    const days = daysOf(report.period);
    // a period left to the server's default shows the days it chose
    for (const [name, value] of Object.entries(days)) {
      const input = form.elements.namedItem(name);
      if (input instanceof HTMLInputElement && !input.value) input.value = value;
    }
    const withPeriod = (/** @type {string} */ from, /** @type {string} */ to) => hashOf(new URLSearchParams({ from, to, groupBy, kind }));
    mount(presetSlot, presetLinks(new Date(report.generatedAt), withPeriod, { from: fromDay, to: toDay }));
    const scope = report.scope.departments === 'all' ? t('sla.everyDepartment') : report.scope.departments.map((d) => names.get(d) ?? d).join(', ');
    mount(
      caption,
      t('sla.compliance.caption', {
        clocks: report.kind === 'all' ? t('sla.allClocks') : t('sla.kindClocks', { kind: kindLabel(report.kind) }),
        from: formatDateTime(report.period.from),
        to: formatDateTime(report.period.to),
        scope,
      }),
      ' ',
      t('sla.compliance.overdueNote', { at: formatDateTime(report.generatedAt) }),
    );
    const labelOf = groupLabeller(report.groupBy, names);
    if (report.groups.length === 0) {
      mount(results, h('div', { class: 'empty', 'data-testid': 'report-empty', text: t('sla.compliance.empty') }));
      return;
    }
    const breachesHash = (/** @type {string | null} */ group) =>
      `#/sla/breaches${query({
        from: days.from,
        to: days.to,
        kind: report.kind === 'all' ? (report.groupBy === 'kind' ? group : undefined) : report.kind,
        department: report.groupBy === 'department' ? group : undefined,
      })}`;
    mount(
      results,
      totals(report.total),
      h('div', { class: 'charts' }, metLateChart(report.groups, labelOf), latenessChart(report.groups, labelOf)),
      table(report, labelOf, breachesHash),
      h('p', { class: 'muted small report-note', text: t('sla.compliance.note') }),
    );
  }

  void load();
}

/** @param {ComplianceRow} total */
function totals(total) {
  /** @param {string} label @param {string} value @param {string} [tone] @param {string} [testId] */
  const tile = (label, value, tone, testId) => h('div', { class: `tile ${tone ? `tile-${tone}` : ''}`.trim(), 'data-testid': testId ?? null }, h('span', { class: 'tile-value', text: value }), h('span', { class: 'tile-label', text: label }));
  return h(
    'div',
    { class: 'tiles', 'data-testid': 'totals' },
    tile(t('sla.tile.finished'), String(total.finished)),
    tile(t('sla.tile.met'), formatRate(total.metRate), total.metRate !== null && total.metRate < 0.9 ? 'warn' : 'ok', 'total-met-rate'),
    tile(t('sla.tile.late'), String(total.late), total.late > 0 ? 'bad' : undefined, 'total-late'),
    tile(t('sla.tile.averageLateness'), formatMinutes(total.averageLatenessMinutes)),
    tile(t('sla.tile.p90Lateness'), formatMinutes(total.p90LatenessMinutes)),
    tile(t('sla.tile.overdueNow'), String(total.overdueNow), total.overdueNow > 0 ? 'bad' : undefined),
    tile(t('sla.tile.cancelled'), String(total.cancelled)),
  );
}

/**
 * @param {ComplianceReport} report
 * @param {(group: string | null) => string} labelOf
 * @param {(group: string | null) => string} breachesHash
 */
function table(report, labelOf, breachesHash) {
  /** @param {number} n @param {string} [tone] */
  const count = (n, tone) => h('span', { class: n > 0 && tone ? tone : null, text: String(n) });
  /** @param {ComplianceRow} r @param {boolean} total */
  const cells = (r, total) => [
    h(total ? 'th' : 'td', { scope: total ? 'row' : null, text: total ? t('common.all') : labelOf(r.group) }),
    h('td', { class: 'num' }, count(r.finished)),
    h('td', { class: 'num' }, count(r.met)),
    h('td', { class: 'num' }, r.late > 0 && !total ? h('a', { href: breachesHash(r.group), class: 'text-danger', title: t('sla.compliance.breachesOfGroup'), text: String(r.late) }) : count(r.late, 'text-danger')),
    h('td', { class: 'num' }, formatRate(r.metRate)),
    h('td', { class: 'num' }, formatMinutes(r.averageLatenessMinutes)),
    h('td', { class: 'num' }, formatMinutes(r.p90LatenessMinutes)),
    h('td', { class: 'num' }, formatMinutes(r.maxLatenessMinutes)),
    h('td', { class: 'num' }, count(r.cancelled)),
    h('td', { class: 'num' }, count(r.overdueNow, 'text-danger')),
  ];
  const headers = [
    groupingLabel(report.groupBy),
    ...['finished', 'met', 'late', 'metRate', 'averageLateness', 'p90Lateness', 'maxLateness', 'cancelled', 'overdueNow'].map((c) => t(`sla.col.${c}`)),
  ];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table report-table', 'data-testid': 'compliance-table' },
      h('caption', { class: 'visually-hidden', text: t('sla.compliance.tableCaption', { grouping: groupingLabel(report.groupBy).toLowerCase() }) }),
      h('thead', {}, h('tr', {}, headers.map((label, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : null, text: label })))),
      h('tbody', {}, report.groups.map((r) => h('tr', { 'data-group': r.group ?? '' }, cells(r, false)))),
      h('tfoot', {}, h('tr', {}, cells(report.total, true))),
    ),
  );
}
