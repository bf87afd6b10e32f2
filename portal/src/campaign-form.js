// @ts-check
/**
 * The settings part of the campaign wizard (views/campaign-wizard.js): step 1 "Basics" and step
 * 2 "Calling strategy" as form sections built from a settings object, and the settings read back
 * from them. Every control's `name` is its path in the body of POST /api/campaigns, so the API's
 * validation errors (`errors[].path`) find the field they are about.
 */
import { h, mount, textOf } from './dom.js';
import { CAMPAIGN_KINDS } from './campaigns.js';

/** @typedef {import('./types.js').CampaignSettings} CampaignSettings */
/** @typedef {import('./types.js').TimeRange} TimeRange */
/** @typedef {import('./types.js').Unit} Unit */
/** @typedef {import('./types.js').Calendar} Calendar */

/** Outcomes after which a contact may be called again, with what each rule does (domain/outreach/attempt-rules.ts). */
const RETRYABLE = /** @type {const} */ ([
  ['no-answer', 'No answer'],
  ['busy', 'Busy'],
  ['failed', 'Call failed'],
  ['call-back-later', 'Asked to be called back later'],
]);
const RETRY_CHOICES = /** @type {const} */ ([
  ['next-window', 'Try again in the next calling window'],
  ['wait', 'Try again after a wait'],
  ['stop', 'Do not try again'],
]);

/** @param {number} n */
const pad = (n) => String(n).padStart(2, '0');
/** `YYYY-MM-DD` of the browser's day `days` from today. @param {number} days */
function dayFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Minutes of `PT1H30M`; undefined for anything else. @param {string} duration */
export function minutesOf(duration) {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  return match ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : undefined;
}

/**
 * Where a new campaign starts: preview calls, the mainland calendar's office hours on workdays
 * only, three attempts, the next 30 days.
 * @param {{ departments: Unit[], teams: Unit[], calendars: Calendar[], departmentId: string | null }} choices
 * @returns {CampaignSettings}
 */
export function defaultSettings({ departments, teams, calendars, departmentId }) {
  const calendarId = calendars.find((c) => c.id === 'cn-mainland')?.id ?? calendars[0]?.id ?? '';
  return {
    name: '',
    kind: /** @type {CampaignSettings['kind']} */ (''),
    script: '',
    dialMode: 'preview',
    ivr: { prompt: '', acceptKey: '1' },
    departmentId: departments.find((d) => d.unitId === departmentId)?.unitId ?? (departments.length === 1 ? departments[0]?.unitId ?? '' : ''),
    agentTeam: teams.length === 1 ? teams[0]?.unitId ?? '' : '',
    windows: { calendarId, workday: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '20:00' }], restDay: [] },
    rules: { attemptCap: 3, retry: { 'no-answer': 'next-window', busy: 'PT10M', failed: 'PT30M', 'call-back-later': 'next-window' } },
    pacing: { waveSize: 100, every: 'PT1M' },
    firstDay: dayFromToday(0),
    lastDay: dayFromToday(30),
  };
}

