import { z } from 'zod';
import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { SlaRepository, StoredCalendar } from '../adapters/mongo/sla.repository';
import type { BusinessCalendar } from '../domain/calendar';
import { applyDayEdits, parseHolidayFile, planYearImport, type DayChanges, type DayEdit, type ImportedDay } from '../domain/calendar/holiday-import';
import type { Clock } from '../domain/clock';
import { NotFoundError } from '../domain/errors';
import { CalendarImportError, CalendarInvalidError, RulesChangedError } from '../domain/sla/errors';
import type { SlaPolicy } from '../domain/sla/policy';
import type { SlaService } from './sla-service';

/** What importing a year's file would change, against the version it was read with. */
export interface ImportPreview {
  readonly calendarId: string;
  /** The version the preview was worked out on; applying it refuses when the calendar has moved on since. */
  readonly basedOnVersion: number;
  readonly year: number;
  readonly days: readonly ImportedDay[];
  readonly holidays: DayChanges;
  readonly makeUpWorkdays: DayChanges;
}

/**
 * Admins' changes to SLA rules: policies, calendars, the days of a calendar, a year's holiday
 * import. Each is saved as a new version (work orders keep the versions they were pinned to) and
 * audited. An edit names the version it was made on, so two admins do not overwrite each other.
 */
export interface SlaAdmin {
  /** A policy; with `basedOnVersion`, saved as the version after it or refused (RULES_CHANGED). */
  savePolicy(input: unknown, by: string, basedOnVersion?: number): Promise<SlaPolicy>;
  /** A whole calendar (working hours, rest days, holidays); with `basedOnVersion`, refused when the calendar moved on since. */
  saveCalendar(input: { id: string }, comment: string, by: string, basedOnVersion?: number): Promise<StoredCalendar>;
  editDays(calendarId: string, basedOnVersion: number, edits: readonly DayEdit[], comment: string, by: string): Promise<StoredCalendar>;
  previewImport(calendarId: string, year: number, content: string): Promise<ImportPreview>;
  applyImport(calendarId: string, year: number, content: string, basedOnVersion: number, comment: string, by: string): Promise<{ calendar: StoredCalendar; preview: ImportPreview }>;
}

type CalendarBody = Omit<BusinessCalendar, 'version'>;

const bodyOf = ({ version: _v, savedBy: _b, savedAt: _a, comment: _c, ...body }: StoredCalendar): CalendarBody => body;

export function createSlaAdmin(deps: { sla: SlaRepository; slaService: SlaService; audit: AuditLog; clock: Clock }): SlaAdmin {
  const { sla, slaService, audit, clock } = deps;

  async function current(calendarId: string, basedOnVersion?: number): Promise<StoredCalendar> {
    const calendar = (await sla.currentCalendars()).find((c) => c.id === calendarId);
    if (!calendar) throw new NotFoundError('calendar', calendarId);
    if (basedOnVersion !== undefined && calendar.version !== basedOnVersion) throw new RulesChangedError(`calendar ${calendarId}`, basedOnVersion, calendar.version);
    return calendar;
  }

  /**
   * Saves and audits a calendar; a calendar the admin's edits made invalid is a 422 with the
   * schema's reasons. With `basedOnVersion` it is saved as the version after that one or not at
   * all (RULES_CHANGED): checking the version before the write alone lets two edits of one
   * version both pass, and the second would drop what the first changed.
   */
  async function store(calendar: unknown, comment: string, by: string, basedOnVersion: number | undefined, action: string, detail: Record<string, unknown>): Promise<StoredCalendar> {
    const now = clock.now();
    let saved: StoredCalendar;
    try {
      saved = await slaService.saveCalendar(calendar, comment, by, now, basedOnVersion);
    } catch (err) {
      if (err instanceof z.ZodError) throw new CalendarInvalidError(err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      throw err;
    }
    await audit.record({ at: now, by, action, subject: `calendar:${saved.id}`, detail: { version: saved.version, comment, ...detail } });
    return saved;
  }

  async function preview(calendarId: string, year: number, content: string): Promise<{ plan: ReturnType<typeof planYearImport>; preview: ImportPreview }> {
    const calendar = await current(calendarId);
    const parsed = parseHolidayFile(content, year, calendar);
    if (!parsed.ok) throw new CalendarImportError(year, parsed.issues);
    const plan = planYearImport(bodyOf(calendar), year, parsed.days);
    return { plan, preview: { calendarId, basedOnVersion: calendar.version, year, days: parsed.days, holidays: plan.holidays, makeUpWorkdays: plan.makeUpWorkdays } };
  }

  return {
    async savePolicy(input, by, basedOnVersion) {
      const saved = await slaService.savePolicy(input, by, clock.now(), basedOnVersion);
      await audit.record({ at: saved.savedAt, by, action: 'sla-policy-saved', subject: `sla-policy:${saved.policyId}`, detail: { version: saved.version, comment: saved.comment } });
      return saved;
    },

    async saveCalendar(input, comment, by, basedOnVersion) {
      if (basedOnVersion !== undefined) await current(input.id, basedOnVersion);
      return store(input, comment, by, basedOnVersion, 'calendar-saved', {});
    },

    async editDays(calendarId, basedOnVersion, edits, comment, by) {
      const calendar = await current(calendarId, basedOnVersion);
      return store(applyDayEdits(bodyOf(calendar), edits), comment, by, basedOnVersion, 'calendar-days-edited', { edits });
    },

    async previewImport(calendarId, year, content) {
      return (await preview(calendarId, year, content)).preview;
    },

    async applyImport(calendarId, year, content, basedOnVersion, comment, by) {
      const { plan, preview: seen } = await preview(calendarId, year, content);
      if (seen.basedOnVersion !== basedOnVersion) throw new RulesChangedError(`calendar ${calendarId}`, basedOnVersion, seen.basedOnVersion);
      const calendar = await store(plan.calendar, comment, by, basedOnVersion, 'calendar-year-imported', { year, holidays: plan.holidays, makeUpWorkdays: plan.makeUpWorkdays });
      return { calendar, preview: seen };
    },
  };
}
