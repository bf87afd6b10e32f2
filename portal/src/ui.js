// @ts-check
/** Small pieces shared by the views: badges, the due cell, tables. */
import { h } from './dom.js';
import { dueText, formatDateTime, humanize } from './format.js';
import { hasText, t } from './i18n.js';

/** Status -> badge colour: waiting (grey), with a department (blue), needs a decision (amber), done (green), stopped (red). */
const STATUS_TONE = /** @type {Record<string, string>} */ ({
  pending: 'grey',
  routing: 'grey',
  dispatched: 'blue',
  returned: 'amber',
  'in-progress': 'blue',
  collaborating: 'violet',
  'in-review': 'amber',
  verifying: 'amber',
  closed: 'green',
  cancelled: 'red',
});

/** @param {string} status */
export function statusBadge(status) {
  return h('span', { class: `badge badge-${STATUS_TONE[status] ?? 'grey'}`, 'data-status': status, text: humanize(status) });
}

/** @param {string | null | undefined} priority */
export function priorityBadge(priority) {
  if (!priority) return h('span', { class: 'muted', text: '—' });
  return h('span', { class: `priority priority-${priority}`, text: humanize(priority) });
}

/** @param {string | null | undefined} tier */
export function tierBadge(tier) {
  if (!tier) return h('span', { class: 'muted', text: '—' });
  return h('span', { class: `tier tier-${tier}`, text: humanize(tier) });
}

/**
 * Due time with the relative span under it; overdue in red. A finished work order shows the
 * time limit it had, with no countdown.
 * @param {string | null | undefined} dueAt
 * @param {boolean} [overdue]
 * @param {boolean} [finished]
 */
export function dueCell(dueAt, overdue, finished = false) {
  if (finished) {
    return h('span', { class: 'due' }, h('span', { class: 'due-at', text: formatDateTime(dueAt) }), h('span', { class: 'due-rel', text: t('wo.finished') }));
  }
  const due = dueText(dueAt, overdue);
  return h(
    'span',
    { class: due.overdue ? 'due due-overdue' : 'due' },
    h('span', { class: 'due-at', text: formatDateTime(dueAt) }),
    h('span', { class: 'due-rel', text: due.text }),
  );
}

/**
 * A BPMN element's name in the chosen language: the dictionaries' `<area>.step.<elementId>`
 * when they have it, else the name the diagram or the API gives (a step a designer added later).
 * @param {'wo' | 'sla'} area `wo`: work-order.bpmn; `sla`: sla-clock.bpmn and escalation.bpmn
 * @param {string} elementId
 * @param {string | undefined} [name]
 */
export function stepLabel(area, elementId, name) {
  const key = `${area}.step.${elementId}`;
  return hasText(key) ? t(key) : (name ?? elementId);
}

/**
 * A table whose rows open a work order. Each row also holds a real link, so keyboard and
 * middle-click work.
 * @template T
 * @param {{ columns: { label: string, cell: (row: T) => Node | string, className?: string }[],
 *   rows: T[], href: (row: T) => string, rowClass?: (row: T) => string, empty: string, testId?: string }} spec
 */
export function linkTable({ columns, rows, href, rowClass, empty, testId }) {
  if (rows.length === 0) return h('div', { class: 'empty', 'data-testid': testId ? `${testId}-empty` : null, text: empty });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': testId ?? null },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.className ?? null, text: c.label })))),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {
              class: `row-link ${rowClass?.(row) ?? ''}`.trim(),
              onclick: (event) => {
                // let a click on the link itself (or with a modifier) do what links do
                if (event instanceof MouseEvent && (event.target instanceof HTMLAnchorElement || event.ctrlKey || event.metaKey)) return;
                location.hash = href(row);
              },
            },
            columns.map((c) => h('td', { class: c.className ?? null }, c.cell(row))),
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {string} text
 * @param {string} hash
 */
export function idLink(text, hash) {
  return h('a', { class: 'mono', href: hash, text });
}

/**
 * The page for something that does not exist or that the caller may not see (the API answers
 * 404 for both, so the page does not say which).
 * @param {{ title: string, text: string, detail?: string, back: { href: string, text: string } }} spec
 */
export function notFoundPanel({ title, text, detail, back }) {
  return h(
    'section',
    { class: 'panel empty-page', 'data-testid': 'not-found' },
    h('h1', { text: title }),
    h('p', { text }),
    detail && h('p', { class: 'muted small', text: detail }),
    h('p', {}, h('a', { href: back.href, text: back.text })),
  );
}
