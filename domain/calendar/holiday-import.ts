import type { BusinessCalendar } from './business-calendar';
import { dayNumberOf, DAY_MS, weekdayOf } from './civil-day';

/**
 * A year's holidays and make-up workdays (调休上班日) from a file an admin uploads: CSV
 * `date,type,name` or an iCalendar file of VEVENTs (docs/business-calendar.md). The import
 * replaces that year's days of a calendar and nothing else; every problem is reported with its
 * line, and a file with any problem changes nothing.
 */
export type ImportedDayKind = 'holiday' | 'workday';

export interface ImportedDay {
  readonly date: string;
  readonly kind: ImportedDayKind;
  readonly name: string;
  /** Line of the file the day comes from (1-based; for iCalendar, the event's DTSTART). */
  readonly line: number;
}

export interface ImportIssue {
  readonly line: number;
  readonly message: string;
}

export type ParsedImport = { readonly ok: true; readonly days: readonly ImportedDay[] } | { readonly ok: false; readonly issues: readonly ImportIssue[] };

/** One event may cover at most this many days: a longer one is a mistyped DTEND, not a holiday run. */
export const MAX_EVENT_DAYS = 31;

/** Words in an iCalendar SUMMARY that make the event a make-up workday: 调休 (as in 调休上班), 班 (补班, 上班), workday. */
const WORKDAY_MARKER = /调休|班|workday|make-up/i;

const isoOf = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
const realDate = (iso: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(dayNumberOf(iso)) && isoOf(dayNumberOf(iso)) === iso;

interface Draft {
  readonly line: number;
  readonly from: string;
  /** Last day, inclusive. */
  readonly to: string;
  readonly kind: ImportedDayKind;
  readonly name: string;
}

type DraftResult = { drafts: Draft[]; issues: ImportIssue[] };

/** `date,type,name`: a header line, blank lines and `#` comments are skipped; the name may hold commas. */
function parseCsv(lines: readonly string[]): DraftResult {
  const drafts: Draft[] = [];
  const issues: ImportIssue[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#') || (line === 1 && /^date\s*,\s*type/i.test(text))) return;
    const [rawDate = '', rawType = '', ...rest] = text.split(',');
    const [date, type] = [rawDate.trim(), rawType.trim()];
    const name = rest.join(',').trim().replace(/^"(.*)"$/, '$1');
    const kind = type.toLowerCase();
    if (!realDate(date)) issues.push({ line, message: `"${date}" is not a date as YYYY-MM-DD` });
    else if (kind !== 'holiday' && kind !== 'workday') issues.push({ line, message: `type "${type}" is neither holiday nor workday` });
    else drafts.push({ line, from: date, to: date, kind, name });
  });
  return { drafts, issues };
}

/** Folded iCalendar lines (RFC 5545 §3.1) joined, each with the number of the line it starts on. */
function unfold(lines: readonly string[]): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  lines.forEach((text, i) => {
    const last = out[out.length - 1];
    if (last && /^[ \t]/.test(text)) last.text += text.slice(1);
    else out.push({ line: i + 1, text });
  });
  return out;
}

/** `20270101`, `20270101T000000`, `20270101T000000Z`: the civil date (times are ignored: a holiday is a whole day). */
function icsDate(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?$/.exec(value.trim());
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  return realDate(iso) ? iso : undefined;
}

/** VEVENTs: DTSTART, DTEND (exclusive, as iCalendar all-day events have it; absent: one day), SUMMARY. */
function parseIcs(lines: readonly string[]): DraftResult {
  const drafts: Draft[] = [];
  const issues: ImportIssue[] = [];
  let event: { start?: { line: number; value: string }; end?: { line: number; value: string }; summary: string; line: number } | undefined;
  for (const { line, text } of unfold(lines)) {
    const colon = text.indexOf(':');
    const property = (colon < 0 ? text : text.slice(0, colon)).split(';')[0]!.toUpperCase();
    const value = colon < 0 ? '' : text.slice(colon + 1);
    if (property === 'BEGIN' && value.trim().toUpperCase() === 'VEVENT') event = { summary: '', line };
    else if (!event) continue;
    else if (property === 'DTSTART') event.start = { line, value };
    else if (property === 'DTEND') event.end = { line, value };
    else if (property === 'SUMMARY') event.summary = value.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, ' ').trim();
    else if (property === 'END' && value.trim().toUpperCase() === 'VEVENT') {
      const { start, end, summary } = event;
      const from = start && icsDate(start.value);
      const endDate = end && icsDate(end.value);
      const kind: ImportedDayKind = WORKDAY_MARKER.test(summary) ? 'workday' : 'holiday';
      if (!start) issues.push({ line: event.line, message: 'the event has no DTSTART' });
      else if (!from) issues.push({ line: start.line, message: `DTSTART "${start.value}" is not a date` });
      else if (end && !endDate) issues.push({ line: end.line, message: `DTEND "${end.value}" is not a date` });
      else {
        const last = endDate ? dayNumberOf(endDate) - 1 : dayNumberOf(from);
        if (last < dayNumberOf(from)) issues.push({ line: end!.line, message: 'DTEND must come after DTSTART' });
        else if (last - dayNumberOf(from) + 1 > MAX_EVENT_DAYS) issues.push({ line: start.line, message: `the event covers more than ${MAX_EVENT_DAYS} days` });
        else drafts.push({ line: start.line, from, to: isoOf(last), kind, name: summary });
      }
      event = undefined;
    }
  }
  return { drafts, issues };
}

