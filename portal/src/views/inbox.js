// @ts-check
/** #/inbox (department inbox) and #/inbox/mine (my tasks): open tasks, soonest due first. */
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime, humanize } from '../format.js';
import { t, tn } from '../i18n.js';
import { showError } from '../messages.js';
import { hasRole } from '../session.js';
import { dueCell, idLink, linkTable, priorityBadge, statusBadge, stepLabel, tierBadge } from '../ui.js';

/** @typedef {import('../types.js').InboxTask} InboxTask */

/** New tasks arrive while the page is open; 30 s keeps the inbox fresh at little cost. */
const REFRESH_MS = 30_000;

/**
 * The server sorts by due time; sorting again keeps the promise if it did not (nulls last).
 * @param {InboxTask[]} tasks
 */
function byDue(tasks) {
  const due = (/** @type {InboxTask} */ task) => (task.dueAt ? new Date(task.dueAt).getTime() : Number.POSITIVE_INFINITY);
  return [...tasks].sort((a, b) => due(a) - due(b));
}

/** @type {import('../main.js').View} */
export function renderInbox(container, route) {
  /** @type {'department' | 'mine'} */
  const view = route.path[1] === 'mine' ? 'mine' : 'department';
  const body = h('div', { class: 'inbox-body' });
  const updated = h('span', { class: 'muted small' });
  const count = h('span', { class: 'count' });
  const refresh = h('button', { type: 'button', class: 'button', 'data-testid': 'inbox-refresh', text: t('wo.inbox.refresh'), onclick: () => void load() });

  /** @param {'department' | 'mine'} key @param {string} label */
  const tab = (key, label) =>
    h('a', { href: key === 'mine' ? '#/inbox/mine' : '#/inbox', role: 'tab', class: key === view ? 'tab active' : 'tab', 'aria-selected': String(key === view), text: label });

  mount(
    container,
    h(
      'section',
      { class: 'panel' },
      // the tabs name the page for the eye; the heading names it for screen readers and the tab title
      h('h1', { class: 'visually-hidden', text: t('nav.inbox') }),
      h(
        'div',
        { class: 'panel-head' },
        h('div', { class: 'tabs', role: 'tablist' }, tab('department', hasRole('agent') && !hasRole('handler', 'supervisor') ? t('wo.inbox.myUnit') : t('wo.inbox.department')), tab('mine', t('wo.inbox.mine'))),
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
      count.textContent = tn('wo.inbox.openTasks', tasks.length);
      const overdue = tasks.filter((task) => task.workOrder.overdue).length;
      if (overdue > 0) count.append(' · ', h('span', { class: 'text-danger', text: t('wo.inbox.overdue', { n: overdue }) }));
      updated.textContent = t('wo.inbox.updated', { time: formatDateTime(new Date().toISOString()).slice(11) });
      mount(
        body,
        linkTable({
          testId: 'inbox',
          rows: tasks,
          href: (task) => `#/work-orders/${encodeURIComponent(task.workOrderId)}`,
          rowClass: (task) => (task.workOrder.overdue ? 'row-overdue' : ''),
          empty: view === 'mine' ? t('wo.inbox.emptyMine') : t('wo.inbox.emptyDepartment'),
          columns: [
            { label: t('wo.col.due'), cell: (task) => dueCell(task.dueAt, task.workOrder.overdue), className: 'col-due' },
            { label: t('wo.col.workOrder'), cell: (task) => idLink(task.workOrderId, `#/work-orders/${encodeURIComponent(task.workOrderId)}`) },
            { label: t('wo.col.step'), cell: (task) => h('span', { 'data-step': task.step, text: stepLabel('wo', task.step, task.stepName) }) },
            { label: t('wo.col.type'), cell: (task) => humanize(task.workOrder.type) },
            { label: t('wo.col.category'), cell: (task) => h('span', { class: 'category', text: task.workOrder.category }) },
            { label: t('wo.col.tier'), cell: (task) => tierBadge(task.workOrder.customerTier) },
            { label: t('wo.col.priority'), cell: (task) => priorityBadge(task.workOrder.priority) },
            { label: t('wo.col.status'), cell: (task) => statusBadge(task.workOrder.status) },
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
