// @ts-check
/**
 * The portal's one modal form: a title, the fields, Cancel and a submit button. Escape and
 * Cancel close it with null, except while the request runs; the submit button sends once (a
 * double click sends nothing more) and the dialog closes with what `submit` answered. Problems the user can fix stay in the
 * dialog beside the fields; anything else closes it and is thrown to the caller.
 */
import { ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { errorBox } from './messages.js';

/** @param {unknown} err */
const fixableByUser = (err) => err instanceof ApiError && [400, 409, 422].includes(err.status);

/**
 * @template T
 * @param {{
 *   title: string,
 *   testId?: string,
 *   attrs?: import('./dom.js').Attrs,
 *   submitLabel: string,
 *   submitTestId?: string,
 *   danger?: boolean,
 *   cancellable?: boolean,
 *   cancelLabel?: string,
 *   body: (import('./dom.js').Child | import('./dom.js').Child[])[],
 *   submit: (form: HTMLFormElement) => Promise<T>,
 *   keepInDialog?: (err: unknown) => boolean,
 *   busyText?: string,
 *   focusCancel?: boolean,
 * }} spec
 *   `attrs` go on the dialog (`testId` is its data-testid); `cancellable: false` leaves out
 *   Cancel where nothing is left to cancel (a notice after the change was made; Escape still
 *   closes it); `keepInDialog` says which failures stay in the dialog (400, 409 and 422 by
 *   default); `busyText` shows while `submit` runs; `focusCancel` for a step that cannot be undone.
 * @returns {Promise<T | null>}
 */
export function formDialog({
  title,
  testId,
  attrs = {},
  submitLabel,
  submitTestId = 'dialog-submit',
  danger = false,
  cancellable = true,
  cancelLabel = t('common.cancel'),
  body,
  submit,
  keepInDialog = fixableByUser,
  busyText,
  focusCancel = false,
}) {
  const problem = h('div', { class: 'form-problem' });
  const send = h('button', { type: 'submit', class: `button ${danger ? 'button-danger' : 'button-primary'}`, 'data-testid': submitTestId, text: submitLabel });
  const cancel = cancellable ? h('button', { type: 'button', class: 'button button-quiet', text: cancelLabel }) : null;
  const form = h('form', { class: 'dialog-form' }, h('h2', { class: 'dialog-title', text: title }), problem, ...body, h('div', { class: 'dialog-buttons' }, cancel, send));
  const dialog = h('dialog', { class: 'dialog', 'data-testid': testId, 'aria-label': title, ...attrs }, form);
  document.body.append(dialog);
  return new Promise((resolve, reject) => {
    /** @param {() => void} settle */
    const finish = (settle) => {
      dialog.close();
      dialog.remove();
      settle();
    };
    let busy = false;
    // while the request runs the dialog stays: its answer (a rotated secret) must be seen
    const close = () => {
      if (!busy) finish(() => resolve(null));
    };
    cancel?.addEventListener('click', close);
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy = true;
      send.disabled = true;
      if (cancel) cancel.disabled = true;
      mount(problem, busyText && h('p', { class: 'loading', text: busyText }));
      submit(form)
        .then((answer) => finish(() => resolve(answer)))
        .catch((err) => {
          busy = false;
          if (keepInDialog(err)) {
            mount(problem, errorBox(err));
            send.disabled = false;
            if (cancel) cancel.disabled = false;
          } else finish(() => reject(err instanceof Error ? err : new Error(String(err))));
        });
    });
    dialog.showModal();
    const first = /** @type {HTMLElement | null} */ (form.querySelector('input:not([type=checkbox]):not([type=radio]), select, textarea'));
    (focusCancel ? cancel : first)?.focus();
  });
}
