// @ts-check
/**
 * #/admin/dead-letters[?tab=oa|mail&page=]: what could not be delivered, in two tabs: pushes to
 * OA endpoints and notification mail. Each row shows why (the reason and the last error) and
 * how often it was tried; re-send one, or tick several and re-send the selection. The API
 * re-sends each once however often it is asked (a double click sends once).
 */
import { actionsCell, pager, tableHead } from '../admin-ui.js';
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { errorBox, showError, showInfo } from '../messages.js';
import '../../styles/admin.css';

/** @typedef {import('../types.js').ResendResult} ResendResult */

const HASH = '#/admin/dead-letters';
const PAGE_SIZE = 25;

/**
 * What each tab lists and how its rows read.
 * @typedef {{ id: string, when: string | null, what: string, workOrderId: string | null, reason: string, attempts: number, lastError: string | null }} Row
 * @type {Record<'oa' | 'mail', { load: (page: number) => Promise<{ rows: Row[], total: number, page: number, pageSize: number }>, resend: (ids: string[]) => Promise<{ results: ResendResult[] }> }>}
 */
const TABS = {
  oa: {
    async load(page) {
      const answer = await api.oaDeadLetters({ page, pageSize: PAGE_SIZE });
      return {
        ...answer,
        rows: answer.items.map((d) => ({ id: d.deliveryId, when: d.finishedAt, what: `${t(`admin.dead.push.${d.type}`)} → ${d.endpointId}`, workOrderId: d.workOrderId, reason: t(`admin.dead.reason.${d.reason ?? 'unknown'}`), attempts: d.attempts.length, lastError: d.lastError })),
      };
    },
    resend: (ids) => api.resendOaDeadLetters(ids),
  },
  mail: {
    async load(page) {
      const answer = await api.deadLetters({ page, pageSize: PAGE_SIZE });
      return {
        ...answer,
        rows: answer.items.map((m) => ({ id: m.key, when: m.deadLetteredAt, what: m.subject, workOrderId: m.workOrderId, reason: t('admin.dead.reason.mail'), attempts: m.attempts, lastError: m.lastError })),
      };
    },
    resend: (keys) => api.resendDeadLetters(keys),
  },
};

/** @type {import('../routes.js').View} */
export async function renderAdminDeadLetters(container, route) {
  const tab = route.params.get('tab') === 'mail' ? 'mail' : 'oa';
  const page = Math.max(1, Number(route.params.get('page') ?? 1) || 1);
  const spec = TABS[tab];
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('common.loading') }));
  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': t('admin.dead.title') },
    /** @type {const} */ (['oa', 'mail']).map((name) => h('a', { class: `tab ${name === tab ? 'active' : ''}`, href: `${HASH}?tab=${name}`, 'aria-current': name === tab ? 'page' : null, text: t(`admin.dead.tab.${name}`) })),
  );
  mount(
    container,
    h('section', { class: 'panel', 'data-testid': 'dead-letters', 'data-tab': tab }, h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('admin.dead.title') }), tabs), body),
    tab === 'mail' && h('p', { class: 'muted small' }, h('a', { href: '#/admin/mail', text: t('admin.dead.mailboxLink') })),
  );

  /** @type {Set<string>} */
  const selected = new Set();

  /** @param {string[]} ids @param {HTMLButtonElement} button */
  async function resend(ids, button) {
    button.disabled = true;
    try {
      const { results } = await spec.resend(ids);
      const refused = results.filter((r) => r.outcome === 'refused');
      showInfo(t('admin.dead.resent', { n: results.length - refused.length }));
      for (const r of refused) showError(new Error(`${r.id}: ${r.detail ?? r.code ?? ''}`));
      await load();
    } catch (err) {
      button.disabled = false;
      showError(err);
    }
  }

  async function load() {
    selected.clear();
    try {
      const answer = await spec.load(page);
      if (answer.rows.length === 0) {
        mount(body, h('div', { class: 'empty', 'data-testid': 'dead-letters-empty' }, h('strong', { text: t('admin.dead.empty') }), h('p', { class: 'muted', text: t(`admin.dead.emptyHelp.${tab}`) })));
        return;
      }
      const resendSelected = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'resend-selected', disabled: true, text: t('admin.dead.resendSelected', { n: 0 }) });
      resendSelected.addEventListener('click', () => void resend([...selected], resendSelected));
      const refreshSelection = () => {
        resendSelected.disabled = selected.size === 0;
        resendSelected.textContent = t('admin.dead.resendSelected', { n: selected.size });
      };
      /** @param {Row} row */
      const line = (row) => {
        const check = h('input', { type: 'checkbox', 'aria-label': t('admin.dead.select', { id: row.id }) });
        check.addEventListener('change', () => {
          if (check.checked) selected.add(row.id);
          else selected.delete(row.id);
          refreshSelection();
        });
        const one = h('button', { type: 'button', class: 'button button-small', 'data-action': 'resend', text: t('admin.dead.resend') });
        one.addEventListener('click', () => void resend([row.id], one));
        return h(
          'tr',
          { 'data-id': row.id },
          h('td', {}, check),
          h('td', { class: 'nowrap', text: formatDateTime(row.when) }),
          h('td', {}, h('div', { text: row.what }), row.workOrderId && h('a', { class: 'mono small', href: `#/work-orders/${encodeURIComponent(row.workOrderId)}`, text: row.workOrderId })),
          h('td', {}, h('span', { class: 'badge badge-amber', text: row.reason }), row.lastError && h('div', { class: 'muted small dead-error', text: row.lastError })),
          h('td', { class: 'num', text: row.attempts }),
          actionsCell(one),
        );
      };
      mount(
        body,
        h('div', { class: 'dead-tools' }, resendSelected, h('span', { class: 'muted', text: t('admin.dead.total', { n: answer.total }) })),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table admin-table', 'data-testid': 'dead-letter-list' },
            tableHead(['', t('admin.dead.when'), t('admin.dead.what'), t('admin.dead.reason'), t('admin.dead.attempts'), ''], [4]),
            h('tbody', {}, answer.rows.map(line)),
          ),
        ),
        pager(answer, (to) => (location.hash = `${HASH}?tab=${tab}&page=${to}`)),
      );
    } catch (err) {
      mount(body, errorBox(err));
    }
  }

  await load();
}
