// @ts-check
/**
 * The settings part of the campaign wizard (views/campaign-wizard.js): step 1 "Basics" and step
 * 2 "Calling strategy" as form sections built from a settings object, and the settings read back
 * from them. Every control's `name` is its path in the body of POST /api/campaigns, so the API's
 * validation errors (`errors[].path`) find the field they are about.
 */
import { h, mount, textOf } from './dom.js';
import { CAMPAIGN_KINDS, kindLabel } from './campaigns.js';
import { t } from './i18n.js';

/** @typedef {import('./types.js').CampaignSettings} CampaignSettings */
/** @typedef {import('./types.js').TimeRange} TimeRange */
/** @typedef {import('./types.js').Unit} Unit */
/** @typedef {import('./types.js').Calendar} Calendar */

/** Outcomes after which a contact may be called again (domain/outreach/attempt-rules.ts); each is labelled `outreach.retry.<outcome>`. */
const RETRYABLE = /** @type {const} */ (['no-answer', 'busy', 'failed', 'call-back-later']);
/** What a rule may do after one: `outreach.retry.choice.<choice>`. */
const RETRY_CHOICES = /** @type {const} */ (['next-window', 'wait', 'stop']);
/** @param {string} outcome */
const retryLabel = (outcome) => t(`outreach.retry.${outcome}`);

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
 * @param {'workday' | 'restDay'} what the kind of day, for the labels (`outreach.windows.<what>.*`)
 * @param {TimeRange[]} initial
 * @param {boolean} required at least one range
 */
