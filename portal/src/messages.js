// @ts-check
/** The page's message area: API errors (problem+json title and detail) and short confirmations. */
import { ApiError } from './api.js';
import { byId, h, mount } from './dom.js';
import { hasText, t } from './i18n.js';

/**
 * The parts of an error a person can act on: the problem's title, its detail, and field reasons.
 * The API writes English; a code the dictionaries know (`error.code.<CODE>`) is said in the
 * chosen language, and the API's own detail stays beside it.
 * @param {unknown} err
 * @returns {{ title: string, detail: string, fields: string[] }}
 */
export function describeError(err) {
  if (err instanceof ApiError) {
    const { title, detail, errors, code } = err.problem;
    const known = code && hasText(`error.code.${code}`) ? t(`error.code.${code}`) : undefined;
    const fields = (errors ?? []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
    // a validation detail repeats the field reasons; the list says it better
    const shownDetail = detail && detail !== title && fields.length === 0 ? detail : '';
    return { title: known ?? title, detail: shownDetail, fields };
  }
  return { title: t('error.pageFailed'), detail: err instanceof Error ? err.message : String(err), fields: [] };
}

/**
 * A message box element for an error, also used inside dialogs.
 * @param {unknown} err
 */
export function errorBox(err) {
  const { title, detail, fields } = describeError(err);
  return h(
    'div',
    { class: 'message message-error', role: 'alert' },
    h('strong', { class: 'message-title', text: title }),
    detail && h('span', { class: 'message-detail', text: detail }),
    fields.length > 0 && h('ul', { class: 'message-fields' }, fields.map((f) => h('li', { text: f }))),
  );
}

/** @param {HTMLElement} box */
function show(box) {
  const area = byId('messages');
  const close = h('button', { type: 'button', class: 'message-close', 'aria-label': t('common.dismiss'), text: '×', onclick: () => box.remove() });
  box.append(close);
  area.append(box);
  // at most three at a time; older ones go first
  while (area.children.length > 3) area.firstElementChild?.remove();
}

/** @param {unknown} err */
export function showError(err) {
  show(errorBox(err));
}

/** @param {string} text */
export function showInfo(text) {
  const box = h('div', { class: 'message message-info', role: 'status' }, h('span', { class: 'message-title', text }));
  show(box);
  setTimeout(() => box.remove(), 6000);
}

export function clearMessages() {
  mount(byId('messages'));
}
