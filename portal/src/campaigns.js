// @ts-check
/**
 * Words, badges and pieces the campaign screens share (views/campaigns.js, campaign-wizard.js,
 * campaign.js): kinds, states and filter reasons, the progress bar, and the list's filtering
 * report (the reasons chart, the rows kept out).
 */
import { api } from './api.js';
import { countChart } from './charts.js';
import { h } from './dom.js';
import { humanize } from './format.js';
import { csvButton } from './sla.js';

/** @typedef {import('./types.js').Campaign} Campaign */
/** @typedef {import('./types.js').CampaignList} CampaignList */
/** @typedef {import('./types.js').CampaignState} CampaignState */

export const CAMPAIGN_KINDS = /** @type {const} */ ({
  care: 'Customer care',
  retention: 'Retention',
  'payment-reminder': 'Payment reminder',
  survey: 'Survey',
  marketing: 'Marketing',
});

export const DIAL_MODES = /** @type {const} */ ({ preview: 'Preview (agents)', automatic: 'Automatic (IVR)' });

/** @param {string} kind */
export const kindLabel = (kind) => CAMPAIGN_KINDS[/** @type {keyof typeof CAMPAIGN_KINDS} */ (kind)] ?? humanize(kind);

/** State -> badge colour: set up (grey), busy with its list or waiting for a launch (violet), calling (blue), held (amber), ended (green, red when stopped). */
const STATE_TONE = /** @type {Record<CampaignState, string>} */ ({ draft: 'grey', importing: 'violet', ready: 'violet', running: 'blue', paused: 'amber', stopped: 'red', finished: 'green' });

/** @param {CampaignState} state */
export function campaignStateBadge(state) {
  return h('span', { class: `badge badge-${STATE_TONE[state] ?? 'grey'}`, 'data-state': state, text: humanize(state) });
}

/** Why a row of the list is kept out of the calls (domain/outreach/do-not-call.ts), short enough for a chart's label. */
export const FILTER_REASONS = /** @type {const} */ ({
  'invalid-number': 'Invalid number',
  duplicate: 'Duplicate in the list',
  blacklisted: 'Blacklisted',
  'exempt-line': 'Fax, suspended, closed',
  'do-not-disturb': 'Refuses this kind',
  'do-not-call-window': 'Not to be called yet',
  'attempt-cap': 'Attempt cap reached',
});

/** @param {string} reason */
export const reasonLabel = (reason) => FILTER_REASONS[/** @type {keyof typeof FILTER_REASONS} */ (reason)] ?? humanize(reason);

/**
 * How far a campaign is: a bar of the chains done out of the contacts eligible, and the numbers.
 * @param {number} done
 * @param {number} eligible
 */
export function progressBar(done, eligible) {
  const label = eligible === 0 ? 'no contacts yet' : `${done} of ${eligible} done`;
  return h(
    'span',
    { class: 'progress-cell' },
    h('progress', { class: 'progress', max: Math.max(eligible, 1), value: Math.min(done, eligible), 'aria-label': label }),
    h('span', { class: 'progress-text', text: eligible === 0 ? '—' : `${done} / ${eligible}` }),
  );
}

/** A civil day range: `2026-12-01 – 2026-12-31`. @param {{ firstDay: string, lastDay: string }} settings */
export const dayRange = ({ firstDay, lastDay }) => `${firstDay} – ${lastDay}`;

/** Rows read so far, against the rows the file holds when that is known. @param {CampaignList} list */
export const rowsRead = (list) => (list.expectedRows ? `${list.rows} of ${list.expectedRows} rows read` : `${list.rows} rows read`);

/** Filtered rows shown as examples; the CSV holds them all. */
const FILTERED_SAMPLE = 10;

/**
 * The rows of the list kept out before any call, by reason, as a chart.
 * @param {CampaignList} list
 */
export function reasonsChart(list) {
  const rows = Object.keys(FILTER_REASONS).map((reason) => ({ label: reasonLabel(reason), value: list.filtered[reason] ?? 0 }));
  return countChart('Kept out before any call, by reason', rows, 'No row was kept out.');
}

/**
 * The first rows of the list kept out, with why, and every one of them as CSV.
 * @param {Campaign} campaign a campaign whose list is imported
 * @returns {Promise<HTMLElement>}
 */
export async function filteredRows(campaign) {
  const filtered = campaign.progress.filtered;
  const sample = filtered > 0 ? (await api.filteredRows(campaign.campaignId, FILTERED_SAMPLE)).items : [];
  const csv = csvButton(`/api/campaigns/${encodeURIComponent(campaign.campaignId)}/list/filtered?format=csv`, `${campaign.campaignId}-filtered.csv`, { label: 'Filtered rows (CSV)', testId: 'filtered-csv' });
  csv.disabled = filtered === 0;
  return h(
    'section',
    { class: 'chart filtered-box', 'aria-labelledby': `filtered-${campaign.campaignId}` },
    h('div', { class: 'chart-caption' }, h('h3', { class: 'chart-title', id: `filtered-${campaign.campaignId}`, text: sample.length < filtered ? `The first ${sample.length} of ${filtered} rows kept out` : 'Rows kept out' })),
    sample.length === 0
      ? h('p', { class: 'muted', text: 'No row was kept out: every row of the list is to be called.' })
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', 'data-testid': 'filtered-rows' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num', text: 'Row' }), h('th', { scope: 'col', text: 'Phone' }), h('th', { scope: 'col', text: 'Why' }))),
            h('tbody', {}, sample.map((r) => h('tr', {}, h('td', { class: 'num', text: String(r.row) }), h('td', { class: 'mono', text: r.phone || '(empty)' }), h('td', { text: reasonLabel(r.reason) })))),
          ),
        ),
    h('div', { class: 'report-tools' }, csv, h('span', { class: 'muted small', text: 'Rows as a spreadsheet numbers them.' })),
  );
}
