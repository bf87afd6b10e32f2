// @ts-check
/** Pieces the administration screens share: a form in a modal dialog, a pager, a labelled field. */
import { ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { errorBox } from './messages.js';

/**
 * A labelled form field: `control` must carry the id `id`.
 * @param {string} id @param {string} label @param {HTMLElement} control @param {{ required?: boolean, hint?: string }} [options]
 */
export function field(id, label, control, { required = false, hint } = {}) {
  // the hint is read out with the field
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: id, class: required ? 'required' : null, text: label }), control, hint && h('p', { id: `${id}-hint`, class: 'hint field-hint', text: hint }));
}

/**
 * Opens a modal dialog with a form; `submit` sends it. Resolves with its answer, or null when
 * cancelled. Problems the user can fix (400, 409, 422) stay in the dialog beside the fields.
 * `cancellable: false` leaves out the Cancel button where there is nothing left to cancel
 * (a notice after the change was made); Escape still closes the dialog.
 * @template T
 * @param {{ title: string, testId: string, submitLabel: string, danger?: boolean, cancellable?: boolean, body: (HTMLElement | false | null)[], submit: (form: HTMLFormElement) => Promise<T> }} spec
 * @returns {Promise<T | null>}
 */
export function formDialog({ title, testId, submitLabel, danger = false, cancellable = true, body, submit }) {
  const problem = h('div', { class: 'form-problem' });
  const send = h('button', { type: 'submit', class: `button ${danger ? 'button-danger' : 'button-primary'}`, 'data-testid': 'dialog-submit', text: submitLabel });
  const cancel = cancellable && h('button', { type: 'button', class: 'button button-quiet', text: t('common.cancel') });
  const form = h('form', { class: 'dialog-form' }, h('h2', { class: 'dialog-title', text: title }), problem, body, h('div', { class: 'dialog-buttons' }, cancel, send));
  const dialog = h('dialog', { class: 'dialog', 'data-testid': testId, 'aria-label': title }, form);
  document.body.append(dialog);
  return new Promise((resolve, reject) => {
    /** @param {() => void} settle */
    const finish = (settle) => {
      dialog.close();
      dialog.remove();
      settle();
    };
    if (cancel) cancel.addEventListener('click', () => finish(() => resolve(null)));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(() => resolve(null));
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // one request at a time: a double click sends once
      send.disabled = true;
      mount(problem);
      submit(form)
        .then((answer) => finish(() => resolve(answer)))
        .catch((err) => {
          if (err instanceof ApiError && [400, 409, 422].includes(err.status)) {
            mount(problem, errorBox(err));
            send.disabled = false;
          } else finish(() => reject(err instanceof Error ? err : new Error(String(err))));
        });
    });
    dialog.showModal();
    /** @type {HTMLElement | null} */ (form.querySelector('input:not([type=checkbox]), select, textarea'))?.focus();
  });
}

/**
 * The head of an administration table: one column header per label (the buttons' column has
 * an empty one). The columns at the `numeric` indexes align right, like their numbers.
 * @param {string[]} labels @param {number[]} [numeric]
 */
export function tableHead(labels, numeric = []) {
  return h('thead', {}, h('tr', {}, labels.map((label, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null, text: label }))));
}

/**
 * The cell of a row's buttons. The flex box is a div inside it: a td that is itself a flex box
 * stops being a table cell and loses the row's height and borders.
 * @param {...(HTMLElement | false | HTMLElement[])} buttons
 */
export function actionsCell(...buttons) {
  return h('td', {}, h('div', { class: 'row-actions' }, buttons.flat()));
}

/**
 * Previous / next buttons and where the page is, or nothing when everything fits on one page.
 * @param {{ total: number, page: number, pageSize: number }} list @param {(page: number) => void} go
 */
export function pager({ total, page, pageSize }, go) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('admin.pager.label') },
    h('button', { type: 'button', class: 'button button-small', disabled: page <= 1, text: t('common.previous'), onclick: () => go(page - 1) }),
    h('span', { class: 'muted', text: t('admin.pager.position', { page, pages, total }) }),
    h('button', { type: 'button', class: 'button button-small', disabled: page >= pages, text: t('admin.pager.next'), onclick: () => go(page + 1) }),
  );
}

/** @param {string} text the value of the form field named so @param {HTMLFormElement} form */
export function valueOf(form, text) {
  const value = new FormData(form).get(text);
  return typeof value === 'string' ? value.trim() : '';
}
