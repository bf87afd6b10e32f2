// @ts-check
/**
 * The actions a work order offers (`allowedActions`) and the small form each one needs. The
 * field names are the body fields of POST /api/work-orders/:id/<action>.
 */
import { api, ApiError, departments } from './api.js';
import { h, mount, textOf } from './dom.js';
import { errorBox } from './messages.js';

/**
 * @typedef {{ name: string, label: string, kind: 'text' | 'textarea' | 'department' | 'departments' | 'yesno',
 *   required?: boolean, yes?: string, no?: string, hint?: string }} Field
 * @typedef {{ label: string, title: string, tone?: 'primary' | 'danger', help?: string, fields: Field[] }} ActionSpec
 */

/** @type {(name?: string) => Field} */
const note = (name = 'note') => ({ name, label: 'Note (optional)', kind: 'textarea' });

/** @type {Record<string, ActionSpec>} */
export const ACTIONS = {
  accept: { label: 'Accept', title: 'Accept the work order', tone: 'primary', help: 'Your department takes the work order and starts handling it.', fields: [note()] },
  feedback: {
    label: 'Write feedback',
    title: 'Write the handling feedback',
    tone: 'primary',
    help: 'What was found and done. The customer is called back with it.',
    fields: [{ name: 'feedback', label: 'Feedback', kind: 'textarea', required: true }],
  },
  verify: {
    label: 'Verify',
    title: 'Verify with the customer',
    tone: 'primary',
    help: 'Call the customer back: is the problem really solved?',
    fields: [{ name: 'satisfied', label: 'Is the customer satisfied?', kind: 'yesno', required: true, yes: 'Satisfied: close', no: 'Not satisfied: reopen' }, note()],
  },
  review: {
    label: 'Review',
    title: 'Review the handling',
    tone: 'primary',
    fields: [{ name: 'approved', label: 'Is the handling approved?', kind: 'yesno', required: true, yes: 'Approve', no: 'Send back' }, note()],
  },
  reroute: {
    label: 'Re-route',
    title: 'Re-route the returned work order',
    tone: 'primary',
    fields: [{ name: 'department', label: 'Department', kind: 'department', required: true }, note()],
  },
  'collaboration-feedback': {
    label: 'Answer collaboration',
    title: 'Answer the collaboration request',
    tone: 'primary',
    fields: [{ name: 'feedback', label: 'Your answer', kind: 'textarea', required: true }],
  },
  collaborate: {
    label: 'Ask for collaboration',
    title: 'Ask other departments to collaborate',
    fields: [
      { name: 'departments', label: 'Departments', kind: 'departments', required: true },
      { name: 'request', label: 'What you need from them', kind: 'textarea', required: true },
    ],
  },
  transfer: {
    label: 'Transfer',
    title: 'Transfer to another department',
    fields: [
      { name: 'department', label: 'Department', kind: 'department', required: true },
      { name: 'reason', label: 'Reason', kind: 'textarea', required: true },
    ],
  },
  return: {
    label: 'Return',
    title: 'Return to the dispatch desk',
    tone: 'danger',
    help: 'The work order is not for your department; the dispatch desk routes it again.',
    fields: [{ name: 'reason', label: 'Reason', kind: 'textarea', required: true }],
  },
  'await-customer': {
    label: 'Wait for the customer',
    title: 'Wait for the customer',
    help: 'The SLA clocks stand still until you resume; their deadlines move out by the working time the wait lasts.',
    fields: [{ name: 'reason', label: 'What you need from the customer', kind: 'textarea', required: true }],
  },
  resume: {
    label: 'Resume handling',
    title: 'The customer answered: resume handling',
    tone: 'primary',
    help: 'The SLA clocks run again.',
    fields: [note()],
  },
  urge: { label: 'Urge', title: 'Urge the handling department', help: 'Recorded and counted on the work order; the department is notified.', fields: [note()] },
  supervise: { label: 'Supervise', title: 'Put under supervision', help: 'Recorded and counted on the work order; the department is notified.', fields: [note()] },
  cancel: {
    label: 'Cancel work order',
    title: 'Cancel the work order',
    tone: 'danger',
    help: 'Only when the customer withdraws the request. This cannot be undone.',
    fields: [{ name: 'reason', label: 'Reason', kind: 'textarea', required: true }],
  },
};

/**
 * A spec for an action the portal does not know yet: a button with an optional note, so a new
 * server-side action is usable before the portal learns its form.
 * @param {string} action
 * @returns {ActionSpec}
 */
export function specOf(action) {
  return ACTIONS[action] ?? { label: action.replace(/-/g, ' '), title: action.replace(/-/g, ' '), fields: [note()] };
}

/**
 * The action buttons, in the order of ACTIONS (main actions first), then unknown ones.
 * @param {string[]} allowed
 * @param {(action: string) => void} onPick
 */
export function actionButtons(allowed, onPick) {
  const known = Object.keys(ACTIONS).filter((a) => allowed.includes(a));
  const unknown = allowed.filter((a) => !(a in ACTIONS));
  return [...known, ...unknown].map((action) => {
    const spec = specOf(action);
    return h('button', {
      type: 'button',
      class: `button ${spec.tone ? `button-${spec.tone}` : ''}`.trim(),
      'data-action': action,
      text: spec.label,
      onclick: () => onPick(action),
    });
  });
}

