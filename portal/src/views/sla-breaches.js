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
import { t, tn } from '../i18n.js';
import { daysOf, instantsOf, periodFields, presetLinks } from '../period.js';
import { hasRole } from '../session.js';
import { clockStateBadge, csvButton, departmentNames, filtersToHash, kindLabel, kindOptions, notForYou, reportError } from '../sla.js';
import { idLink, linkTable, stepLabel, tierBadge } from '../ui.js';

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

  const departmentSelect = h('select', { name: 'department', 'data-testid': 'filter-department' }, h('option', { value: '', text: t('sla.allDepartments') }), department && h('option', { value: department, selected: true, text: department }));
  const form = h(
    'form',
    { class: 'filters', 'aria-label': t('sla.breaches.filters') },
    periodFields(fromDay, toDay),
    h('label', { class: 'filter' }, h('span', { text: t('wo.col.department') }), departmentSelect),
    h(
      'label',
      { class: 'filter' },
      h('span', { text: t('sla.col.clock') }),
      h('select', { name: 'kind', 'data-testid': 'filter-kind' }, h('option', { value: '', text: t('sla.allClocks') }), kindOptions().map(([value, text]) => h('option', { value, selected: value === kind, text }))),
    ),
    h('button', { type: 'submit', class: 'button button-primary', text: t('common.apply') }),
  );
  filtersToHash(form, hashOf);
  const csv = csvButton(`/api/sla/breaches${query({ ...apiParams, limit: String(CSV_LIMIT), format: 'csv' })}`, 'sla-breaches.csv');

  const count = h('span', { class: 'count', 'data-testid': 'breach-count' });
  const presetSlot = h('div', { class: 'presets-slot' });
  const caption = h('p', { class: 'report-caption muted' });
  const results = h('div', { class: 'report-results', 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('sla.breaches.loading') }));
  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'sla-breaches' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('nav.slaBreaches') }), h('div', { class: 'panel-tools' }, count, csv)),
      form,
      presetSlot,
      caption,
      results,
    ),
  );

  async function load() {
    mount(results, h('p', { class: 'loading', text: t('sla.breaches.loading') }));
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
      h('option', { value: '', text: list.scope.departments === 'all' ? t('sla.allDepartments') : t('sla.allMyDepartments') }),
      allowed.map((id) => h('option', { value: id, selected: id === department, text: names.get(id) ?? id })),
    );
    const withPeriod = (/** @type {string} */ from, /** @type {string} */ to) => hashOf(new URLSearchParams({ from, to, department, kind }));
    mount(presetSlot, presetLinks(new Date(list.generatedAt), withPeriod, { from: fromDay, to: toDay }));
    mount(caption, t('sla.breaches.caption', { from: formatDateTime(list.period.from), to: formatDateTime(list.period.to), at: formatDateTime(list.generatedAt) }));
    const ongoing = list.items.filter((b) => b.ongoing).length;
    count.textContent = `${tn('sla.breaches.count', list.total)}${ongoing ? ` · ${t('sla.breaches.ongoing', { n: ongoing })}` : ''}`;
    mount(
      results,
      list.truncated && h('p', { class: 'notice', text: t('sla.breaches.truncated', { n: list.items.length, total: list.total }) }),
      linkTable({
        testId: 'breaches',
        rows: list.items,
        href: workOrderHash,
        rowClass: (b) => (b.ongoing ? 'row-overdue' : ''),
        empty: t('sla.breaches.empty'),
        columns: [
          { label: t('sla.col.breached'), cell: (b) => h('time', { datetime: b.breachedAt, text: formatDateTime(b.breachedAt) }), className: 'nowrap' },
          { label: t('wo.col.workOrder'), cell: (b) => idLink(b.workOrderId, workOrderHash(b)) },
          {
            label: t('sla.col.clockStep'),
            cell: (b) =>
              h(
                'div',
                { class: 'stack' },
                h('span', { title: kindLabel(b.kind), text: humanize(b.kind) }),
                b.stepName
                  ? h('span', { class: 'muted small', title: b.stepElementId ?? '', 'data-step': b.stepElementId ?? '', text: t('sla.breaches.atStep', { step: stepLabel('wo', b.stepElementId ?? '', b.stepName) }) })
                  : h('span', { class: 'muted small', title: t('sla.breaches.noStepTitle'), text: t('sla.breaches.noStep') }),
              ),
          },
          { label: t('wo.col.department'), cell: (b) => (b.department ? names.get(b.department) ?? b.department : '—') },
          { label: t('sla.col.typeTier'), cell: (b) => h('div', { class: 'stack' }, h('span', { text: humanize(b.type) }), h('span', {}, tierBadge(b.tier))) },
          {
            label: t('sla.col.policyLimit'),
            cell: (b) => h('div', { class: 'stack' }, h('span', { class: 'mono nowrap', text: `${b.policy.id} v${b.policy.version}` }), h('span', { class: 'muted small nowrap', text: t('sla.workingMinutes', { n: b.targetMinutes }) })),
          },
          { label: t('wo.col.due'), cell: (b) => formatDateTime(b.dueAt), className: 'nowrap' },
          { label: t('sla.col.level'), cell: (b) => h('span', { class: b.levelReached > 0 ? 'level level-hot' : 'level', 'data-level': b.levelReached, text: t('sla.levelOf', { level: b.levelReached, levels: b.levels }) }) },
          { label: t('sla.col.state'), cell: (b) => clockStateBadge(b.state) },
          {
            label: t('sla.col.lateness'),
            cell: (b) => h('span', { class: 'nowrap text-danger' }, formatMinutes(b.latenessMinutes), b.ongoing ? h('span', { class: 'muted small', text: ` ${t('sla.breaches.soFar')}` }) : null),
            className: 'num',
          },
        ],
      }),
    );
  }

  void load();
}
