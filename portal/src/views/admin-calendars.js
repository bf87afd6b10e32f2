// @ts-check
/**
 * #/admin/calendars[?id=calendar&year=2027]: admins' business calendars.
 * - A year of month grids: holidays (节假日), make-up workdays (调休上班日), rest days of the week.
 * - Changing days: pick a day (in the grid or by date), say what it becomes, collect several
 *   changes, save them with a comment as the calendar's next version.
 * - Importing a year from a CSV or iCalendar file (docs/business-calendar.md): preview what it
 *   adds and removes, then apply; a bad file's problems are listed with their lines.
 * - The calendar's versions: who saved which, when and why.
 */
import '../../styles/admin-sla.css';
import { api, ApiError } from '../api.js';
import { field } from '../admin-ui.js';
import { pinningNote, saveOnce, versionTable } from '../admin-sla-parts.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox, showError, showInfo } from '../messages.js';

/**
 * @typedef {import('../types.js').Calendar} Calendar
 * @typedef {import('../types.js').CalendarImportPreview} CalendarImportPreview
 * @typedef {'holiday' | 'workday' | 'normal'} DayKind
 */

const WEEKDAYS = /** @type {const} */ (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const DAY_MS = 86_400_000;

/** @param {number} year @param {number} month 0-11 @param {number} day */
const isoDate = (year, month, day) => new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
/** @param {string} iso @returns {(typeof WEEKDAYS)[number]} */
const weekdayOf = (iso) => WEEKDAYS[(new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7] ?? 'mon';

/** @param {string} id @param {number} year @param {number} [saved] a version just saved: a new hash, so the screen draws again */
const hashOf = (id, year, saved) => `#/admin/calendars?id=${encodeURIComponent(id)}&year=${year}${saved ? `&saved=${saved}` : ''}`;

/**
 * `08:30-12:00, 13:30-17:30` as intervals; marks the input invalid when it does not read so (the API checks order and overlap).
 * @param {HTMLInputElement} input
 */
function parseHours(input) {
  const parts = input.value.split(/[,，;]/).map((p) => p.trim()).filter(Boolean);
  const ranges = parts.map((p) => /^(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})$/.exec(p));
  input.setCustomValidity(ranges.every(Boolean) ? '' : t('adminSla.hoursInvalid'));
  return ranges.flatMap((m) => (m ? [{ start: (m[1] ?? '').padStart(5, '0'), end: (m[2] ?? '').padStart(5, '0') }] : []));
}

/** @type {import('../routes.js').View} */
export async function renderAdminCalendars(container, route) {
  const calendars = await api.calendars();
  if (calendars.length === 0) {
    mount(container, h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('adminSla.calendarsTitle') })), h('div', { class: 'empty', text: t('adminSla.noCalendars') })));
    return;
  }
  const found = calendars.find((c) => c.id === route.params.get('id')) ?? calendars[0];
  if (!found) return;
  const calendar = found;
  const year = Number(route.params.get('year')) || new Date().getFullYear();
  /** @type {Map<string, DayKind>} changes not saved yet, by date */
  const pending = new Map();

  const grid = h('div', { class: 'cal-year', 'data-testid': 'calendar-year' });
  const pendingList = h('div', { 'data-testid': 'pending-days' });
  const versions = h('div', {}, h('p', { class: 'loading', text: t('common.loading') }));

  // ---- the head: which calendar, which year ----
  const select = h(
    'select',
    { id: 'cal-select', onchange: () => (location.hash = hashOf(select.value, year)) },
    calendars.map((c) => h('option', { value: c.id, selected: c.id === calendar.id, text: `${c.id} (${c.region}, ${c.timeZone}) v${c.version}` })),
  );
  const head = h(
    'div',
    { class: 'panel-head' },
    h('h1', { class: 'panel-title', text: t('adminSla.calendarsTitle') }),
    h(
      'div',
      { class: 'cal-year-nav' },
      h('a', { class: 'button button-small', href: hashOf(calendar.id, year - 1), 'aria-label': t('adminSla.previousYear'), text: `‹ ${year - 1}` }),
      h('strong', { 'data-testid': 'calendar-year-label', text: String(year) }),
      h('a', { class: 'button button-small', href: hashOf(calendar.id, year + 1), 'aria-label': t('adminSla.nextYear'), text: `${year + 1} ›` }),
    ),
  );

  /** The kind a day has now, with the changes not saved yet. @param {string} date */
  function kindOf(date) {
    const change = pending.get(date);
    if (change === 'holiday' || (change === undefined && calendar.holidays.includes(date))) return 'holiday';
    if (change === 'workday' || (change === undefined && calendar.makeUpWorkdays.some((m) => m.date === date))) return 'workday';
    return calendar.weeklyHours[weekdayOf(date)].length === 0 ? 'rest' : 'work';
  }

  /** @param {number} month 0-11 */
  function monthGrid(month) {
    const first = new Date(Date.UTC(year, month, 1));
    const days = Math.round((Date.UTC(year, month + 1, 1) - first.getTime()) / DAY_MS);
    const lead = (first.getUTCDay() + 6) % 7;
    /** @type {(HTMLElement | null)[]} */
    const cells = [...Array.from({ length: lead }, () => null), ...Array.from({ length: days }, (_, i) => dayButton(isoDate(year, month, i + 1), i + 1))];
    /** @type {(HTMLElement | null)[][]} */
    const weeks = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    return h(
      'table',
      { class: 'cal-month' },
      h('caption', { text: t(`adminSla.month.${month + 1}`) }),
      h('thead', {}, h('tr', {}, WEEKDAYS.map((d) => h('th', { scope: 'col', abbr: t(`adminSla.weekday.${d}`), text: t(`adminSla.weekdayShort.${d}`) })))),
      h('tbody', {}, weeks.map((week) => h('tr', {}, week.map((cell) => h('td', {}, cell))))),
    );
  }

  /** @param {string} date @param {number} day */
  function dayButton(date, day) {
    const kind = kindOf(date);
    const label = `${date} ${t(`adminSla.dayKind.${kind}`)}${pending.has(date) ? ` (${t('adminSla.unsaved')})` : ''}`;
    return h('button', {
      type: 'button',
      class: `cal-day cal-${kind}${pending.has(date) ? ' cal-pending' : ''}`,
      'data-date': date,
      'data-kind': kind,
      'aria-label': label,
      title: label,
      text: String(day),
      onclick: () => {
        dateInput.value = date;
        kindSelect.value = kind === 'holiday' ? 'normal' : 'holiday';
        kindSelect.focus();
      },
    });
  }

  function drawGrid() {
    mount(grid, Array.from({ length: 12 }, (_, m) => monthGrid(m)));
    drawPending();
  }

  // ---- changing days ----
  const dateInput = h('input', { id: 'cal-date', type: 'date', min: `${year}-01-01`, max: `${year}-12-31`, required: true });
  const kindSelect = h(
    'select',
    { id: 'cal-kind' },
    /** @type {DayKind[]} */ (['holiday', 'workday', 'normal']).map((k) => h('option', { value: k, text: t(`adminSla.setKind.${k}`) })),
  );
  const commentInput = h('input', { id: 'cal-comment', maxlength: 500, placeholder: t('adminSla.commentPlaceholder') });
  const saveButton = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'save-days', text: t('adminSla.saveDays'), onclick: () => void saveDays() });
  const dayForm = h(
    'form',
    { class: 'cal-day-form', 'data-testid': 'day-form' },
    field(t('adminSla.day'), dateInput),
    field(t('adminSla.becomes'), kindSelect),
    h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'button', text: t('adminSla.addChange') })),
  );
  dayForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!dateInput.value) return dateInput.reportValidity();
    pending.set(dateInput.value, /** @type {DayKind} */ (kindSelect.value));
    drawGrid();
  });

  function drawPending() {
    saveButton.disabled = pending.size === 0;
    mount(
      pendingList,
      pending.size === 0
        ? h('p', { class: 'muted', text: t('adminSla.noPending') })
        : h(
            'ul',
            { class: 'cal-pending-list' },
            [...pending].sort().map(([date, kind]) =>
              h(
                'li',
                {},
                h('span', { text: t('adminSla.pendingLine', { date, kind: t(`adminSla.setKind.${kind}`) }) }),
                h('button', { type: 'button', class: 'button button-small button-quiet', 'aria-label': t('adminSla.dropChange', { date }), text: '×', onclick: () => (pending.delete(date), drawGrid()) }),
              ),
            ),
          ),
    );
  }

  async function saveDays() {
    const comment = commentInput.value.trim();
    if (!comment) {
      commentInput.setCustomValidity(t('adminSla.commentRequired'));
      commentInput.reportValidity();
      commentInput.setCustomValidity('');
      return;
    }
    saveButton.disabled = true;
    try {
      const saved = await api.editCalendarDays(calendar.id, calendar.version, [...pending].map(([date, kind]) => ({ date, kind })), comment);
      showInfo(t('adminSla.savedVersion', { id: saved.id, version: saved.version }));
      location.hash = hashOf(calendar.id, year, saved.version);
    } catch (err) {
      saveButton.disabled = false;
      showError(err);
    }
  }

  // ---- importing a year ----
  // the year on screen: an admin turns to next year, then imports it
  const importYear = h('input', { id: 'import-year', type: 'number', min: 2000, max: 2100, value: String(year), required: true });
  const importFile = h('input', { id: 'import-file', type: 'file', accept: '.csv,.ics,.txt,text/csv,text/calendar' });
  const importText = h('textarea', { id: 'import-content', rows: 6, spellcheck: false, placeholder: 'date,type,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班' });
  const importComment = h('input', { id: 'import-comment', maxlength: 500, placeholder: t('adminSla.importCommentPlaceholder') });
  const importResult = h('div', { 'aria-live': 'polite', 'data-testid': 'import-result' });
  // a preview is of one content: a changed text or file needs a new preview before applying
  const dropPreview = () => mount(importResult);
  importFile.addEventListener('change', () => {
    const file = importFile.files?.[0];
    dropPreview();
    if (file) void file.text().then((text) => (importText.value = text));
  });
  importText.addEventListener('input', dropPreview);
  importYear.addEventListener('input', dropPreview);
  const previewButton = h('button', { type: 'button', class: 'button', 'data-testid': 'import-preview', text: t('adminSla.preview'), onclick: () => void previewImport() });

  async function previewImport() {
    mount(importResult, h('p', { class: 'loading', role: 'status', text: t('common.loading') }));
    const content = importText.value;
    try {
      const preview = await api.previewCalendarImport(calendar.id, Number(importYear.value), content);
      mount(importResult, previewPanel(preview, content));
    } catch (err) {
      mount(importResult, importProblems(err));
    }
  }

  /** @param {CalendarImportPreview} preview @param {string} content what was previewed @param {HTMLButtonElement} button */
  async function applyImport(preview, content, button) {
    const comment = importComment.value.trim() || t('adminSla.importDefaultComment', { year: preview.year });
    button.disabled = true;
    try {
      const { calendar: saved } = await api.importCalendarYear(calendar.id, preview.year, content, preview.basedOnVersion, comment);
      showInfo(t('adminSla.savedVersion', { id: saved.id, version: saved.version }));
      location.hash = hashOf(calendar.id, preview.year, saved.version);
    } catch (err) {
      button.disabled = false;
      mount(importResult, importProblems(err));
    }
  }

  /** @param {CalendarImportPreview} preview @param {string} content */
  function previewPanel(preview, content) {
    const apply = h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-testid': 'import-apply',
      text: t('adminSla.applyImport', { year: preview.year }),
      onclick: () => void applyImport(preview, content, apply),
    });
    /** @param {string} label @param {string[]} dates @param {string} testId */
    const list = (label, dates, testId) =>
      h('div', { class: 'import-change', 'data-testid': testId }, h('strong', { text: `${label} (${dates.length})` }), h('p', { class: 'mono', text: dates.length ? dates.join(', ') : '—' }));
    return h(
      'div',
      { class: 'import-preview', 'data-testid': 'import-preview-result' },
      h('p', { text: t('adminSla.previewSummary', { n: preview.days.length, year: preview.year, version: preview.basedOnVersion }) }),
      h(
        'div',
        { class: 'import-changes' },
        list(t('adminSla.holidaysAdded'), preview.holidays.added, 'holidays-added'),
        list(t('adminSla.holidaysRemoved'), preview.holidays.removed, 'holidays-removed'),
        list(t('adminSla.workdaysAdded'), preview.makeUpWorkdays.added, 'workdays-added'),
        list(t('adminSla.workdaysRemoved'), preview.makeUpWorkdays.removed, 'workdays-removed'),
      ),
      field(t('adminSla.comment'), importComment),
      apply,
    );
  }

  /** A refused file: each problem with its line. @param {unknown} err */
  function importProblems(err) {
    if (!(err instanceof ApiError) || err.code !== 'CALENDAR_IMPORT_INVALID') return errorBox(err);
    return h(
      'div',
      { class: 'message message-error', role: 'alert', 'data-testid': 'import-problems' },
      h('strong', { class: 'message-title', text: t('adminSla.importRefused') }),
      h('ul', { class: 'message-fields' }, (err.problem.errors ?? []).map((e) => h('li', { text: t('adminSla.lineProblem', { line: e.line ?? '?', message: e.message }) }))),
    );
  }

  // ---- weekly hours (工作时间): a day without hours is a rest day ----
  const hourInputs = WEEKDAYS.map((d) => h('input', { id: `hours-${d}`, value: calendar.weeklyHours[d].map((r) => `${r.start}-${r.end}`).join(', '), placeholder: t('adminSla.restDay') }));
  const hoursComment = h('input', { id: 'hours-comment', maxlength: 500, required: true, placeholder: t('adminSla.hoursCommentPlaceholder') });
  const hoursProblem = h('div', { class: 'form-problem' });
  const hoursSave = h('button', { type: 'submit', class: 'button button-primary', text: t('adminSla.saveHours') });
  const hoursForm = h(
    'form',
    { class: 'cal-hours', 'data-testid': 'hours-form' },
    h('p', { class: 'hint', text: t('adminSla.hoursHint') }),
    WEEKDAYS.map((d, i) => field(t(`adminSla.weekday.${d}`), /** @type {HTMLInputElement} */ (hourInputs[i]))),
    field(t('adminSla.comment'), hoursComment),
    hoursProblem,
    hoursSave,
  );
  hoursForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const weeklyHours = /** @type {Calendar['weeklyHours']} */ (Object.fromEntries(WEEKDAYS.map((d, i) => [d, parseHours(/** @type {HTMLInputElement} */ (hourInputs[i]))])));
    if (!hoursForm.reportValidity()) return;
    const { version: _v, savedBy: _b, savedAt: _a, comment: _c, ...body } = calendar;
    saveOnce(
      hoursSave,
      hoursProblem,
      () => api.saveCalendar({ ...body, weeklyHours }, hoursComment.value.trim(), calendar.version),
      (saved) => {
        showInfo(t('adminSla.savedVersion', { id: saved.id, version: saved.version }));
        location.hash = hashOf(calendar.id, year, saved.version);
      },
    );
  });

  mount(
    container,
    h(
      'section',
      { class: 'panel', 'data-testid': 'calendar-panel' },
      head,
      h(
        'div',
        { class: 'panel-body' },
        field(t('adminSla.calendar'), select),
        pinningNote(),
        h('p', { class: 'muted', text: t('adminSla.calendarMeta', { version: calendar.version, by: calendar.savedBy, region: calendar.region, zone: calendar.timeZone }) }),
        h(
          'ul',
          { class: 'cal-legend', 'aria-label': t('adminSla.legend') },
          ['holiday', 'workday', 'rest', 'work'].map((k) => h('li', {}, h('span', { class: `cal-swatch cal-${k}`, 'aria-hidden': 'true' }), t(`adminSla.dayKind.${k}`))),
          h('li', {}, h('span', { class: 'cal-swatch cal-pending', 'aria-hidden': 'true' }), t('adminSla.unsaved')),
        ),
        grid,
      ),
    ),
    h(
      'div',
      { class: 'admin-sla-columns' },
      h(
        'section',
        { class: 'panel' },
        h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', text: t('adminSla.changeDays') })),
        h('div', { class: 'panel-body' }, h('p', { class: 'hint', text: t('adminSla.changeDaysHint') }), dayForm, pendingList, field(t('adminSla.comment'), commentInput), saveButton),
      ),
      h(
        'section',
        { class: 'panel', 'data-testid': 'import-panel' },
        h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', text: t('adminSla.importTitle') })),
        h(
          'div',
          { class: 'panel-body' },
          h('p', { class: 'hint', text: t('adminSla.importHint') }),
          field(t('adminSla.importYear'), importYear),
          field(t('adminSla.importFile'), importFile),
          field(t('adminSla.importContent'), importText),
          previewButton,
          importResult,
        ),
      ),
    ),
    h(
      'div',
      { class: 'admin-sla-columns' },
      h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', text: t('adminSla.workingHours') })), h('div', { class: 'panel-body' }, hoursForm)),
      h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', text: t('adminSla.versions') })), versions),
    ),
  );
  drawGrid();
  try {
    mount(versions, versionTable(await api.calendarVersions(calendar.id), 'calendar-versions'));
  } catch (err) {
    mount(versions, errorBox(err));
  }
}