/** The element id of the control for setting `name`. @param {string} name */
const idOf = (name) => `cw-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;

/**
 * A labelled control with its hint and the slot its error shows in.
 * @param {string} name the setting's path
 * @param {string} label
 * @param {HTMLElement} control
 * @param {{ required?: boolean, hint?: string, wide?: boolean }} [options]
 */
export function field(name, label, control, { required = false, hint, wide = false } = {}) {
  control.id = idOf(name);
  control.setAttribute('aria-describedby', `${hint ? `${control.id}-hint ` : ''}${control.id}-error`);
  return h(
    'div',
    { class: wide ? 'field field-wide' : 'field', 'data-field': name },
    h('label', { for: control.id, class: required ? 'required' : null, text: label }),
    control,
    hint && h('div', { class: 'hint', id: `${control.id}-hint`, text: hint }),
    h('div', { class: 'field-error', id: `${control.id}-error`, 'data-error-for': name }),
  );
}

/**
 * A group of controls under a legend, with its hint and error slot.
 * @param {string} name
 * @param {string} legend
 * @param {(Node | false | null | undefined)[]} content
 * @param {{ required?: boolean, hint?: string, wide?: boolean }} [options]
 */
export function group(name, legend, content, { required = false, hint, wide = true } = {}) {
  const id = idOf(name);
  return h(
    'fieldset',
    { class: wide ? 'field group field-wide' : 'field group', 'data-field': name, 'aria-describedby': `${hint ? `${id}-hint ` : ''}${id}-error` },
    h('legend', { class: required ? 'required' : null, text: legend }),
    hint && h('div', { class: 'hint', id: `${id}-hint`, text: hint }),
    ...content,
    h('div', { class: 'field-error', id: `${id}-error`, 'data-error-for': name }),
  );
}

/**
 * @param {string} name
 * @param {[string, string][]} options value, label
 * @param {string} current
 * @param {string} [placeholder] a first, empty choice
 */
export function select(name, options, current, placeholder) {
  return h(
    'select',
    { name, required: true },
    placeholder && h('option', { value: '', text: placeholder }),
    options.map(([value, text]) => h('option', { value, selected: value === current, text })),
  );
}

/**
 * Time ranges of one kind of day, each from a time to a later one, in order; rows are added and
 * removed. Each range is checked as it is edited, as the API would check it.
 * @param {string} name `windows.workday` or `windows.restDay`
 * @param {string} what the day, for the labels ("Workday")
 * @param {TimeRange[]} initial
 * @param {boolean} required at least one range
 */
function rangesEditor(name, what, initial, required) {
  const rows = h('ol', { class: 'ranges' });
  const empty = h('p', { class: 'muted small', text: 'No window: no calls on these days.' });
  const add = h('button', { type: 'button', class: 'button button-small', 'data-testid': `${idOf(name)}-add`, text: 'Add a window' });
  /** @param {TimeRange} range */
  function addRow(range) {
    const start = h('input', { type: 'time', required: true, value: range.start });
    const end = h('input', { type: 'time', required: true, value: range.end });
    const remove = h('button', { type: 'button', class: 'button button-small button-quiet', text: 'Remove' });
    const row = h('li', { class: 'range' }, start, h('span', { class: 'muted', 'aria-hidden': 'true', text: 'to' }), end, remove);
    remove.addEventListener('click', () => {
      row.remove();
      sync();
      add.focus();
    });
    rows.append(row);
    return row;
  }
  /** @returns {[HTMLInputElement, HTMLInputElement, HTMLButtonElement][]} each row's from, to and remove */
  const parts = () =>
    [...rows.children].map((row) => [
      /** @type {HTMLInputElement} */ (row.querySelector('input:first-of-type')),
      /** @type {HTMLInputElement} */ (row.querySelector('input:last-of-type')),
      /** @type {HTMLButtonElement} */ (row.querySelector('button')),
    ]);
  /** Labels by position, and each range checked: it ends after it starts, and after the one before. */
  function sync() {
    let previousEnd = '';
    parts().forEach(([start, end, remove], i) => {
      start.setAttribute('aria-label', `${what} window ${i + 1}: from`);
      end.setAttribute('aria-label', `${what} window ${i + 1}: to`);
      remove.setAttribute('aria-label', `Remove ${what.toLowerCase()} window ${i + 1}`);
      start.setCustomValidity(start.value && previousEnd && start.value < previousEnd ? `Window ${i + 1} starts before window ${i} ends: keep them in order, without overlap.` : '');
      end.setCustomValidity(start.value && end.value && end.value <= start.value ? `Window ${i + 1} must end after it starts.` : '');
      previousEnd = end.value;
    });
    empty.hidden = rows.children.length > 0;
  }
  add.addEventListener('click', () => {
    addRow({ start: '', end: '' }).querySelector('input')?.focus();
    sync();
  });
  rows.addEventListener('input', sync);
  initial.forEach(addRow);
  sync();
  return {
    element: group(name, `${what} windows`, [rows, empty, add], {
      required,
      hint: required ? 'Calls start only inside these hours (the end is excluded).' : 'Weekends and public holidays, as the calendar says.',
    }),
    /** @returns {TimeRange[]} */
    ranges: () => parts().map(([start, end]) => ({ start: start.value, end: end.value })),
  };
}

/**
 * What follows each retryable outcome: the next window, a wait of some minutes, or no retry.
 * @param {CampaignSettings['rules']['retry']} initial
 */
function retryEditor(initial) {
  const rows = RETRYABLE.map(([outcome, label]) => {
    const rule = initial[outcome];
    const minutes = rule.startsWith('PT') ? minutesOf(rule) ?? 10 : 10;
    const choice = select(`rules.retry.${outcome}`, RETRY_CHOICES.map(([v, l]) => [v, l]), rule.startsWith('PT') ? 'wait' : rule);
    choice.setAttribute('aria-label', `After "${label}"`);
    const wait = h('input', { type: 'number', name: `rules.retry.${outcome}.minutes`, min: 1, max: 1440, required: true, value: minutes, class: 'input-minutes', 'aria-label': `Minutes to wait after "${label}"` });
    const waitPart = h('span', { class: 'retry-wait' }, wait, h('span', { class: 'muted', text: 'min' }));
    const sync = () => {
      waitPart.hidden = choice.value !== 'wait';
      wait.disabled = waitPart.hidden;
    };
    choice.addEventListener('change', sync);
    sync();
    return h('tr', { 'data-outcome': outcome }, h('th', { scope: 'row', text: label }), h('td', {}, h('span', { class: 'retry-rule' }, choice, waitPart)));
  });
  return group('rules.retry', 'When an attempt fails', [h('table', { class: 'table retry-table' }, h('tbody', {}, rows))], {
    hint: 'Each attempt counts against the attempt cap; a customer who answers, refuses, or has an invalid number is not called again.',
  });
}

/**
 * Steps 1 and 2 of the wizard, built from `initial`.
 * @param {CampaignSettings} initial
 * @param {{ departments: Unit[], teams: Unit[], calendars: Calendar[] }} choices
 */
export function settingsSections(initial, { departments, teams, calendars }) {
  const teamLabel = (/** @type {Unit} */ team) => {
    const parent = departments.find((d) => d.unitId === team.parentId);
    return parent ? `${team.name} (${parent.name})` : team.name;
  };
  const dialModes = /** @type {const} */ ([
    ['preview', 'Preview', 'An agent of the team gets one customer at a time, with the customer\'s data and the script on screen, and places the call.'],
    ['automatic', 'Automatic', 'The IVR calls and plays the recorded message; the customer presses the accept key to say yes.'],
  ]);
  const ivr = h(
    'fieldset',
    { class: 'subfields grid' },
    field('ivr.prompt', 'Recorded message', h('input', { name: 'ivr.prompt', required: true, value: initial.ivr?.prompt ?? '', placeholder: 'sound:payment-reminder', pattern: '(sound|recording):\\S+', autocomplete: 'off' }), {
      required: true,
      hint: 'The media the IVR plays, as sound:<name> or recording:<name>.',
    }),
    field('ivr.acceptKey', 'Accept key', h('input', { name: 'ivr.acceptKey', required: true, value: initial.ivr?.acceptKey ?? '1', maxlength: 1, pattern: '[0-9*#]', class: 'input-key', autocomplete: 'off' }), {
      required: true,
      hint: 'The key that means yes: 0-9, * or #.',
    }),
  );
  const team = h(
    'fieldset',
    { class: 'subfields grid' },
    field('agentTeam', 'Agent team', select('agentTeam', teams.map((t) => [t.unitId, teamLabel(t)]), initial.agentTeam ?? '', 'Choose a team…'), { required: true, hint: 'Its agents get the customers in Preview dialing.' }),
  );
  const modeChoice = group(
    'dialMode',
    'Dial mode',
    [
      h(
        'div',
        { class: 'mode-choices' },
        // the radio is named by the mode alone; the explanation describes it
        dialModes.map(([value, label, help]) =>
          h(
            'label',
            { class: 'mode-choice' },
            h('input', { type: 'radio', name: 'dialMode', value, required: true, checked: initial.dialMode === value, 'aria-labelledby': `cw-mode-${value}`, 'aria-describedby': `cw-mode-${value}-help` }),
            h('span', { class: 'stack' }, h('strong', { id: `cw-mode-${value}`, text: label }), h('span', { class: 'muted small', id: `cw-mode-${value}-help`, text: help })),
          ),
        ),
      ),
    ],
    { required: true },
  );
  /** The IVR's fields for automatic dialing, the team for preview; the other part is disabled, so not sent. */
  const automaticMode = /** @type {HTMLInputElement} */ (modeChoice.querySelector('input[value=automatic]'));
  const syncMode = () => {
    const automatic = automaticMode.checked;
    ivr.hidden = !automatic;
    ivr.disabled = !automatic;
    team.hidden = automatic;
    team.disabled = automatic;
  };
  modeChoice.addEventListener('change', syncMode);
  syncMode();

  const basics = h(
    'div',
    { class: 'grid' },
    field('name', 'Name', h('input', { name: 'name', required: true, maxlength: 120, value: initial.name, autocomplete: 'off', placeholder: 'Broadband renewal, December' }), { required: true, hint: 'How managers and agents will know it.' }),
    field('kind', 'Kind', select('kind', Object.entries(CAMPAIGN_KINDS), initial.kind, 'Choose…'), { required: true, hint: 'Customers who refused this kind of call are kept out.' }),
    field('departmentId', 'Department', select('departmentId', departments.map((d) => [d.unitId, d.name]), initial.departmentId, 'Choose…'), { required: true, hint: 'Its supervisors run the campaign.' }),
    field('script', 'Script', h('textarea', { name: 'script', required: true, rows: 4, maxlength: 4000, text: initial.script }), {
      required: true,
      wide: true,
      hint: 'What the agent says, or what the recorded message says.',
    }),
    modeChoice,
    h('div', { class: 'field-wide' }, ivr, team),
  );

  const workday = rangesEditor('windows.workday', 'Workday', initial.windows.workday, true);
  const restDay = rangesEditor('windows.restDay', 'Rest-day', initial.windows.restDay, false);
  const strategy = h(
    'div',
    { class: 'grid' },
    field('windows.calendarId', 'Calendar', select('windows.calendarId', calendars.map((c) => [c.id, `${c.id} (${c.region}, ${c.timeZone})`]), initial.windows.calendarId, 'Choose…'), {
      required: true,
      hint: 'Tells workdays from weekends and public holidays; the windows are in its time zone.',
    }),
    field('firstDay', 'First day', h('input', { type: 'date', name: 'firstDay', required: true, value: initial.firstDay }), { required: true }),
    field('lastDay', 'Last day', h('input', { type: 'date', name: 'lastDay', required: true, value: initial.lastDay }), { required: true, hint: 'No call after this day, whatever is left.' }),
    workday.element,
    restDay.element,
    field('rules.attemptCap', 'Attempts per customer', h('input', { type: 'number', name: 'rules.attemptCap', required: true, min: 1, max: 20, value: initial.rules.attemptCap }), { required: true, hint: 'At most this many calls to one customer (1-20).' }),
    field('pacing.waveSize', 'Contacts per wave', h('input', { type: 'number', name: 'pacing.waveSize', required: true, min: 1, max: 5000, value: initial.pacing.waveSize }), { required: true, hint: 'What the agents or lines can take at once.' }),
    field('pacing.every', 'Minutes between waves', h('input', { type: 'number', name: 'pacing.every', required: true, min: 1, max: 1440, value: minutesOf(initial.pacing.every) ?? 1 }), { required: true }),
    retryEditor(initial.rules.retry),
  );

  /**
   * The settings as the form holds them now.
   * @param {HTMLFormElement} form
   * @returns {CampaignSettings}
   */
  function settingsOf(form) {
    const data = new FormData(form);
    const value = (/** @type {string} */ name) => textOf(data.get(name)).trim();
    const retryOf = (/** @type {string} */ outcome) => {
      const rule = value(`rules.retry.${outcome}`);
      return rule === 'wait' ? `PT${value(`rules.retry.${outcome}.minutes`)}M` : rule;
    };
    const dialMode = /** @type {CampaignSettings['dialMode']} */ (value('dialMode'));
    return {
      name: value('name'),
      kind: /** @type {CampaignSettings['kind']} */ (value('kind')),
      script: value('script'),
      dialMode,
      ...(dialMode === 'automatic' ? { ivr: { prompt: value('ivr.prompt'), acceptKey: value('ivr.acceptKey') } } : { agentTeam: value('agentTeam') }),
      departmentId: value('departmentId'),
      windows: { calendarId: value('windows.calendarId'), workday: workday.ranges(), restDay: restDay.ranges() },
      rules: {
        attemptCap: Number(value('rules.attemptCap')),
        retry: { 'no-answer': retryOf('no-answer'), busy: retryOf('busy'), failed: retryOf('failed'), 'call-back-later': retryOf('call-back-later') },
      },
      pacing: { waveSize: Number(value('pacing.waveSize')), every: `PT${value('pacing.every')}M` },
      firstDay: value('firstDay'),
      lastDay: value('lastDay'),
    };
  }

  return { basics, strategy, settingsOf };
}

/**
 * The facts of settings for people (the review step, the campaign page).
 * @param {CampaignSettings} s
 * @param {(unitId: string) => string} unitName
 * @returns {[string, string][]} label, value
 */
export function settingsFacts(s, unitName) {
  const ranges = (/** @type {TimeRange[]} */ r) => (r.length === 0 ? 'no calls' : r.map((x) => `${x.start}–${x.end}`).join(', '));
  const rule = (/** @type {string} */ r) => (r === 'stop' ? 'no retry' : r === 'next-window' ? 'next window' : `after ${minutesOf(r) ?? r} min`);
  return [
    ['Kind', CAMPAIGN_KINDS[s.kind] ?? s.kind],
    ['Department', unitName(s.departmentId)],
    ['Dial mode', s.dialMode === 'automatic' ? `Automatic: ${s.ivr?.prompt ?? ''}, yes = ${s.ivr?.acceptKey ?? ''}` : `Preview: ${unitName(s.agentTeam ?? '')}`],
    ['Calendar', s.windows.calendarId],
    ['Calling days', `${s.firstDay} – ${s.lastDay}`],
    ['Workdays', ranges(s.windows.workday)],
    ['Rest days', ranges(s.windows.restDay)],
    ['Attempts', `at most ${s.rules.attemptCap}`],
    ['Retry', RETRYABLE.map(([o, label]) => `${label}: ${rule(s.rules.retry[o])}`).join('; ')],
    ['Pacing', `${s.pacing.waveSize} contacts every ${minutesOf(s.pacing.every) ?? s.pacing.every} min`],
  ];
}

/**
 * Shows the API's field errors at their fields (the longest path that has a slot); answers the
 * slots that took one, in form order. Windows name their row: "windows.workday.1.end".
 * @param {HTMLElement} form
 * @param {{ path: string, message: string }[]} errors
 * @returns {HTMLElement[]}
 */
export function showFieldErrors(form, errors) {
  /** @type {HTMLElement[]} */
  const shown = [];
  for (const { path, message } of errors) {
    const parts = path.split('.');
    for (let n = parts.length; n > 0; n--) {
      const name = parts.slice(0, n).join('.');
      const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
      if (!(slot instanceof HTMLElement)) continue;
      const row = parts[n];
      const text = row !== undefined && /^\d+$/.test(row) ? `Window ${Number(row) + 1}: ${message}` : message;
      slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
      form.querySelector(`[name="${CSS.escape(name)}"]`)?.classList.add('invalid');
      shown.push(slot);
      break;
    }
  }
  return shown.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/**
 * Checks the controls inside `section` as the browser would and shows each problem at its
 * field; answers whether all are valid.
 * @param {HTMLElement} section
 */
export function checkSection(section) {
  clearFieldErrors(section);
  /** @type {{ path: string, message: string }[]} */
  const errors = [];
  for (const control of section.querySelectorAll('input, select, textarea')) {
    if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement) || control.disabled || control.checkValidity()) continue;
    const slotName = control.closest('[data-field]')?.getAttribute('data-field') ?? control.name;
    if (!errors.some((e) => e.path === slotName)) errors.push({ path: slotName, message: control.validationMessage });
    control.classList.add('invalid');
  }
  showFieldErrors(section, errors);
  const first = section.querySelector('.invalid');
  if (first instanceof HTMLElement) first.focus();
  return errors.length === 0;
}

/** @param {HTMLElement} section */
export function clearFieldErrors(section) {
  for (const el of section.querySelectorAll('[data-error-for]')) mount(/** @type {HTMLElement} */ (el));
  for (const el of section.querySelectorAll('.invalid')) el.classList.remove('invalid');
}
