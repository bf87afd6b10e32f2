// @ts-check
/**
 * #/admin/mail[?to=address&id=message]: the development mailbox: what the local SMTP peer
 * received, newest first, filterable by recipient; one message opened below the list. The
 * message's HTML part is shown in a sandboxed iframe (no scripts, no same origin), its text part
 * as text. Mail that could not be delivered is on #/admin/dead-letters (the Mail tab).
 */
import { api, ApiError } from '../api.js';
import { h, mount, textOf } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { errorBox } from '../messages.js';

/** @typedef {import('../types.js').MailboxSummary} MailboxSummary */
/** @typedef {import('../types.js').MailboxMessage} MailboxMessage */

const HASH = '#/admin/mail';

/** @param {Record<string, string>} params */
function hashOf(params) {
  const kept = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const text = kept.toString();
  return `${HASH}${text ? `?${text}` : ''}`;
}

/** @type {import('../main.js').View} */
export async function renderAdminMail(container, route) {
  const to = route.params.get('to') ?? '';
  const openId = route.params.get('id') ?? '';
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('common.loading') }));
  const opened = h('div', { 'data-testid': 'mail-message' });
  const toInput = h('input', { name: 'to', type: 'search', value: to, placeholder: t('admin.mailbox.recipientHint') });
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    h('label', { class: 'filter filter-grow' }, h('span', { text: t('admin.mailbox.recipient') }), toInput),
    h('button', { type: 'submit', class: 'button button-primary', text: t('common.apply') }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = hashOf({ to: textOf(new FormData(form).get('to') ?? '').trim() });
  });

  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'mailbox' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('admin.mailbox.title') }), h('span', { class: 'muted', text: t('admin.mailbox.subtitle') })),
      form,
      list,
      opened,
    ),
  );

  async function loadMailbox() {
    try {
      const { messages } = await api.mailbox({ to, limit: '100' });
      mount(
        list,
        messages.length === 0
          ? h('div', { class: 'empty', text: to ? t('admin.mailbox.noneTo', { to }) : t('admin.mailbox.empty') })
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'table', 'data-testid': 'mailbox-list' },
                h('thead', {}, h('tr', {}, [t('admin.mailbox.received'), t('admin.mailbox.to'), t('admin.mailbox.subject')].map((label) => h('th', { scope: 'col', text: label })))),
                h(
                  'tbody',
                  {},
                  messages.map((m) =>
                    h(
                      'tr',
                      { class: m.id === openId ? 'row-selected' : null },
                      h('td', { class: 'nowrap', text: formatDateTime(m.receivedAt) }),
                      h('td', { text: m.envelope.to.join(', ') }),
                      h('td', {}, h('a', { href: hashOf({ to, id: m.id }), text: m.subject || t('admin.mailbox.noSubject') })),
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (err) {
      // MAILBOX_NOT_LOCAL: mail goes to a real server, so there is nothing local to show
      mount(list, err instanceof ApiError && err.code === 'MAILBOX_NOT_LOCAL' ? h('div', { class: 'empty', text: err.message }) : errorBox(err));
    }
  }

  async function loadMessage() {
    if (!openId) return;
    try {
      showMessage(await api.mailboxMessage(openId));
    } catch (err) {
      mount(opened, errorBox(err));
    }
  }

  /** @param {MailboxMessage} m */
  function showMessage(m) {
    // sandbox without allow-scripts or allow-same-origin: the mail's HTML can neither run code nor reach the portal
    const frame = h('iframe', { class: 'mail-html', sandbox: '', title: t('admin.mailbox.htmlPartOf', { subject: m.subject }), referrerpolicy: 'no-referrer' });
    frame.srcdoc = m.html ?? '';
    mount(
      opened,
      h(
        'article',
        { class: 'mail-message' },
        h('h2', { class: 'mail-subject', text: m.subject }),
        h(
          'dl',
          { class: 'mail-headers' },
          h('dt', { text: t('admin.mailbox.from') }),
          h('dd', { text: m.from }),
          h('dt', { text: t('admin.mailbox.to') }),
          h('dd', { text: m.to.join(', ') }),
          h('dt', { text: t('admin.mailbox.date') }),
          h('dd', { text: formatDateTime(m.date ?? m.receivedAt) }),
          h('dt', { text: 'Message-ID' }),
          h('dd', { class: 'mono', text: m.messageId ?? '—' }),
        ),
        h('h3', { text: t('admin.mailbox.textPart') }),
        h('pre', { class: 'mail-text', 'data-testid': 'mail-text', text: m.text ?? '' }),
        m.html && h('h3', { text: t('admin.mailbox.htmlPart') }),
        m.html && frame,
      ),
    );
  }

  await Promise.all([loadMailbox(), loadMessage()]);
}