/**
 * Reads a year's days from `content` (iCalendar when it starts with BEGIN:VCALENDAR, CSV
 * otherwise) and checks them against `calendar`: every day inside `year`, no day twice, no day
 * both holiday and workday, a make-up workday only on a day the week does not work.
 */
export function parseHolidayFile(content: string, year: number, calendar: Pick<BusinessCalendar, 'weeklyHours'>): ParsedImport {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { drafts, issues } = /^\s*BEGIN:VCALENDAR/i.test(lines.join('\n')) ? parseIcs(lines) : parseCsv(lines);
  const seen = new Map<string, ImportedDay>();
  for (const draft of drafts) {
    for (let day = dayNumberOf(draft.from); day <= dayNumberOf(draft.to); day++) {
      const date = isoOf(day);
      const issue = (message: string): void => void issues.push({ line: draft.line, message });
      const earlier = seen.get(date);
      if (!date.startsWith(`${year}-`)) issue(`${date} is outside ${year}`);
      else if (earlier && earlier.kind !== draft.kind) issue(`${date} is both a holiday and a workday (also line ${earlier.line})`);
      else if (earlier) issue(`${date} is listed twice (also line ${earlier.line})`);
      else if (draft.kind === 'workday' && calendar.weeklyHours[weekdayOf(day)].length > 0) issue(`${date} is a ${weekdayOf(day)}, which the week already works: it cannot be a make-up workday`);
      else seen.set(date, { date, kind: draft.kind, name: draft.name, line: draft.line });
    }
  }
  if (issues.length > 0) return { ok: false, issues: [...issues].sort((a, b) => a.line - b.line) };
  if (seen.size === 0) return { ok: false, issues: [{ line: 1, message: 'the file lists no day' }] };
  return { ok: true, days: [...seen.values()].sort((a, b) => (a.date < b.date ? -1 : 1)) };
}

export interface DayChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface YearImportPlan {
  /** The calendar with the year's holidays and make-up workdays replaced by the file's. */
  readonly calendar: Omit<BusinessCalendar, 'version'>;
  readonly holidays: DayChanges;
  readonly makeUpWorkdays: DayChanges;
}

const changes = (before: readonly string[], after: readonly string[]): DayChanges => ({
  added: after.filter((d) => !before.includes(d)),
  removed: before.filter((d) => !after.includes(d)),
});

/** What importing `days` for `year` makes of `calendar`: other years stay as they are; make-up days kept keep their hours. */
export function planYearImport(calendar: Omit<BusinessCalendar, 'version'>, year: number, days: readonly ImportedDay[]): YearImportPlan {
  const inYear = (date: string): boolean => date.startsWith(`${year}-`);
  const holidays = days.filter((d) => d.kind === 'holiday').map((d) => d.date);
  const workdays = days.filter((d) => d.kind === 'workday').map((d) => d.date);
  const kept = calendar.makeUpWorkdays.filter((m) => !inYear(m.date) || workdays.includes(m.date));
  const next = {
    ...calendar,
    holidays: [...calendar.holidays.filter((d) => !inYear(d)), ...holidays].sort(),
    makeUpWorkdays: [...kept, ...workdays.filter((d) => !kept.some((m) => m.date === d)).map((date) => ({ date }))].sort((a, b) => (a.date < b.date ? -1 : 1)),
  };
  return {
    calendar: next,
    holidays: changes(calendar.holidays.filter(inYear), holidays),
    makeUpWorkdays: changes(calendar.makeUpWorkdays.map((m) => m.date).filter(inYear), workdays),
  };
}

/** One day an admin sets by hand: a holiday, a make-up workday, or back to what the week says. */
export type DayEdit = { readonly date: string; readonly kind: ImportedDayKind | 'normal' };

/** The calendar with each edit applied in order (the schema checks the result when it is saved). */
export function applyDayEdits(calendar: Omit<BusinessCalendar, 'version'>, edits: readonly DayEdit[]): Omit<BusinessCalendar, 'version'> {
  return edits.reduce((c, { date, kind }) => {
    const holidays = c.holidays.filter((d) => d !== date);
    const kept = c.makeUpWorkdays.filter((m) => m.date !== date);
    const existing = c.makeUpWorkdays.find((m) => m.date === date);
    return {
      ...c,
      holidays: kind === 'holiday' ? [...holidays, date].sort() : holidays,
      makeUpWorkdays: kind === 'workday' ? [...kept, existing ?? { date }].sort((a, b) => (a.date < b.date ? -1 : 1)) : kept,
    };
  }, calendar);
}
