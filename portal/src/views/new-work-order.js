// @ts-check
/**
 * #/new (agents): record the customer's contact, then open a work order from it. The create
 * carries an Idempotency-Key, so pressing the button again after a lost answer opens no second
 * work order; a contact already recorded is not recorded twice either.
 */
import { api, ApiError } from '../api.js';
import { h, mount, textOf } from '../dom.js';
import { humanize } from '../format.js';
import { t } from '../i18n.js';
import { TIERS, WORK_ORDER_TYPES as TYPES } from '../work-order-codes.js';
import { errorBox } from '../messages.js';

const CHANNELS = ['hotline', 'ivr', 'web', 'email', 'sms', 'fax', 'account-manager'];
/** Suggestions only: the category is a free path, and routing.dmn decides by its first segment. */
const CATEGORIES = ['billing/charge-dispute', 'billing/refund', 'broadband/no-signal', 'broadband/slow', 'mobile/no-service', 'plans/5g-upgrade', 'service/number-transfer'];

/**
 * @param {string} name
 * @param {string} label
 * @param {HTMLElement} control
 * @param {{ required?: boolean, hint?: string, wide?: boolean }} [options]
 */
function field(name, label, control, { required = false, hint, wide = false } = {}) {
  control.id = `new-${name}`;
  return h(
    'div',
    { class: wide ? 'field field-wide' : 'field', 'data-field': name },
    h('label', { for: control.id, class: required ? 'required' : null, text: label }),
    control,
    hint && h('div', { class: 'hint', text: hint }),
    h('div', { class: 'field-error', 'data-error-for': name }),
  );
}

/**
 * @param {string} name
 * @param {string[]} options
 * @param {string} [placeholder]
 */
function select(name, options, placeholder) {
  return h('select', { name, required: true }, placeholder && h('option', { value: '', text: placeholder }), options.map((o) => h('option', { value: o, text: humanize(o) })));
}

/**
 * @param {HTMLFormElement} form
 * @param {string[]} names
 * @returns {Record<string, string>}
 */
function valuesOf(form, names) {
  const data = new FormData(form);
  /** @type {Record<string, string>} */
  const body = {};
  for (const name of names) {
    const value = textOf(data.get(name)).trim();
    if (value !== '') body[name] = value;
  }
  return body;
}

/** @type {import('../main.js').View} */
export function renderNewWorkOrder(container) {
  const problem = h('div', { class: 'form-problem' });
  const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'create-work-order', text: t('wo.new.create') });
  const contactNote = h('div', { class: 'muted small' });

  const contactFields = ['customerId', 'customerName', 'customerTier', 'region', 'phone', 'channel', 'summary', 'place', 'memo'];
  const workOrderFields = ['type', 'category', 'description'];

  const form = h(
    'form',
    { class: 'new-form', novalidate: true },
    h(
      'fieldset',
      { class: 'panel' },
      h('legend', { class: 'panel-legend', text: t('wo.new.contact') }),
      h('p', { class: 'muted small', text: t('wo.new.contactLead') }),
      h(
        'div',
        { class: 'grid' },
        field('customerId', t('wo.field.customerId'), h('input', { name: 'customerId', required: true, placeholder: 'C-1000009', autocomplete: 'off' }), { required: true }),
        field('customerName', t('wo.field.customerName'), h('input', { name: 'customerName', required: true, autocomplete: 'off' }), { required: true }),
        field('customerTier', t('wo.field.tier'), select('customerTier', TIERS, t('wo.new.choose')), { required: true }),
        field('region', t('wo.field.regionCode'), h('input', { name: 'region', required: true, placeholder: '021', inputmode: 'numeric' }), { required: true }),
        field('phone', t('wo.field.phone'), h('input', { name: 'phone', required: true, type: 'tel', placeholder: '13912345678' }), { required: true }),
        field('channel', t('wo.field.channel'), select('channel', CHANNELS), { required: true }),
        field('summary', t('wo.field.summary'), h('input', { name: 'summary', required: true, maxlength: 200 }), { required: true, wide: true }),
        field('place', t('wo.field.place'), h('input', { name: 'place' }), { hint: t('wo.new.placeHint') }),
        field('memo', t('wo.field.memo'), h('input', { name: 'memo' })),
      ),
      contactNote,
    ),
    h(
      'fieldset',
      { class: 'panel' },
      h('legend', { class: 'panel-legend', text: t('wo.new.workOrder') }),
      h(
        'div',
        { class: 'grid' },
        field('type', t('wo.field.type'), select('type', TYPES, t('wo.new.choose')), { required: true }),
        field('category', t('wo.field.category'), h('input', { name: 'category', required: true, list: 'new-categories', placeholder: 'billing/charge-dispute', autocomplete: 'off' }), {
          required: true,
          hint: t('wo.new.categoryHint'),
        }),
        h('datalist', { id: 'new-categories' }, CATEGORIES.map((c) => h('option', { value: c }))),
        field('description', t('wo.field.description'), h('textarea', { name: 'description', required: true, rows: 5, maxlength: 4000 }), { required: true, wide: true }),
      ),
    ),
    problem,
    h('div', { class: 'form-buttons' }, submit),
  );

  /** The contact recorded by an earlier press, and the fields it was recorded with. */
  /** @type {{ fields: string, contactId: string } | undefined} */
  let recorded;
  /** The last work-order body sent and its key: the same body again is a retry and keeps the key. */
  /** @type {{ body: string, key: string } | undefined} */
  let attempt;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void create();
  });

  async function create() {
    clearFieldErrors();
    mount(problem);
    submit.disabled = true;
    try {
      const contact = valuesOf(form, contactFields);
      const fingerprint = JSON.stringify(contact);
      if (!recorded || recorded.fields !== fingerprint) {
        const created = await api.createContact(contact);
        recorded = { fields: fingerprint, contactId: created.contactId };
        contactNote.textContent = t('wo.new.contactRecorded', { id: created.contactId });
      }
      const body = { contactId: recorded.contactId, ...valuesOf(form, workOrderFields) };
      const text = JSON.stringify(body);
      if (!attempt || attempt.body !== text) attempt = { body: text, key: crypto.randomUUID() };
      const workOrder = await api.createWorkOrder(body, attempt.key);
      location.hash = `#/work-orders/${encodeURIComponent(workOrder.workOrderId)}`;
    } catch (err) {
      mount(problem, errorBox(err));
      if (err instanceof ApiError) showFieldErrors(err.problem.errors ?? []);
      problem.scrollIntoView({ block: 'nearest' });
    } finally {
      submit.disabled = false;
    }
  }

  function clearFieldErrors() {
    for (const el of form.querySelectorAll('[data-error-for]')) el.textContent = '';
    for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  }

  /** @param {{ path: string, message: string }[]} errors */
  function showFieldErrors(errors) {
    for (const { path, message } of errors) {
      const name = path.split('.')[0] ?? '';
      const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
      if (!slot) continue;
      slot.textContent = message;
      form.querySelector(`[name="${CSS.escape(name)}"]`)?.classList.add('invalid');
    }
  }

  mount(container, h('div', { class: 'page-head' }, h('h1', { text: t('wo.new.title') })), form);
}
