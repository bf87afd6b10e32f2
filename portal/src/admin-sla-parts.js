// @ts-check
/** Pieces the SLA, calendar and mail-template admin screens share: version history, the pinning note, a save sent once. */
import { tableHead } from './admin-ui.js';
import { h, mount } from './dom.js';
import { formatDateTime } from './format.js';
import { t } from './i18n.js';
import { errorBox } from './messages.js';

/** The rule every admin change here follows: a new version, for work orders dispatched after it. */
export function pinningNote() {
  return h('p', { class: 'admin-sla-note', role: 'note', text: t('adminSla.pinningNote') });
}

/**
 * Versions, newest first: number, who, when, why.
 * @param {{ version: number, savedBy: string, savedAt: string, comment: string }[]} versions oldest first, as the API lists them
 * @param {string} testId
 */
export function versionTable(versions, testId) {
  if (versions.length === 0) return h('div', { class: 'empty', text: t('adminSla.noVersions') });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': testId },
      tableHead([t('adminSla.version'), t('adminSla.savedBy'), t('adminSla.savedAt'), t('adminSla.comment')]),
      h(
        'tbody',
        {},
        [...versions].reverse().map((v) => h('tr', {}, h('td', { class: 'mono', text: `v${v.version}` }), h('td', { text: v.savedBy }), h('td', { class: 'nowrap', text: formatDateTime(v.savedAt) }), h('td', { text: v.comment }))),
      ),
    ),
  );
}

/**
 * Sends a save once: `button` stays disabled while `saving` runs (a double click makes one
 * version); its refusal shows in `problem` and the button is free again.
 * @template T
 * @param {HTMLButtonElement} button @param {HTMLElement} problem
 * @param {() => Promise<T>} saving @param {(saved: T) => void} done
 */
export function saveOnce(button, problem, saving, done) {
  button.disabled = true;
  mount(problem);
  saving().then(done, (err) => {
    button.disabled = false;
    mount(problem, errorBox(err));
  });
}