/**
 * @param {Field} field
 * @param {import('./types.js').Unit[]} units
 * @returns {HTMLElement}
 */
function fieldControl(field, units) {
  const id = `action-${field.name}`;
  switch (field.kind) {
    case 'text':
      return h('input', { id, name: field.name, required: field.required ?? false });
    case 'textarea':
      return h('textarea', { id, name: field.name, rows: 4, required: field.required ?? false, maxlength: 4000 });
    case 'department':
      return h(
        'select',
        { id, name: field.name, required: field.required ?? false },
        h('option', { value: '', text: 'Choose a department…' }),
        units.map((u) => h('option', { value: u.unitId, text: `${u.name} (${u.unitId})` })),
      );
    case 'departments':
      return h(
        'div',
        { id, class: 'checkbox-list', role: 'group' },
        units.map((u) => h('label', { class: 'checkbox' }, h('input', { type: 'checkbox', name: field.name, value: u.unitId }), ` ${u.name}`)),
      );
    case 'yesno':
      return h(
        'div',
        { id, class: 'yesno', role: 'radiogroup' },
        h('label', { class: 'choice' }, h('input', { type: 'radio', name: field.name, value: 'yes', required: true }), ` ${field.yes ?? 'Yes'}`),
        h('label', { class: 'choice' }, h('input', { type: 'radio', name: field.name, value: 'no' }), ` ${field.no ?? 'No'}`),
      );
  }
}

/**
 * The request body from the form: empty optional text left out, yes/no as booleans,
 * department checkboxes as a list.
 * @param {HTMLFormElement} form
 * @param {Field[]} fields
 * @returns {Record<string, unknown>}
 */
function bodyOf(form, fields) {
  const data = new FormData(form);
  /** @type {Record<string, unknown>} */
  const body = {};
  for (const field of fields) {
    if (field.kind === 'departments') body[field.name] = data.getAll(field.name).map(String);
    else if (field.kind === 'yesno') {
      const value = data.get(field.name);
      if (value !== null) body[field.name] = value === 'yes';
    } else {
      const value = textOf(data.get(field.name)).trim();
      if (value !== '') body[field.name] = value;
    }
  }
  return body;
}

/**
 * Opens the form of `action` in a modal dialog and sends it. Resolves with the API's answer,
 * or null when the user cancelled. Errors the user can fix (400) stay in the dialog; an error
 * about the work order's state (409 and the like) closes it and is thrown to the page.
 * @param {string} workOrderId
 * @param {string} action
 * @returns {Promise<unknown>}
 */
export async function runAction(workOrderId, action) {
  const spec = specOf(action);
  const needsUnits = spec.fields.some((f) => f.kind === 'department' || f.kind === 'departments');
  const units = needsUnits ? await departments() : [];

  const problem = h('div', { class: 'form-problem' });
  const submit = h('button', { type: 'submit', class: `button ${spec.tone === 'danger' ? 'button-danger' : 'button-primary'}`, 'data-testid': 'action-submit', text: spec.label });
  const cancel = h('button', { type: 'button', class: 'button button-quiet', value: 'cancel', text: 'Cancel' });
  const form = h(
    'form',
    { class: 'dialog-form', method: 'dialog', novalidate: false },
    h('h2', { text: spec.title }),
    h('p', { class: 'muted small mono', text: workOrderId }),
    spec.help && h('p', { class: 'dialog-help', text: spec.help }),
    problem,
    spec.fields.map((f) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `action-${f.name}`, class: f.required ? 'required' : null, text: f.label }),
        fieldControl(f, units),
      ),
    ),
    h('div', { class: 'dialog-buttons' }, cancel, submit),
  );
  const dialog = h('dialog', { class: 'dialog', 'data-action': action, 'aria-label': spec.title }, form);
  document.body.append(dialog);

  return new Promise((resolve, reject) => {
    /** @param {() => void} settle */
    const finish = (settle) => {
      dialog.close();
      dialog.remove();
      settle();
    };
    cancel.addEventListener('click', () => finish(() => resolve(null)));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(() => resolve(null));
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = bodyOf(form, spec.fields);
      if (spec.fields.some((f) => f.kind === 'departments' && f.required && /** @type {string[]} */ (body[f.name]).length === 0)) {
        mount(problem, errorBox(new ApiError({ title: 'Choose at least one department.', status: 400 })));
        return;
      }
      submit.disabled = true;
      mount(problem);
      api
        .act(workOrderId, action, body)
        .then((answer) => finish(() => resolve(answer)))
        .catch((err) => {
          if (err instanceof ApiError && (err.status === 400 || err.status === 422)) {
            mount(problem, errorBox(err));
            submit.disabled = false;
          } else finish(() => reject(err instanceof Error ? err : new Error(String(err))));
        });
    });
    dialog.showModal();
    /** @type {HTMLElement | null} */ (form.querySelector('input, textarea, select'))?.focus();
  });
}
