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
import { t, tn } from './i18n.js';
import { csvButton } from './sla.js';

/** @typedef {import('./types.js').Campaign} Campaign */
/** @typedef {import('./types.js').CampaignList} CampaignList */
/** @typedef {import('./types.js').CampaignState} CampaignState */

/** The kinds a campaign may be (domain/campaign/campaign.ts), in the order the wizard offers them. */
export const CAMPAIGN_KINDS = /** @type {const} */ (['care', 'retention', 'payment-reminder', 'survey', 'marketing']);

/** @param {string} kind */
export const kindLabel = (kind) => (/** @type {readonly string[]} */ (CAMPAIGN_KINDS).includes(kind) ? t(`outreach.kind.${kind}`) : humanize(kind));

/** @param {string} mode `preview` or `automatic` */
export const dialModeLabel = (mode) => (mode === 'preview' || mode === 'automatic' ? t(`outreach.dialMode.${mode}`) : humanize(mode));

/** State -> badge colour: set up (grey), busy with its list or waiting for a launch (violet), calling (blue), held (amber), ended (green, red when stopped). */
const STATE_TONE = /** @type {Record<CampaignState, string>} */ ({ draft: 'grey', importing: 'violet', ready: 'violet', running: 'blue', paused: 'amber', stopped: 'red', finished: 'green' });

/** @param {CampaignState} state */
export function campaignStateBadge(state) {
  return h('span', { class: `badge badge-${STATE_TONE[state] ?? 'grey'}`, 'data-state': state, text: humanize(state) });
}

/** Why a row of the list is kept out of the calls (domain/outreach/do-not-call.ts); each has a label short enough for a chart (`outreach.reason.*`). */
const FILTER_REASONS = /** @type {const} */ (['invalid-number', 'duplicate', 'blacklisted', 'exempt-line', 'do-not-disturb', 'do-not-call-window', 'attempt-cap']);

/** @param {string} reason */
export const reasonLabel = (reason) => (/** @type {readonly string[]} */ (FILTER_REASONS).includes(reason) ? t(`outreach.reason.${reason}`) : humanize(reason));

/**
 * How far a campaign is: a bar of the chains done out of the contacts eligible, and the numbers.
 * @param {number} done
 * @param {number} eligible
 */
export function progressBar(done, eligible) {
  const label = eligible === 0 ? t('outreach.progress.none') : t('outreach.progress.label', { done, eligible });
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
export const rowsRead = (list) => (list.expectedRows ? t('outreach.list.rowsReadOf', { n: list.rows, total: list.expectedRows }) : tn('outreach.list.rowsRead', list.rows));

/** Filtered rows shown as examples; the CSV holds them all. */
const FILTERED_SAMPLE = 10;

/**
 * The rows of the list kept out before any call, by reason, as a chart.
 * @param {CampaignList} list
 */
export function reasonsChart(list) {
  const rows = FILTER_REASONS.map((reason) => ({ label: reasonLabel(reason), value: list.filtered[reason] ?? 0 }));
  return countChart(t('outreach.filtered.chart'), rows, t('outreach.filtered.chartEmpty'));
}

/**
 * The first rows of the list kept out, with why, and every one of them as CSV.
 * @param {Campaign} campaign a campaign whose list is imported
 * @returns {Promise<HTMLElement>}
 */
export async function filteredRows(campaign) {
  const filtered = campaign.progress.filtered;
  const sample = filtered > 0 ? (await api.filteredRows(campaign.campaignId, FILTERED_SAMPLE)).items : [];
  const csv = csvButton(`/api/campaigns/${encodeURIComponent(campaign.campaignId)}/list/filtered?format=csv`, `${campaign.campaignId}-filtered.csv`, { label: t('outreach.filtered.csv'), testId: 'filtered-csv' });
  csv.disabled = filtered === 0;
  return h(
    'section',
    { class: 'chart filtered-box', 'aria-labelledby': `filtered-${campaign.campaignId}` },
    h('div', { class: 'chart-caption' }, h('h3', { class: 'chart-title', id: `filtered-${campaign.campaignId}`, text: sample.length < filtered ? t('outreach.filtered.firstOf', { n: sample.length, total: filtered }) : t('outreach.filtered.title') })),
    sample.length === 0
      ? h('p', { class: 'muted', text: t('outreach.filtered.none') })
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', 'data-testid': 'filtered-rows' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num', text: t('outreach.filtered.row') }), h('th', { scope: 'col', text: t('outreach.filtered.phone') }), h('th', { scope: 'col', text: t('outreach.filtered.why') }))),
            h('tbody', {}, sample.map((r) => h('tr', {}, h('td', { class: 'num', text: String(r.row) }), h('td', { class: 'mono', text: r.phone || t('outreach.filtered.emptyPhone') }), h('td', { text: reasonLabel(r.reason) })))),
          ),
        ),
    h('div', { class: 'report-tools' }, csv, h('span', { class: 'muted small', text: t('outreach.filtered.rowNumbers') })),
  );
}
