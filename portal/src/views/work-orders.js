// @ts-check
/**
 * #/work-orders?status=&type=&tier=&overdue=true&q=: the work orders the caller may see, newest
 * first, with filters in the address (so back, forward and bookmarks keep them) and "load more"
 * through the API's cursor.
 */
import { api } from '../api.js';
import { h, mount, textOf } from '../dom.js';
import { formatDateTime, humanize } from '../format.js';
import { t } from '../i18n.js';
import { TIERS, WORK_ORDER_TYPES as TYPES } from '../work-order-codes.js';
import { showError } from '../messages.js';
import { dueCell, idLink, linkTable, priorityBadge, statusBadge, tierBadge } from '../ui.js';

/** @typedef {import('../types.js').WorkOrderSummary} WorkOrderSummary */

const STATUSES = ['pending', 'routing', 'dispatched', 'returned', 'in-progress', 'collaborating', 'in-review', 'verifying', 'closed', 'cancelled'];
const PAGE_SIZE = 25;

/**
 * @param {string} name
 * @param {string} label
 * @param {string[]} options
 * @param {string} current
 */
function filterSelect(name, label, options, current) {
  return h(
    'label',
    { class: 'filter' },
    h('span', { text: label }),
    h('select', { name }, h('option', { value: '', text: t('common.all') }), options.map((o) => h('option', { value: o, selected: o === current, text: humanize(o) }))),
  );
}

/** @type {import('../main.js').View} */
export function renderWorkOrders(container, route) {
  const params = route.params;
  const q = h('input', { name: 'q', type: 'search', value: params.get('q') ?? '', placeholder: t('wo.list.searchPlaceholder') });
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    h('label', { class: 'filter filter-grow' }, h('span', { text: t('common.search') }), q),
    filterSelect('status', t('wo.col.status'), STATUSES, params.get('status') ?? ''),
    filterSelect('type', t('wo.col.type'), TYPES, params.get('type') ?? ''),
    filterSelect('tier', t('wo.col.tier'), TIERS, params.get('tier') ?? ''),
    h('label', { class: 'filter filter-check' }, h('input', { type: 'checkbox', name: 'overdue', value: 'true', checked: params.get('overdue') === 'true' }), h('span', { text: t('wo.list.overdueOnly') })),
    h('button', { type: 'submit', class: 'button button-primary', text: t('common.apply') }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (textOf(value).trim()) next.set(name, textOf(value).trim());
    const text = next.toString();
    location.hash = `#/work-orders${text ? `?${text}` : ''}`;
  });

  const results = h('div');
  const more = h('button', { type: 'button', class: 'button', hidden: true, text: t('wo.list.nextPage'), 'data-testid': 'next-page' });
  const count = h('span', { class: 'count' });
  mount(
    container,
    h(
      'section',
      { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('wo.list.title') }), h('div', { class: 'panel-tools' }, count)),
      form,
      results,
      h('div', { class: 'panel-foot' }, more),
    ),
  );

  /** @type {WorkOrderSummary[]} */
  const rows = [];
  /** @type {string | null} */
  let cursor = null;

  /** @param {string | null} from */
  async function load(from) {
    more.disabled = true;
    try {
      const page = await api.workOrders({
        status: params.get('status') ?? undefined,
        type: params.get('type') ?? undefined,
        tier: params.get('tier') ?? undefined,
        overdue: params.get('overdue') === 'true' ? 'true' : undefined,
        q: params.get('q') ?? undefined,
        limit: PAGE_SIZE,
        cursor: from ?? undefined,
      });
      rows.push(...page.items);
      cursor = page.nextCursor;
      count.textContent = t(cursor ? 'wo.list.shownMore' : 'wo.list.shown', { n: rows.length });
      more.hidden = !cursor;
      mount(
        results,
        linkTable({
          testId: 'work-orders',
          rows,
          href: (w) => `#/work-orders/${encodeURIComponent(w.workOrderId)}`,
          rowClass: (w) => (w.overdue ? 'row-overdue' : ''),
          empty: t('wo.list.empty'),
          columns: [
            { label: t('wo.col.workOrder'), cell: (w) => idLink(w.workOrderId, `#/work-orders/${encodeURIComponent(w.workOrderId)}`) },
            { label: t('wo.col.created'), cell: (w) => formatDateTime(w.createdAt), className: 'nowrap' },
            { label: t('wo.col.status'), cell: (w) => statusBadge(w.status) },
            { label: t('wo.col.type'), cell: (w) => humanize(w.type) },
            { label: t('wo.col.category'), cell: (w) => h('span', { class: 'category', text: w.category }) },
            { label: t('wo.col.customer'), cell: (w) => w.customer?.name ?? '—' },
            { label: t('wo.col.tier'), cell: (w) => tierBadge(w.customer?.tier) },
            { label: t('wo.col.priority'), cell: (w) => priorityBadge(w.priority) },
            { label: t('wo.col.department'), cell: (w) => w.department ?? '—' },
            { label: t('wo.col.due'), cell: (w) => dueCell(w.dueAt, w.overdue, w.status === 'closed' || w.status === 'cancelled'), className: 'col-due' },
          ],
        }),
      );
    } catch (err) {
      showError(err);
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener('click', () => void load(cursor));
  void load(null);
}
