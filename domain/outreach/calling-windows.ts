import { z } from 'zod';
import { calendarDays, WorkingHoursSchema, type BusinessCalendar, type CalendarDays, type Span, type WorkingInterval } from '../calendar';
import { minuteOfDay } from '../calendar/civil-day';

/**
 * When customers may be called. The business calendar only tells workdays from rest days
 * (weekends and public holidays, with make-up workdays counted as workdays); the windows are
 * the center's own wall-clock hours for each kind of day, in the calendar's time zone.
 */
export const CallingWindowsSchema = z.strictObject({
  /** The business calendar (its id) that tells workdays from rest days. */
  calendarId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/),
  workday: WorkingHoursSchema.min(1),
  /** Weekends and public holidays; empty means no calls on those days at all. */
  restDay: WorkingHoursSchema,
});
export type CallingWindows = z.infer<typeof CallingWindowsSchema>;

/** How far ahead a slot is looked for before the customer counts as unreachable by calendar. */
export const SLOT_HORIZON_DAYS = 400;

/** Wall-clock intervals minus the customer's quiet hours (both sorted, non-overlapping). */
export function withoutQuietHours(windows: readonly WorkingInterval[], quiet: readonly WorkingInterval[]): WorkingInterval[] {
  const toHhmm = (minute: number): string =>
    minute === 1440 ? '24:00' : `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  const result: WorkingInterval[] = [];
  for (const window of windows) {
    let start = minuteOfDay(window.start);
    const end = minuteOfDay(window.end);
    for (const q of quiet) {
      const qStart = minuteOfDay(q.start);
      const qEnd = minuteOfDay(q.end);
      if (qEnd <= start || qStart >= end) continue;
      if (qStart > start) result.push({ start: toHhmm(start), end: toHhmm(qStart) });
      start = Math.max(start, qEnd);
    }
    if (end > start) result.push({ start: toHhmm(start), end: toHhmm(end) });
  }
  return result;
}

/**
 * The calling spans of one civil day as instants: the windows of its kind of day minus the
 * customer's quiet hours.
 */
function callingSpansOn(days: CalendarDays, windows: CallingWindows, quiet: readonly WorkingInterval[], day: number): Span[] {
  return days.spansOf(day, withoutQuietHours(days.isWorkday(day) ? windows.workday : windows.restDay, quiet));
}

/**
 * A calendar with calling windows laid over it, ready for many questions (a filter asks
 * thousands). Instants are `Date`s; a span's end is exclusive, so a call is never placed at
 * the closing minute.
 */
export interface CallingTime {
  /** The call may be placed at `at`. */
  isCallable(at: Date, quiet?: readonly WorkingInterval[]): boolean;
  /** The first instant at or after `from` when a call may be placed; undefined when none within the horizon. */
  nextSlot(from: Date, quiet?: readonly WorkingInterval[]): Date | undefined;
  /** The start of the first window opening strictly after `after` ("try again in the next window"). */
  nextWindowStart(after: Date, quiet?: readonly WorkingInterval[]): Date | undefined;
  /** The end of the calling span `at` lies in, if it lies in one. */
  spanEnd(at: Date, quiet?: readonly WorkingInterval[]): Date | undefined;
}

export function callingTime(calendar: BusinessCalendar, windows: CallingWindows): CallingTime {
  const days = calendarDays(calendar);
  const spanAt = (instant: number, quiet: readonly WorkingInterval[]): Span | undefined =>
    callingSpansOn(days, windows, quiet, days.dayOf(instant)).find((s) => s.start <= instant && instant < s.end);
  const firstSpan = (from: number, quiet: readonly WorkingInterval[], accept: (s: Span) => boolean): Span | undefined => {
    const first = days.dayOf(from);
    // a day starts at most 14 h before its UTC midnight: also look at the day before
    for (let day = first - 1; day <= first + SLOT_HORIZON_DAYS; day++) {
      const span = callingSpansOn(days, windows, quiet, day).find(accept);
      if (span) return span;
    }
    return undefined;
  };
  return {
    isCallable: (at, quiet = []) => spanAt(at.getTime(), quiet) !== undefined,
    nextSlot(from, quiet = []) {
      const instant = from.getTime();
      const span = firstSpan(instant, quiet, (s) => s.end > instant);
      return span ? new Date(Math.max(span.start, instant)) : undefined;
    },
    nextWindowStart(after, quiet = []) {
      const instant = after.getTime();
      const span = firstSpan(instant, quiet, (s) => s.start > instant);
      return span ? new Date(span.start) : undefined;
    },
    spanEnd(at, quiet = []) {
      const span = spanAt(at.getTime(), quiet);
      return span ? new Date(span.end) : undefined;
    },
  };
}
