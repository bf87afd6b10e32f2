// @ts-check
/**
 * Report periods as people pick them: whole days in the browser's time zone, both ends
 * included, in the address as `from=2026-11-01&to=2026-11-30`. The API takes instants and a
 * half-open period [from, to), so the last day runs until the next day's midnight.
 */
import { h } from './dom.js';
import { t } from './i18n.js';

/** @param {number} n */
const pad = (n) => String(n).padStart(2, '0');

/**
 * `2026-11-21` for the local day of `date`.
 * @param {Date} date
 */
export function localDate(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Local midnight at the start of `day` (`YYYY-MM-DD`), or undefined for anything else.
 * @param {string | null | undefined} day
 * @returns {Date | undefined}
 */
export function startOfDay(day) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The API's period for the days picked: `{from, to}` instants, each left out when its day is.
 * @param {string | null} fromDay
 * @param {string | null} toDay the last day, included
 * @returns {{ from?: string, to?: string }}
 */
export function instantsOf(fromDay, toDay) {
  const from = startOfDay(fromDay);
  const last = startOfDay(toDay);
  const to = last ? new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1) : undefined;
  return { ...(from ? { from: from.toISOString() } : {}), ...(to ? { to: to.toISOString() } : {}) };
}

/**
 * The days a period the API answered covers: the day it starts on and the day its last instant falls on.
 * @param {{ from: string, to: string }} period
 * @returns {{ from: string, to: string }}
 */
export function daysOf(period) {
  return { from: localDate(new Date(period.from)), to: localDate(new Date(new Date(period.to).getTime() - 1)) };
}

/**
 * Quick picks relative to `now` (the server's time, from the last answer).
 * @param {Date} now
 * @returns {{ label: string, from: string, to: string }[]}
 */
export function presets(now) {
  const y = now.getFullYear();
  const m = now.getMonth();
  const d = now.getDate();
  const day = (/** @type {number} */ year, /** @type {number} */ month, /** @type {number} */ date) => localDate(new Date(year, month, date));
  return [
    { label: t('sla.period.last7'), from: day(y, m, d - 6), to: day(y, m, d) },
    { label: t('sla.period.last30'), from: day(y, m, d - 29), to: day(y, m, d) },
    { label: t('sla.period.thisMonth'), from: day(y, m, 1), to: day(y, m, d) },
    { label: t('sla.period.lastMonth'), from: day(y, m - 1, 1), to: day(y, m, 0) },
  ];
}

/**
 * The two day fields of a report's filter form.
 * @param {string} fromDay
 * @param {string} toDay
 */
export function periodFields(fromDay, toDay) {
  return [
    h('label', { class: 'filter filter-date' }, h('span', { text: t('sla.period.from') }), h('input', { type: 'date', name: 'from', value: fromDay, 'data-testid': 'period-from' })),
    h('label', { class: 'filter filter-date' }, h('span', { text: t('sla.period.to') }), h('input', { type: 'date', name: 'to', value: toDay, 'data-testid': 'period-to' })),
  ];
}

/**
 * Links that set the period and keep the other filters.
 * @param {Date} now
 * @param {(from: string, to: string) => string} hashFor
 * @param {{ from: string, to: string }} current
 */
export function presetLinks(now, hashFor, current) {
  return h(
    'div',
    { class: 'presets', 'aria-label': t('sla.period.quick') },
    presets(now).map((p) =>
      h('a', {
        href: hashFor(p.from, p.to),
        class: p.from === current.from && p.to === current.to ? 'preset active' : 'preset',
        'aria-current': p.from === current.from && p.to === current.to ? 'true' : null,
        text: p.label,
      }),
    ),
  );
}
