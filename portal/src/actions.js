// @ts-check
/**
 * The actions a work order offers (`allowedActions`) and the small form each one needs. The
 * field names are the body fields of POST /api/work-orders/:id/<action>.
 */
import { api, ApiError, departments } from './api.js';
import { h, textOf } from './dom.js';
import { formDialog } from './form-dialog.js';
import { t } from './i18n.js';

/**
 * @typedef {{ name: string, label: string, kind: 'text' | 'textarea' | 'department' | 'departments' | 'yesno',
 *   required?: boolean, yes?: string, no?: string }} Field
 * @typedef {{ label: string, title: string, tone?: 'primary' | 'danger', help?: string, fields: Field[] }} ActionSpec
 * @typedef {{ tone?: 'primary' | 'danger', help?: true, fields: Field[] }} ActionShape
 *   an action's form with i18n keys where the spec has texts; the action's own texts are
 *   `wo.action.<action>` (its button), `.title` and `.help`
 */

/** @type {(name?: string) => Field} */
const note = (name = 'note') => ({ name, label: 'wo.action.note', kind: 'textarea' });

/** @type {Record<string, ActionShape>} */
const ACTIONS = {
  accept: { tone: 'primary', help: true, fields: [note()] },
  feedback: { tone: 'primary', help: true, fields: [{ name: 'feedback', label: 'wo.action.feedback.feedback', kind: 'textarea', required: true }] },
  verify: {
    tone: 'primary',
    help: true,
    fields: [{ name: 'satisfied', label: 'wo.action.verify.satisfied', kind: 'yesno', required: true, yes: 'wo.action.verify.yes', no: 'wo.action.verify.no' }, note()],
  },
  review: {
    tone: 'primary',
    fields: [{ name: 'approved', label: 'wo.action.review.approved', kind: 'yesno', required: true, yes: 'wo.action.review.yes', no: 'wo.action.review.no' }, note()],
  },
  reroute: { tone: 'primary', fields: [{ name: 'department', label: 'wo.action.department', kind: 'department', required: true }, note()] },
  'collaboration-feedback': { tone: 'primary', fields: [{ name: 'feedback', label: 'wo.action.collaboration-feedback.feedback', kind: 'textarea', required: true }] },
  collaborate: {
    fields: [
      { name: 'departments', label: 'wo.action.collaborate.departments', kind: 'departments', required: true },
      { name: 'request', label: 'wo.action.collaborate.request', kind: 'textarea', required: true },
    ],
  },
  transfer: {
    fields: [
      { name: 'department', label: 'wo.action.department', kind: 'department', required: true },
      { name: 'reason', label: 'wo.action.reason', kind: 'textarea', required: true },
    ],
  },
  return: { tone: 'danger', help: true, fields: [{ name: 'reason', label: 'wo.action.reason', kind: 'textarea', required: true }] },
  'await-customer': { help: true, fields: [{ name: 'reason', label: 'wo.action.await-customer.reason', kind: 'textarea', required: true }] },
  resume: { tone: 'primary', help: true, fields: [note()] },
  urge: { help: true, fields: [note()] },
  supervise: { help: true, fields: [note()] },
  cancel: { tone: 'danger', help: true, fields: [{ name: 'reason', label: 'wo.action.reason', kind: 'textarea', required: true }] },
};

/**
 * The texts and form of `action` in the chosen language. An action the portal does not know
 * yet gets a button with an optional note, so a new server-side action is usable before the
 * portal learns its form.
 * @param {string} action
 * @returns {ActionSpec}
 */
export function specOf(action) {
  const shape = ACTIONS[action];
  if (!shape) return { label: action.replace(/-/g, ' '), title: action.replace(/-/g, ' '), fields: [translated(note())] };
  return {
    label: t(`wo.action.${action}`),
    title: t(`wo.action.${action}.title`),
    tone: shape.tone,
    help: shape.help && t(`wo.action.${action}.help`),
    fields: shape.fields.map(translated),
  };
}

/** @param {Field} field @returns {Field} */
function translated(field) {
  return { ...field, label: t(field.label), yes: field.yes && t(field.yes), no: field.no && t(field.no) };
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
        h('option', { value: '', text: t('wo.action.chooseDepartment') }),
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
        h('label', { class: 'choice' }, h('input', { type: 'radio', name: field.name, value: 'yes', required: true }), ` ${field.yes ?? t('common.yes')}`),
        h('label', { class: 'choice' }, h('input', { type: 'radio', name: field.name, value: 'no' }), ` ${field.no ?? t('common.no')}`),
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
  // a disabled department takes no new work: it is not offered
  const units = needsUnits ? (await departments()).filter((u) => !u.disabled) : [];

  return formDialog({
    title: spec.title,
    attrs: { 'data-action': action },
    submitLabel: spec.label,
    submitTestId: 'action-submit',
    danger: spec.tone === 'danger',
    body: [
      h('p', { class: 'muted small mono', text: workOrderId }),
      spec.help && h('p', { class: 'dialog-help', text: spec.help }),
      spec.fields.map((f) =>
        h('div', { class: 'field' }, h('label', { for: `action-${f.name}`, class: f.required ? 'required' : null, text: f.label }), fieldControl(f, units)),
      ),
    ],
    submit: (form) => {
      const body = bodyOf(form, spec.fields);
      if (spec.fields.some((f) => f.kind === 'departments' && f.required && /** @type {string[]} */ (body[f.name]).length === 0)) {
        return Promise.reject(new ApiError({ title: t('wo.action.chooseOneDepartment'), status: 400 }));
      }
      return api.act(workOrderId, action, body);
    },
    // a conflict with the work order's state (409) is the page's to show: it reloads the work order
    keepInDialog: (err) => err instanceof ApiError && (err.status === 400 || err.status === 422),
  });
}
