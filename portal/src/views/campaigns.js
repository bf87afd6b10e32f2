// @ts-check
/**
 * #/campaigns: the outbound campaigns the caller runs (supervisors of the campaign's department,
 * admins) or audits (auditors), newest first, with how far each one is; managers start a new one
 * from here.
 */
import { api } from '../api.js';
import { campaignStateBadge, dayRange, dialModeLabel, kindLabel, progressBar } from '../campaigns.js';
import { h, mount } from '../dom.js';
import { t, tn } from '../i18n.js';
import { hasRole } from '../session.js';
import { reportError } from '../sla.js';
import { linkTable } from '../ui.js';

/** @typedef {import('../types.js').Campaign} Campaign */

/** While a campaign calls or reads its list, the list looks again this often (ms). */
const REFRESH_MS = 10_000;

const isBusy = (/** @type {Campaign} */ c) => c.state === 'running' || c.state === 'importing';
const hashOf = (/** @type {Campaign} */ c) => `#/campaigns/${encodeURIComponent(c.campaignId)}`;

/** @type {import('../main.js').View} */
export function renderCampaigns(container) {
  const manages = hasRole('supervisor', 'admin');
  const count = h('span', { class: 'count' });
  const results = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('outreach.list.loading') }));
  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'campaigns' },
      h(
        'div',
        { class: 'panel-head' },
        h('h1', { class: 'panel-title', text: t('outreach.list.title') }),
        h('div', { class: 'panel-tools' }, count, manages && h('a', { class: 'button button-primary', href: '#/campaigns/new', 'data-testid': 'new-campaign', text: t('outreach.list.new') })),
      ),
      results,
    ),
  );

  /** @type {number | undefined} */
  let timer;
  async function load() {
    try {
      const campaigns = await api.campaigns();
      show(campaigns);
      clearTimeout(timer);
      if (campaigns.some(isBusy)) timer = window.setTimeout(() => void load(), REFRESH_MS);
    } catch (err) {
      count.textContent = '';
      mount(results, reportError(err, () => void load()));
    }
  }

  /** @param {Campaign[]} campaigns */
  function show(campaigns) {
    count.textContent = tn('outreach.list.count', campaigns.length);
    mount(
      results,
      linkTable({
        testId: 'campaign-list',
        rows: campaigns,
        href: hashOf,
        empty: manages ? t('outreach.list.emptyManager') : t('outreach.list.emptyReader'),
        columns: [
          {
            label: t('outreach.list.colCampaign'),
            cell: (c) => h('span', { class: 'stack' }, h('a', { href: hashOf(c), class: 'campaign-name', text: c.settings.name }), h('span', { class: 'mono muted small', text: c.campaignId })),
          },
          { label: t('outreach.list.colKind'), cell: (c) => kindLabel(c.settings.kind), className: 'nowrap' },
          { label: t('outreach.list.colDialing'), cell: (c) => dialModeLabel(c.settings.dialMode), className: 'nowrap' },
          { label: t('outreach.list.colState'), cell: (c) => campaignStateBadge(c.state) },
          { label: t('outreach.list.colProgress'), cell: (c) => progressBar(c.progress.done, c.progress.eligible), className: 'col-progress' },
          { label: t('outreach.list.colSuccess'), cell: (c) => String(c.progress.success), className: 'num' },
          { label: t('outreach.list.colDays'), cell: (c) => dayRange(c.settings), className: 'nowrap' },
        ],
      }),
    );
  }

  void load();
  return () => clearTimeout(timer);
}
