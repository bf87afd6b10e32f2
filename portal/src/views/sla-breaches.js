// @ts-check
/**
 * #/sla/breaches?from=2026-11-01&to=2026-11-30&department=billing&kind=acceptance: the SLA
 * clocks that broke their limit in a period, newest first, with the step they broke it at,
 * the escalation level reached and how late they were; each row opens the work order at that
 * clock's timeline. A CSV file of the same list.
 */
import { api, departments, query } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime, formatMinutes, humanize } from '../format.js';
import { daysOf, instantsOf, periodFields, presetLinks } from '../period.js';
import { hasRole } from '../session.js';
import { CLOCK_KINDS, clockStateBadge, csvButton, departmentNames, filtersToHash, kindLabel, notForYou, reportError } from '../sla.js';
import { idLink, linkTable, tierBadge } from '../ui.js';

/** @typedef {import('../types.js').Breach} Breach */
/** @typedef {import('../types.js').BreachList} BreachList */

const HASH = '#/sla/breaches';
/** The CSV holds up to the API's maximum; the page shows the newest PAGE_LIMIT. */
const PAGE_LIMIT = 500;
const CSV_LIMIT = 10_000;

/** @param {URLSearchParams} params */
function hashOf(params) {
  const kept = new URLSearchParams();
  for (const [name, value] of params) if (value) kept.set(name, value);
  const text = kept.toString();
  return `${HASH}${text ? `?${text}` : ''}`;
}

/** The work order's page, opened at this clock's timeline. @param {Breach} b */
const workOrderHash = (b) => `#/work-orders/${encodeURIComponent(b.workOrderId)}?clock=${encodeURIComponent(b.clockId)}`;

