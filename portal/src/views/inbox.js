// @ts-check
/** #/inbox (department inbox) and #/inbox/mine (my tasks): open tasks, soonest due first. */
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime, humanize } from '../format.js';
import { showError } from '../messages.js';
import { hasRole } from '../session.js';
import { dueCell, idLink, linkTable, priorityBadge, statusBadge, tierBadge } from '../ui.js';

/** @typedef {import('../types.js').InboxTask} InboxTask */

/** New tasks arrive while the page is open; 30 s keeps the inbox fresh at little cost. */
const REFRESH_MS = 30_000;

/**
 * The server sorts by due time; sorting again keeps the promise if it did not (nulls last).
 * @param {InboxTask[]} tasks
 */
function byDue(tasks) {
  const due = (/** @type {InboxTask} */ t) => (t.dueAt ? new Date(t.dueAt).getTime() : Number.POSITIVE_INFINITY);
  return [...tasks].sort((a, b) => due(a) - due(b));
}

/** @type {import('../main.js').View} */
export function renderInbox(container, route) {
  /** @type {'department' | 'mine'} */
  const view = route.path[1] === 'mine' ? 'mine' : 'department';
  const body = h('div', { class: 'inbox-body' });
  const updated = h('span', { class: 'muted small' });
  const count = h('span', { class: 'count' });
  const refresh = h('button', { type: 'button', class: 'button', 'data-testid': 'inbox-refresh', text: 'Refresh', onclick: () => void load() });

  /** @param {'department' | 'mine'} key @param {string} label */
  const tab = (key, label) =>
    h('a', { href: key === 'mine' ? '#/inbox/mine' : '#/inbox', role: 'tab', class: key === view ? 'tab active' : 'tab', 'aria-selected': String(key === view), text: label });

  mount(
    container,
    h(
      'section',
      { class: 'panel' },
      h(
        'div',
        { class: 'panel-head' },
        h('div', { class: 'tabs', role: 'tablist' }, tab('department', hasRole('agent') && !hasRole('handler', 'supervisor') ? 'My unit' : 'Department inbox'), tab('mine', 'My tasks')),
        h('div', { class: 'panel-tools' }, count, updated, refresh),
      ),
      body,
    ),
  );

  let loading = false;
  async function load() {
    if (loading) return;
    loading = true;
    refresh.disabled = true;
    try {
      const { items } = await api.tasks(view);
      const tasks = byDue(items);
      count.textContent = `${tasks.length} open ${tasks.length === 1 ? 'task' : 'tasks'}`;
      const overdue = tasks.filter((t) => t.workOrder.overdue).length;
      if (overdue > 0) count.append(' · ', h('span', { class: 'text-danger', text: `${overdue} overdue` }));
      updated.textContent = `updated ${formatDateTime(new Date().toISOString()).slice(11)}`;
      mount(
        body,
        linkTable({
          testId: 'inbox',
          rows: tasks,
          href: (t) => `#/work-orders/${encodeURIComponent(t.workOrderId)}`,
          rowClass: (t) => (t.workOrder.overdue ? 'row-overdue' : ''),
          empty: view === 'mine' ? 'No task is waiting for you.' : 'The inbox is empty: no task is waiting for your department.',
          columns: [
            { label: 'Due', cell: (t) => dueCell(t.dueAt, t.workOrder.overdue), className: 'col-due' },
            { label: 'Work order', cell: (t) => idLink(t.workOrderId, `#/work-orders/${encodeURIComponent(t.workOrderId)}`) },
            { label: 'Step', cell: (t) => h('span', { 'data-step': t.step, text: t.stepName }) },
            { label: 'Type', cell: (t) => humanize(t.workOrder.type) },
            { label: 'Category', cell: (t) => h('span', { class: 'category', text: t.workOrder.category }) },
            { label: 'Tier', cell: (t) => tierBadge(t.workOrder.customerTier) },
            { label: 'Priority', cell: (t) => priorityBadge(t.workOrder.priority) },
            { label: 'Status', cell: (t) => statusBadge(t.workOrder.status) },
          ],
        }),
      );
    } catch (err) {
      showError(err);
    } finally {
      loading = false;
      refresh.disabled = false;
    }
  }

  void load();
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') void load();
  }, REFRESH_MS);
  return () => clearInterval(timer);
}
