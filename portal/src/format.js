// @ts-check
/**
 * How the portal writes times, durations and codes for people, in the chosen language. Dates
 * stay `2026-11-21 14:05` in both: the center writes them that way in Chinese and English alike.
 */
import { hasText, t } from './i18n.js';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/**
 * `2026-11-21 14:05` in the browser's time zone, or an em dash for no value.
 * @param {string | null | undefined} iso
 */
export function formatDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(dateTime.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * `3 h 20 min`, `2 d 4 h`, `45 min` for a span in milliseconds (sign ignored).
 * @param {number} ms
 */
export function formatSpan(ms) {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const min = (/** @type {number} */ n) => t('format.minutes', { n });
  const hrs = (/** @type {number} */ n) => t('format.hours', { n });
  if (minutes < 60) return min(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hrs(hours)} ${min(minutes % 60)}` : hrs(hours);
  const days = Math.floor(hours / 24);
  const d = t('format.days', { n: days });
  return hours % 24 ? `${d} ${hrs(hours % 24)}` : d;
}

/**
 * Relative due time: `in 3 h` or `2 h overdue`; `overdue` is the server's word when it has one.
 * @param {string | null | undefined} dueAt
 * @param {boolean} [overdue]
 * @param {number} [now]
 * @returns {{ text: string, overdue: boolean }}
 */
export function dueText(dueAt, overdue, now = Date.now()) {
  if (!dueAt) return { text: t('format.dueNotSet'), overdue: Boolean(overdue) };
  const left = new Date(dueAt).getTime() - now;
  const isOverdue = overdue ?? left < 0;
  if (left < 0) return { text: t('format.overdueBy', { span: formatSpan(left) }), overdue: isOverdue };
  return { text: isOverdue ? t('format.overdue') : t('format.dueIn', { span: formatSpan(left) }), overdue: isOverdue };
}

/**
 * A code the API answers (a status, a kind, a tier, a reason) in people's words: the
 * dictionaries' `code.<code>` when they have it (portal/src/i18n/codes.js), otherwise the code
 * itself made readable: `in-progress` -> `In progress`, `charge-dispute` -> `Charge dispute`.
 * @param {string | null | undefined} code
 */
export function humanize(code) {
  if (!code) return '—';
  if (hasText(`code.${code}`)) return t(`code.${code}`);
  // acronyms stay upper case: "oa-accepted" reads "OA accepted"
  const words = code
    .replace(/[-_]/g, ' ')
    .replace(/\b(oa|sla|ivr)\b/gi, (w) => w.toUpperCase());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Minutes as a span (`2 h 5 min`); `< 1 min` for a part of one, an em dash for none.
 * @param {number | null | undefined} minutes
 */
export function formatMinutes(minutes) {
  if (minutes === null || minutes === undefined) return '—';
  if (minutes > 0 && minutes < 0.5) return t('format.underAMinute');
  return formatSpan(minutes * 60_000);
}

/**
 * A rate 0..1 as `83%` (`99.5%` below 100 never rounds up to 100), an em dash for none.
 * @param {number | null | undefined} rate
 */
export function formatRate(rate) {
  if (rate === null || rate === undefined) return '—';
  const percent = rate * 100;
  if (percent > 99 && percent < 100) return `${Math.floor(percent * 10) / 10}%`;
  return `${Math.round(percent)}%`;
}

/**
 * `11-23 09:30`: month, day and time, for the diagram's small notes.
 * @param {string | null | undefined} iso
 */
export function formatShort(iso) {
  const full = formatDateTime(iso);
  return full.length === 16 ? full.slice(5) : full;
}