/** @type {import('../main.js').View} */
export function renderSlaBreaches(container, route) {
  const params = route.params;
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';
  const department = params.get('department') ?? '';
  const kind = params.get('kind') ?? '';
  const apiParams = { ...instantsOf(fromDay, toDay), department: department || undefined, kind: kind || undefined };

  const departmentSelect = h('select', { name: 'department', 'data-testid': 'filter-department' }, h('option', { value: '', text: 'All departments' }), department && h('option', { value: department, selected: true, text: department }));
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Breach filters' },
    periodFields(fromDay, toDay),
    h('label', { class: 'filter' }, h('span', { text: 'Department' }), departmentSelect),
    h(
      'label',
      { class: 'filter' },
      h('span', { text: 'Clock' }),
      h('select', { name: 'kind', 'data-testid': 'filter-kind' }, h('option', { value: '', text: 'All clocks' }), Object.entries(CLOCK_KINDS).map(([value, text]) => h('option', { value, selected: value === kind, text }))),
    ),
    h('button', { type: 'submit', class: 'button button-primary', text: 'Apply' }),
  );
  filtersToHash(form, hashOf);
  const csv = csvButton(`/api/sla/breaches${query({ ...apiParams, limit: String(CSV_LIMIT), format: 'csv' })}`, 'sla-breaches.csv');

  const count = h('span', { class: 'count', 'data-testid': 'breach-count' });
  const presetSlot = h('div', { class: 'presets-slot' });
  const caption = h('p', { class: 'report-caption muted' });
  const results = h('div', { class: 'report-results', 'aria-live': 'polite' }, h('p', { class: 'loading', text: 'Loading the breaches…' }));
  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'sla-breaches' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: 'SLA breaches' }), h('div', { class: 'panel-tools' }, count, csv)),
      form,
      presetSlot,
      caption,
      results,
    ),
  );

  async function load() {
    mount(results, h('p', { class: 'loading', text: 'Loading the breaches…' }));
    try {
      const [list, names, units] = await Promise.all([
        api.slaBreaches({ ...apiParams, limit: String(PAGE_LIMIT) }),
        departmentNames(),
        departments().catch(() => []),
      ]);
      show(list, names, units);
    } catch (err) {
      if (!hasRole('auditor', 'admin', 'supervisor')) {
        mount(container, notForYou(err));
        return;
      }
      count.textContent = '';
      mount(results, reportError(err, () => void load()));
    }
  }

  /**
   * @param {BreachList} list
   * @param {Map<string, string>} names
   * @param {import('../types.js').Unit[]} units
   */
  function show(list, names, units) {
    const days = daysOf(list.period);
    for (const [name, value] of Object.entries(days)) {
      const input = form.elements.namedItem(name);
      if (input instanceof HTMLInputElement && !input.value) input.value = value;
    }
    // the departments this user may filter by: all, or the supervisor's own
    const allowed = list.scope.departments === 'all' ? units.map((u) => u.unitId) : list.scope.departments;
    mount(
      departmentSelect,
      h('option', { value: '', text: list.scope.departments === 'all' ? 'All departments' : 'All my departments' }),
      allowed.map((id) => h('option', { value: id, selected: id === department, text: names.get(id) ?? id })),
    );
    const withPeriod = (/** @type {string} */ from, /** @type {string} */ to) => hashOf(new URLSearchParams({ from, to, department, kind }));
    mount(presetSlot, presetLinks(new Date(list.generatedAt), withPeriod, { from: fromDay, to: toDay }));
    mount(caption, `Clocks whose limit passed from ${formatDateTime(list.period.from)} to ${formatDateTime(list.period.to)}, newest first. Lateness of a clock still counting: so far, at ${formatDateTime(list.generatedAt)}.`);
    const ongoing = list.items.filter((b) => b.ongoing).length;
    count.textContent = `${list.total} ${list.total === 1 ? 'breach' : 'breaches'}${ongoing ? ` · ${ongoing} still counting` : ''}`;
    mount(
      results,
      list.truncated && h('p', { class: 'notice', text: `Showing the newest ${list.items.length} of ${list.total}. Narrow the period, or download the CSV for all of them.` }),
      linkTable({
        testId: 'breaches',
        rows: list.items,
        href: workOrderHash,
        rowClass: (b) => (b.ongoing ? 'row-overdue' : ''),
        empty: 'No clock broke its limit in this period. Try a longer period, or all departments and clocks.',
        columns: [
          { label: 'Breached', cell: (b) => h('time', { datetime: b.breachedAt, text: formatDateTime(b.breachedAt) }), className: 'nowrap' },
          { label: 'Work order', cell: (b) => idLink(b.workOrderId, workOrderHash(b)) },
          {
            label: 'Clock · step',
            cell: (b) =>
              h(
                'div',
                { class: 'stack' },
                h('span', { title: kindLabel(b.kind), text: humanize(b.kind) }),
                b.stepName
                  ? h('span', { class: 'muted small', title: b.stepElementId ?? '', 'data-step': b.stepElementId ?? '', text: `at ${b.stepName}` })
                  : h('span', { class: 'muted small', title: 'no measured step was open when the limit passed', text: 'no step open' }),
              ),
          },
          { label: 'Department', cell: (b) => (b.department ? names.get(b.department) ?? b.department : '—') },
          { label: 'Type · tier', cell: (b) => h('div', { class: 'stack' }, h('span', { text: humanize(b.type) }), h('span', {}, tierBadge(b.tier))) },
          {
            label: 'Policy · limit',
            cell: (b) => h('div', { class: 'stack' }, h('span', { class: 'mono nowrap', text: `${b.policy.id} v${b.policy.version}` }), h('span', { class: 'muted small nowrap', text: `${b.targetMinutes} working min` })),
          },
          { label: 'Due', cell: (b) => formatDateTime(b.dueAt), className: 'nowrap' },
          { label: 'Level', cell: (b) => h('span', { class: b.levelReached > 0 ? 'level level-hot' : 'level', 'data-level': b.levelReached, text: `${b.levelReached} of ${b.levels}` }) },
          { label: 'State', cell: (b) => clockStateBadge(b.state) },
          {
            label: 'Lateness',
            cell: (b) => h('span', { class: 'nowrap text-danger' }, formatMinutes(b.latenessMinutes), b.ongoing ? h('span', { class: 'muted small', text: ' so far' }) : null),
            className: 'num',
          },
        ],
      }),
    );
  }

  void load();
}
