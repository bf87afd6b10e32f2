// @ts-check
/** Words and badges the SLA screens share: clock kinds, clock states, groupings. */
import { ApiError, departments, download } from './api.js';
import { h, textOf } from './dom.js';
import { humanize } from './format.js';
import { errorBox, showError, showInfo } from './messages.js';

/** @typedef {import('./types.js').ClockKind} ClockKind */
/** @typedef {import('./types.js').ClockState} ClockState */
/** @typedef {import('./types.js').ComplianceGrouping} ComplianceGrouping */

/** What each clock measures (domain/sla/policy.ts). */
export const CLOCK_KINDS = /** @type {const} */ ({
  resolution: 'Resolution (dispatch to closure)',
  acceptance: 'Acceptance (first response)',
  handling: 'Handling',
  review: 'Supervisor review',
  verification: 'Verification (callback)',
});

/** @param {string} kind */
export const kindLabel = (kind) => (kind in CLOCK_KINDS ? CLOCK_KINDS[/** @type {ClockKind} */ (kind)] : humanize(kind));

/** @type {Record<ComplianceGrouping, string>} */
export const GROUPINGS = { department: 'Department', type: 'Work-order type', tier: 'Customer tier', kind: 'Clock' };

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
    if (group === null) return grouping === 'department' ? 'No department' : '—';
    if (grouping === 'department') return names.get(group) ?? group;
    if (grouping === 'kind') return humanize(group);
    return humanize(group);
  };
}

/**
 * A report's failure in place of its results: the API's problem, and "Try again" where trying
 * again can help (the server or the network), not for a refusal or a bad filter.
 * @param {unknown} err
 * @param {() => void} retry
 */
export function reportError(err, retry) {
  const mayHelp = !(err instanceof ApiError) || err.status === 0 || err.status >= 500;
  return h('div', { class: 'report-error', 'data-testid': 'report-error' }, errorBox(err), mayHelp && h('button', { type: 'button', class: 'button', text: 'Try again', onclick: retry }));
}

/**
 * The page for a user whose role has no SLA reports (the address typed in by hand).
 * @param {unknown} err the API's refusal
 */
export function notForYou(err) {
  return h(
    'section',
    { class: 'panel empty-page', 'data-testid': 'not-for-you' },
    h('h1', { text: 'SLA reports are for auditors, admins and supervisors' }),
    h('p', { class: 'muted', text: err instanceof ApiError ? err.message : 'The report cannot be shown.' }),
    h('p', {}, h('a', { href: '#/', text: 'Back to your work' })),
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
export function csvButton(path, fileName, { label = 'Download CSV', testId = 'download-csv' } = {}) {
  const button = h('button', { type: 'button', class: 'button', 'data-testid': testId, text: label });
  button.addEventListener('click', () => {
    button.disabled = true;
    download(path, fileName)
      .then((name) => showInfo(`Downloaded ${name}`))
      .catch((/** @type {unknown} */ err) => showError(err))
      .finally(() => {
        button.disabled = false;
      });
  });
  return button;
}
