// @ts-check
/**
 * #/admin/mail[?to=address&id=message]: admins' mail screen.
 * - Dead letters: notifications the mail drainer gave up on, each with its delivery journal and
 *   a Resend button (the API journals who resent it).
 * - Development mailbox: what the local SMTP peer received, newest first, filterable by
 *   recipient; one message opened below the list. The message's HTML part is shown in a
 *   sandboxed iframe (no scripts, no same origin), its text part as text.
 */
import { api, ApiError } from '../api.js';
import { h, mount, textOf } from '../dom.js';
import { formatDateTime, humanize } from '../format.js';
import { errorBox, showError, showInfo } from '../messages.js';

/** @typedef {import('../types.js').MailboxSummary} MailboxSummary */
/** @typedef {import('../types.js').MailboxMessage} MailboxMessage */
/** @typedef {import('../types.js').DeadLetter} DeadLetter */

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
  const deadLetters = h('div', { 'data-testid': 'dead-letters' }, h('p', { class: 'loading', text: 'Loading…' }));
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: 'Loading the mailbox…' }));
  const opened = h('div', { 'data-testid': 'mail-message' });
  const toInput = h('input', { name: 'to', type: 'search', value: to, placeholder: 'e.g. billing-h1@service-center.example' });
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    h('label', { class: 'filter filter-grow' }, h('span', { text: 'Recipient' }), toInput),
    h('button', { type: 'submit', class: 'button button-primary', text: 'Apply' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = hashOf({ to: textOf(new FormData(form).get('to') ?? '').trim() });
  });

  mount(
    container,
    h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: 'Dead letters' })), h('div', { class: 'panel-body' }, deadLetters)),
    h(
      'section',
      { class: 'panel', 'data-testid': 'mailbox' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: 'Development mailbox' }), h('span', { class: 'muted', text: 'what the local SMTP server received' })),
      form,
      list,
      opened,
    ),
  );

  async function loadDeadLetters() {
    try {
      const { items } = await api.deadLetters();
      mount(deadLetters, items.length === 0 ? h('div', { class: 'empty', text: 'No dead letters: every notification was delivered or is still being tried.' }) : items.map(deadLetterCard));
    } catch (err) {
      mount(deadLetters, errorBox(err));
    }
  }

  /** @param {DeadLetter} item */
  function deadLetterCard(item) {
    const resend = h('button', {
      type: 'button',
      class: 'button',
      text: 'Resend',
      onclick: () => {
        resend.disabled = true;
        api.resendDeadLetter(item.key).then(
          () => {
            showInfo(`${item.key} is queued again; the drainer sends it within seconds.`);
            void loadDeadLetters();
          },
          (err) => {
            resend.disabled = false;
            showError(err);
          },
        );
      },
    });
    return h(
      'article',
      { class: 'mail-dead-letter', 'data-key': item.key },
      h('div', { class: 'mail-dead-letter-head' }, h('strong', { text: item.subject }), resend),
      h('p', { class: 'muted', text: `${humanize(item.kind)} · ${item.attempts} attempt(s) · dead-lettered ${formatDateTime(item.deadLetteredAt)}${item.lastError ? ` · ${item.lastError}` : ''}` }),
      h('ul', { class: 'mail-journal' }, item.journal.map((j) => h('li', { text: `${formatDateTime(j.at)} ${humanize(j.event)} (${j.by}): ${j.detail}` }))),
    );
  }

  async function loadMailbox() {
    try {
      const { messages } = await api.mailbox({ to, limit: '100' });
      mount(
        list,
        messages.length === 0
          ? h('div', { class: 'empty', text: to ? `No mail to ${to}.` : 'The mailbox is empty.' })
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'table', 'data-testid': 'mailbox-list' },
                h('thead', {}, h('tr', {}, ['Received', 'To', 'Subject'].map((label) => h('th', { scope: 'col', text: label })))),
                h(
                  'tbody',
                  {},
                  messages.map((m) =>
                    h(
                      'tr',
                      { class: m.id === openId ? 'row-selected' : null },
                      h('td', { class: 'nowrap', text: formatDateTime(m.receivedAt) }),
                      h('td', { text: m.envelope.to.join(', ') }),
                      h('td', {}, h('a', { href: hashOf({ to, id: m.id }), text: m.subject || '(no subject)' })),
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
    const frame = h('iframe', { class: 'mail-html', sandbox: '', title: `HTML part of ${m.subject}`, referrerpolicy: 'no-referrer' });
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
          h('dt', { text: 'From' }),
          h('dd', { text: m.from }),
          h('dt', { text: 'To' }),
          h('dd', { text: m.to.join(', ') }),
          h('dt', { text: 'Date' }),
          h('dd', { text: formatDateTime(m.date ?? m.receivedAt) }),
          h('dt', { text: 'Message-ID' }),
          h('dd', { class: 'mono', text: m.messageId ?? '—' }),
        ),
        h('h3', { text: 'Text part' }),
        h('pre', { class: 'mail-text', 'data-testid': 'mail-text', text: m.text ?? '' }),
        m.html && h('h3', { text: 'HTML part' }),
        m.html && frame,
      ),
    );
  }

  await Promise.all([loadDeadLetters(), loadMailbox(), loadMessage()]);
}
