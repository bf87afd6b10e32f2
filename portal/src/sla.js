// @ts-check
/** Words and badges the SLA screens share: clock kinds, clock states, groupings. */
import { ApiError, departments, download } from './api.js';
import { h, textOf } from './dom.js';
import { humanize } from './format.js';
import { t } from './i18n.js';
import { errorBox, showError, showInfo } from './messages.js';

/** @typedef {import('./types.js').ClockState} ClockState */
/** @typedef {import('./types.js').ComplianceGrouping} ComplianceGrouping */

/** The clock kinds (domain/sla/policy.ts), in the order the filters offer them. */
export const CLOCK_KINDS = /** @type {const} */ (['resolution', 'acceptance', 'handling', 'review', 'verification']);

/** What a clock of `kind` measures, in words: `Acceptance (first response)`. @param {string} kind */
export const kindLabel = (kind) => ((/** @type {readonly string[]} */ (CLOCK_KINDS)).includes(kind) ? t(`sla.kind.${kind}`) : humanize(kind));

/** The clock kinds as filter options: value and label. @returns {[string, string][]} */
export const kindOptions = () => CLOCK_KINDS.map((k) => [k, kindLabel(k)]);

/** @type {readonly ComplianceGrouping[]} */
export const GROUPINGS = ['department', 'type', 'tier', 'kind'];

/** @param {ComplianceGrouping} grouping */
export const groupingLabel = (grouping) => t(`sla.groupBy.${grouping}`);

/** Clock state -> badge colour: counting (blue), standing still (violet), met (green), late (red), cancelled (grey). */
const STATE_TONE = /** @type {Record<ClockState, string>} */ ({ running: 'blue', paused: 'violet', met: 'green', late: 'red', cancelled: 'grey' });

/** @param {ClockState} state */
export function clockStateBadge(state) {
  return h('span', { class: `badge badge-${STATE_TONE[state] ?? 'grey'}`, 'data-clock-state': state, text: humanize(state) });
}

/**
 * Department names by id, for labels; ids stand in when the unit list cannot be read.
 * @returns {Promise<Map<string, string>>}
 */
export async function departmentNames() {
  try {
    return new Map((await departments()).map((d) => [d.unitId, d.name]));
  } catch {
    return new Map();
  }
}

/**
 * The label of a report group.
 * @param {ComplianceGrouping} grouping
 * @param {Map<string, string>} names department names
 * @returns {(group: string | null) => string}
 */
export function groupLabeller(grouping, names) {
  return (group) => {
    if (group === null) return grouping === 'department' ? t('sla.noDepartment') : '—';
    if (grouping === 'department') return names.get(group) ?? group;
    return humanize(group);
  };
}

/**
 * A report's failure in place of its results: the API's problem, and a retry button where trying
 * again can help (the server or the network), not for a refusal or a bad filter.
 * @param {unknown} err
 * @param {() => void} retry
 */
export function reportError(err, retry) {
  const mayHelp = !(err instanceof ApiError) || err.status === 0 || err.status >= 500;
  return h('div', { class: 'report-error', 'data-testid': 'report-error' }, errorBox(err), mayHelp && h('button', { type: 'button', class: 'button', text: t('common.retry'), onclick: retry }));
}

/**
 * The page for a user whose role has no SLA reports (the address typed in by hand).
 * @param {unknown} err the API's refusal
 */
export function notForYou(err) {
  return h(
    'section',
    { class: 'panel empty-page', 'data-testid': 'not-for-you' },
    h('h1', { text: t('sla.notForYou') }),
    h('p', { class: 'muted', text: err instanceof ApiError ? err.message : t('sla.reportUnavailable') }),
    h('p', {}, h('a', { href: '#/', text: t('sla.backToWork') })),
  );
}

/**
 * Sends a report's filter form to the address bar: the report is then a link that can be shared
 * and the browser's back button goes to the previous filters.
 * @param {HTMLFormElement} form
 * @param {(params: URLSearchParams) => string} hashOf
 */
export function filtersToHash(form, hashOf) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form)) next.set(name, textOf(value).trim());
    location.hash = hashOf(next);
  });
}

/**
 * A button that downloads a report as CSV (with the session's credentials), disabled while it runs.
 * @param {string} path the report's API path with its query, `format=csv` included
 * @param {string} fileName the name offered when the server names none
 * @param {{ label?: string, testId?: string }} [options] the button's text and test id, when a page has more than one
 */
export function csvButton(path, fileName, { label, testId = 'download-csv' } = {}) {
  const button = h('button', { type: 'button', class: 'button', 'data-testid': testId, text: label ?? t('sla.downloadCsv') });
  button.addEventListener('click', () => {
    button.disabled = true;
    download(path, fileName)
      .then((name) => showInfo(t('sla.downloaded', { name })))
      .catch((/** @type {unknown} */ err) => showError(err))
      .finally(() => {
        button.disabled = false;
      });
  });
  return button;
}
