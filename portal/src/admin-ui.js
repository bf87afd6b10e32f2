// @ts-check
/** Pieces the administration screens share: a pager, a labelled field, table heads and button cells. */
import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * A labelled form field: `<label for>` the control's id, the control, and a hint read out with it.
 * @param {string} label @param {HTMLElement} control must have an id @param {{ required?: boolean, hint?: string }} [options]
 */
export function field(label, control, { required = false, hint } = {}) {
  const hintId = `${control.id}-hint`;
  if (hint) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: control.id, class: required ? 'required' : null, text: label }), control, hint && h('p', { id: hintId, class: 'hint field-hint', text: hint }));
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
