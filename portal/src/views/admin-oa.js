// @ts-check
/**
 * #/admin/oa: the OA endpoints of departments that work in their own OA system, with their
 * secrets by masked tail only and the last rotation. Rotating asks for confirmation, then
 * shows the new secret this once, with a copy button: the API keeps no way to show it again.
 */
import { actionsCell, tableHead } from '../admin-ui.js';
import { formDialog } from '../form-dialog.js';
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { errorBox, showError, showInfo } from '../messages.js';
import '../../styles/admin.css';

/** @typedef {import('../types.js').OaEndpoint} OaEndpoint */
/** @typedef {import('../types.js').OaSecret} OaSecret */

/** @param {OaSecret[]} secrets the newest last */
function secretCell(secrets) {
  return h(
    'span',
    { class: 'secret-list' },
    secrets.map((s) => h('span', { class: 'mono', title: s.retiresAt ? t('admin.oa.retires', { at: formatDateTime(s.retiresAt) }) : '', text: s.retiresAt ? `${s.masked} (${t('admin.oa.retiring')})` : s.masked })),
  );
}

/** @type {import('../routes.js').View} */
export async function renderAdminOa(container) {
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('common.loading') }));
  mount(container, h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('admin.oa.title') })), h('p', { class: 'panel-body muted panel-intro', text: t('admin.oa.intro') }), list));

  async function load() {
    try {
      const endpoints = await api.oaEndpoints();
      mount(
        list,
        endpoints.length === 0
          ? h('div', { class: 'empty', 'data-testid': 'oa-empty', text: t('admin.oa.empty') })
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'table admin-table', 'data-testid': 'oa-endpoints' },
                tableHead([t('admin.oa.endpoint'), t('admin.oa.departments'), t('admin.oa.signing'), t('admin.oa.verifying'), t('admin.oa.lastRotated'), '']),
                h('tbody', {}, endpoints.map(row)),
              ),
            ),
      );
    } catch (err) {
      mount(list, errorBox(err));
    }
  }

  /** @param {OaEndpoint} e */
  function row(e) {
    return h(
      'tr',
      { 'data-endpoint': e.endpointId },
      h('td', {}, h('strong', { text: e.name }), h('div', { class: 'muted small mono', text: e.url })),
      h('td', {}, h('span', { class: 'unit-list' }, e.departments.map((d) => h('span', { class: 'mono nowrap', text: d })))),
      h('td', {}, secretCell(e.signingSecrets)),
      h('td', {}, secretCell(e.verifyingSecrets)),
      h('td', { class: 'nowrap', text: formatDateTime(e.lastRotatedAt) }),
      actionsCell(
        /** @type {const} */ (['signing', 'verifying']).map((direction) =>
          h('button', { type: 'button', class: 'button button-small', 'data-action': `rotate-${direction}`, text: t(`admin.oa.rotate.${direction}`), onclick: () => void rotate(e, direction) }),
        ),
      ),
    );
  }

  /** @param {OaEndpoint} e @param {'signing' | 'verifying'} direction */
  async function rotate(e, direction) {
    const rotated = await formDialog({
      title: t(`admin.oa.rotate.${direction}`),
      testId: 'rotate-dialog',
      submitLabel: t('admin.oa.rotateConfirm'),
      danger: true,
      body: [h('p', { class: 'dialog-help', text: t(`admin.oa.rotateHelp.${direction}`, { name: e.name }) })],
      submit: () => api.rotateOaSecret(e.endpointId, direction),
    }).catch(showError);
    if (!rotated) return;
    await showSecretOnce(rotated.secret);
    await load();
  }

  await load();
}

/** The new secret, this once, with a copy button; resolves when the admin closes it. @param {string} secret */
function showSecretOnce(secret) {
  const copy = h('button', {
    type: 'button',
    class: 'button',
    'data-testid': 'copy-secret',
    text: t('admin.oa.copy'),
    onclick: () => {
      navigator.clipboard.writeText(secret).then(
        () => showInfo(t('admin.oa.copied')),
        () => showInfo(t('admin.oa.copyFailed')),
      );
    },
  });
  return formDialog({
    title: t('admin.oa.newSecretTitle'),
    testId: 'new-secret-dialog',
    submitLabel: t('admin.oa.secretStored'),
    // the rotation is done: a Cancel here would suggest it can be undone
    cancellable: false,
    body: [
      h('p', { class: 'dialog-help', text: t('admin.oa.newSecretHelp') }),
      h('div', { class: 'secret-once' }, h('code', { class: 'mono', 'data-testid': 'new-secret', text: secret }), copy),
    ],
    submit: () => Promise.resolve(true),
  });
}