function rangesEditor(name, what, initial, required) {
  const rows = h('ol', { class: 'ranges' });
  const empty = h('p', { class: 'muted small', text: t('outreach.windows.none') });
  const add = h('button', { type: 'button', class: 'button button-small', 'data-testid': `${idOf(name)}-add`, text: t('outreach.windows.add') });
  /** @param {TimeRange} range */
  function addRow(range) {
    const start = h('input', { type: 'time', required: true, value: range.start });
    const end = h('input', { type: 'time', required: true, value: range.end });
    const remove = h('button', { type: 'button', class: 'button button-small button-quiet', text: t('outreach.windows.remove') });
    const row = h('li', { class: 'range' }, start, h('span', { class: 'muted', 'aria-hidden': 'true', text: t('outreach.windows.to') }), end, remove);
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
      start.setAttribute('aria-label', t(`outreach.windows.${what}.from`, { n: i + 1 }));
      end.setAttribute('aria-label', t(`outreach.windows.${what}.to`, { n: i + 1 }));
      remove.setAttribute('aria-label', t(`outreach.windows.${what}.remove`, { n: i + 1 }));
      start.setCustomValidity(start.value && previousEnd && start.value < previousEnd ? t('outreach.windows.overlap', { n: i + 1, before: i }) : '');
      end.setCustomValidity(start.value && end.value && end.value <= start.value ? t('outreach.windows.endBeforeStart', { n: i + 1 }) : '');
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
    element: group(name, t(`outreach.windows.${what}.legend`), [rows, empty, add], {
      required,
      hint: t(`outreach.windows.${what}.hint`),
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
  const rows = RETRYABLE.map((outcome) => {
    const label = retryLabel(outcome);
    const rule = initial[outcome];
    const minutes = rule.startsWith('PT') ? minutesOf(rule) ?? 10 : 10;
    const choice = select(`rules.retry.${outcome}`, RETRY_CHOICES.map((v) => [v, t(`outreach.retry.choice.${v}`)]), rule.startsWith('PT') ? 'wait' : rule);
    choice.setAttribute('aria-label', t('outreach.retry.after', { label }));
    const wait = h('input', { type: 'number', name: `rules.retry.${outcome}.minutes`, min: 1, max: 1440, required: true, value: minutes, class: 'input-minutes', 'aria-label': t('outreach.retry.waitMinutes', { label }) });
    const waitPart = h('span', { class: 'retry-wait' }, wait, h('span', { class: 'muted', text: t('outreach.retry.min') }));
    const sync = () => {
      waitPart.hidden = choice.value !== 'wait';
      wait.disabled = waitPart.hidden;
    };
    choice.addEventListener('change', sync);
    sync();
    return h('tr', { 'data-outcome': outcome }, h('th', { scope: 'row', text: label }), h('td', {}, h('span', { class: 'retry-rule' }, choice, waitPart)));
  });
  return group('rules.retry', t('outreach.retry.legend'), [h('table', { class: 'table retry-table' }, h('tbody', {}, rows))], {
    hint: t('outreach.retry.hint'),
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
  const dialModes = /** @type {const} */ (['preview', 'automatic']);
  const ivr = h(
    'fieldset',
    { class: 'subfields grid' },
    field('ivr.prompt', t('outreach.form.ivrPrompt'), h('input', { name: 'ivr.prompt', required: true, value: initial.ivr?.prompt ?? '', placeholder: 'sound:payment-reminder', pattern: '(sound|recording):\\S+', autocomplete: 'off' }), {
      required: true,
      hint: t('outreach.form.ivrPromptHint'),
    }),
    field('ivr.acceptKey', t('outreach.form.acceptKey'), h('input', { name: 'ivr.acceptKey', required: true, value: initial.ivr?.acceptKey ?? '1', maxlength: 1, pattern: '[0-9*#]', class: 'input-key', autocomplete: 'off' }), {
      required: true,
      hint: t('outreach.form.acceptKeyHint'),
    }),
  );
  const team = h(
    'fieldset',
    { class: 'subfields grid' },
    field('agentTeam', t('outreach.form.team'), select('agentTeam', teams.map((team) => [team.unitId, teamLabel(team)]), initial.agentTeam ?? '', t('outreach.form.chooseTeam')), { required: true, hint: t('outreach.form.teamHint') }),
  );
  const modeChoice = group(
    'dialMode',
    t('outreach.form.dialMode'),
    [
      h(
        'div',
        { class: 'mode-choices' },
        // the radio is named by the mode alone; the explanation describes it
        dialModes.map((value) =>
          h(
            'label',
            { class: 'mode-choice' },
            h('input', { type: 'radio', name: 'dialMode', value, required: true, checked: initial.dialMode === value, 'aria-labelledby': `cw-mode-${value}`, 'aria-describedby': `cw-mode-${value}-help` }),
            h('span', { class: 'stack' }, h('strong', { id: `cw-mode-${value}`, text: t(`outreach.form.mode.${value}`) }), h('span', { class: 'muted small', id: `cw-mode-${value}-help`, text: t(`outreach.form.mode.${value}.help`) })),
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
    field('name', t('outreach.form.name'), h('input', { name: 'name', required: true, maxlength: 120, value: initial.name, autocomplete: 'off', placeholder: t('outreach.form.namePlaceholder') }), { required: true, hint: t('outreach.form.nameHint') }),
    field('kind', t('outreach.form.kind'), select('kind', CAMPAIGN_KINDS.map((k) => [k, kindLabel(k)]), initial.kind, t('outreach.form.choose')), { required: true, hint: t('outreach.form.kindHint') }),
    field('departmentId', t('outreach.form.department'), select('departmentId', departments.map((d) => [d.unitId, d.name]), initial.departmentId, t('outreach.form.choose')), { required: true, hint: t('outreach.form.departmentHint') }),
    field('script', t('outreach.form.script'), h('textarea', { name: 'script', required: true, rows: 4, maxlength: 4000, text: initial.script }), {
      required: true,
      wide: true,
      hint: t('outreach.form.scriptHint'),
    }),
    modeChoice,
    h('div', { class: 'field-wide' }, ivr, team),
  );

  const workday = rangesEditor('windows.workday', 'workday', initial.windows.workday, true);
  const restDay = rangesEditor('windows.restDay', 'restDay', initial.windows.restDay, false);
  const strategy = h(
    'div',
    { class: 'grid' },
    field('windows.calendarId', t('outreach.form.calendar'), select('windows.calendarId', calendars.map((c) => [c.id, `${c.id} (${c.region}, ${c.timeZone})`]), initial.windows.calendarId, t('outreach.form.choose')), {
      required: true,
      hint: t('outreach.form.calendarHint'),
    }),
    field('firstDay', t('outreach.form.firstDay'), h('input', { type: 'date', name: 'firstDay', required: true, value: initial.firstDay }), { required: true }),
    field('lastDay', t('outreach.form.lastDay'), h('input', { type: 'date', name: 'lastDay', required: true, value: initial.lastDay }), { required: true, hint: t('outreach.form.lastDayHint') }),
    workday.element,
    restDay.element,
    field('rules.attemptCap', t('outreach.form.attemptCap'), h('input', { type: 'number', name: 'rules.attemptCap', required: true, min: 1, max: 20, value: initial.rules.attemptCap }), { required: true, hint: t('outreach.form.attemptCapHint') }),
    field('pacing.waveSize', t('outreach.form.waveSize'), h('input', { type: 'number', name: 'pacing.waveSize', required: true, min: 1, max: 5000, value: initial.pacing.waveSize }), { required: true, hint: t('outreach.form.waveSizeHint') }),
    field('pacing.every', t('outreach.form.waveEvery'), h('input', { type: 'number', name: 'pacing.every', required: true, min: 1, max: 1440, value: minutesOf(initial.pacing.every) ?? 1 }), { required: true }),
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
  const ranges = (/** @type {TimeRange[]} */ r) => (r.length === 0 ? t('outreach.facts.noCalls') : r.map((x) => `${x.start}–${x.end}`).join(t('outreach.facts.listSeparator')));
  const rule = (/** @type {string} */ r) =>
    r === 'stop' ? t('outreach.facts.noRetry') : r === 'next-window' ? t('outreach.facts.nextWindow') : t('outreach.facts.afterMinutes', { n: minutesOf(r) ?? r });
  return [
    [t('outreach.form.kind'), kindLabel(s.kind)],
    [t('outreach.form.department'), unitName(s.departmentId)],
    [
      t('outreach.form.dialMode'),
      s.dialMode === 'automatic'
        ? t('outreach.facts.automatic', { prompt: s.ivr?.prompt ?? '', key: s.ivr?.acceptKey ?? '' })
        : t('outreach.facts.preview', { team: unitName(s.agentTeam ?? '') }),
    ],
    [t('outreach.form.calendar'), s.windows.calendarId],
    [t('outreach.facts.days'), `${s.firstDay} – ${s.lastDay}`],
    [t('outreach.facts.workdays'), ranges(s.windows.workday)],
    [t('outreach.facts.restDays'), ranges(s.windows.restDay)],
    [t('outreach.facts.attempts'), t('outreach.facts.atMost', { n: s.rules.attemptCap })],
    [t('outreach.facts.retry'), RETRYABLE.map((o) => t('outreach.facts.retryRule', { outcome: retryLabel(o), rule: rule(s.rules.retry[o]) })).join(t('outreach.facts.ruleSeparator'))],
    [t('outreach.facts.pacing'), t('outreach.facts.pacingValue', { n: s.pacing.waveSize, minutes: minutesOf(s.pacing.every) ?? s.pacing.every })],
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
      const text = row !== undefined && /^\d+$/.test(row) ? t('outreach.windows.error', { n: Number(row) + 1, message }) : message;
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
