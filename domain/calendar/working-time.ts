import { IANAZone } from 'luxon';
import { DomainError } from '../errors';
import { type BusinessCalendar, type WorkingInterval } from './business-calendar';
import { DAY_MS, dayNumberOf, MINUTE_MS, minuteOfDay, weekdayOf } from './civil-day';

/**
 * SLA time limits counted in working time. Instants are `Date`s; durations are minutes, which may
 * be fractional. The arithmetic runs on whole milliseconds: a duration is rounded to the nearest
 * millisecond, and every result is exact to the millisecond, so whole-minute limits on a
 * calendar of whole-minute hours give whole-minute answers with no floating-point drift.
 *
 * The calendar's wall-clock hours become instants through its time zone, day by day, so a
 * daylight-saving day works its wall-clock hours: 08:00-17:00 is nine hours on a 23-hour day too.
 * An interval that spans the change (a night shift, or 00:00-24:00) is as long as real time says:
 * an hour shorter when the clocks go forward, an hour longer when they go back. A wall-clock time
 * that happens twice is its earlier instant; one that never happens (skipped by the clocks going
 * forward) is the instant of the jump, so 02:30 on a spring-forward night is 03:00 summer time.
 */

/** How many days in a row without working time `addWorkingMinutes` accepts before it gives up. */
export const MAX_DAYS_WITHOUT_WORK = 5 * 366;

/**
 * Wall clocks differ from UTC by at most 14 hours ahead (Kiribati) and 12 behind, so the
 * instants of one civil day lie within [day start - 14 h, day end + 12 h].
 */
const MAX_AHEAD_MS = 14 * 3_600_000;

/** Working time as instants (ms since the epoch), `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A calendar's civil days, for other wall-clock schedules laid over it (calling windows). */
export interface CalendarDays {
  /** The civil day (day number), in the calendar's zone, that `instant` (ms) falls on. */
  dayOf(instant: number): number;
  /** The calendar works the day: it has working hours (a make-up day counts, a holiday does not). */
  isWorkday(day: number): boolean;
  /** Wall-clock intervals of day `day` as instants, in order, through the calendar's zone. */
  spansOf(day: number, hours: readonly WorkingInterval[]): Span[];
}

/** The civil days of `calendar`, made ready for many questions about them. */
export const calendarDays = (calendar: BusinessCalendar): CalendarDays => prepare(calendar);

/**
 * The instant when `minutes` working minutes have elapsed after `start`.
 * - Start outside working time: counting begins at the next working moment.
 * - A limit that ends exactly at a closing time (evening, lunch) is due at that closing instant,
 *   not when work resumes.
 * - 0 minutes: `start` itself, even outside working time (a zero limit is due at once).
 * - Negative minutes count backwards: the latest instant with that much working time before
 *   `start`; one that lands on an opening time is that opening instant.
 * Throws `CALENDAR_WITHOUT_WORKING_TIME` when the walk meets `MAX_DAYS_WITHOUT_WORK` days in a
 * row with no working time, instead of looping for ever.
 */
export function addWorkingMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const from = instantOf(start, 'start');
  const duration = durationMs(minutes);
  if (duration === 0) return new Date(from);
  const forward = duration > 0;
  const step = forward ? 1 : -1;
  const time = prepare(calendar);
  let remaining = Math.abs(duration);
  let idleDays = 0;
  for (let day = time.dayOf(from); ; day += step) {
    const spans = time.spansOn(day);
    if (spans.length > 0) idleDays = 0;
    else if (++idleDays > MAX_DAYS_WITHOUT_WORK) {
      throw new DomainError(
        'CALENDAR_WITHOUT_WORKING_TIME',
        `calendar ${calendar.id} v${calendar.version} has no working time in ${MAX_DAYS_WITHOUT_WORK} days ` +
          `${forward ? 'after' : 'before'} ${start.toISOString()}`,
      );
    }
    for (const span of forward ? spans : spans.reverse()) {
      // only the part of the span on the far side of `from` counts
      const edge = forward ? Math.max(span.start, from) : Math.min(span.end, from);
      const available = forward ? span.end - edge : edge - span.start;
      if (available <= 0) continue;
      if (remaining <= available) return new Date(forward ? edge + remaining : edge - remaining);
      remaining -= available;
    }
  }
}

/**
 * Working minutes between two instants: the working time in [from, to). When `to` is before
 * `from` the answer is negative, minus the working time in [to, from), so the two functions undo
 * each other: `workingMinutesBetween(c, s, addWorkingMinutes(c, s, n))` is `n` for every `s`, and
 * `addWorkingMinutes(c, from, workingMinutesBetween(c, from, to))` is `to` whenever work runs
 * right up to `to` (or, backwards, right on from it); otherwise it is the nearest instant with the
 * same working time, a closing time forwards and an opening time backwards.
 */
export function workingMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const start = instantOf(from, 'from');
  const end = instantOf(to, 'to');
  // `0 - x` rather than `-x`: no negative zero for a span without working time
  if (end < start) return 0 - workingMinutesBetween(calendar, to, from);
  const time = prepare(calendar);
  let worked = 0;
  for (let day = time.dayOf(start), last = time.dayOf(end); day <= last; day++) {
    for (const span of time.spansOn(day)) worked += Math.max(0, Math.min(span.end, end) - Math.max(span.start, start));
  }
  return worked / MINUTE_MS;
}

function instantOf(date: Date, name: string): number {
  const instant = date.getTime();
  if (Number.isNaN(instant)) throw new RangeError(`${name} is an invalid date`);
  return instant;
}

function durationMs(minutes: number): number {
  if (!Number.isFinite(minutes)) throw new RangeError(`minutes must be a finite number, got ${minutes}`);
  return Math.round(minutes * MINUTE_MS);
}

/**
 * A calendar made ready for one computation: dates as day numbers, and the zone's UTC offsets
 * remembered. Asking the zone goes through Intl and costs microseconds, so a walk asks about
 * each day it passes once, at that day's anchor.
 */
function prepare(calendar: BusinessCalendar): CalendarDays & { spansOn(day: number): Span[] } {
  const zone = IANAZone.create(calendar.timeZone);
  const offsetMs = (instant: number): number => zone.offset(instant) * MINUTE_MS;
  const holidays = new Set(calendar.holidays.map(dayNumberOf));
  const makeUp = new Map(
    calendar.makeUpWorkdays.map(({ date, hours }) => [dayNumberOf(date), hours ?? calendar.weeklyHours.mon]),
  );
  const hoursOn = (day: number): WorkingInterval[] =>
    holidays.has(day) ? [] : (makeUp.get(day) ?? calendar.weeklyHours[weekdayOf(day)]);

  // anchor of day d: an instant before any instant of day d, in every zone
  const anchors = new Map<number, number>();
  const anchorOffset = (day: number): number => {
    let offset = anchors.get(day);
    if (offset === undefined) anchors.set(day, (offset = offsetMs(day * DAY_MS - MAX_AHEAD_MS)));
    return offset;
  };

  const days: CalendarDays & { spansOn(day: number): Span[] } = {
    dayOf: (instant) => Math.floor((instant + offsetMs(instant)) / DAY_MS),

    isWorkday: (day) => hoursOn(day).length > 0,

    /** The working time of civil day `day` as instants, in order. */
    spansOn: (day) => days.spansOf(day, hoursOn(day)),

    spansOf(day, hours) {
      if (hours.length === 0) return [];
      // the anchors of day d and day d + 3 bracket every instant of day d; when both have the
      // same offset, the day has no offset change (zones change at most once in three days)
      const before = anchorOffset(day);
      const after = anchorOffset(day + 3);
      const instant = (minute: number): number => {
        const wall = day * DAY_MS + minute * MINUTE_MS;
        return before === after ? wall - before : resolveNearChange(wall, before, after, offsetMs);
      };
      return hours
        .map((h) => ({ start: instant(minuteOfDay(h.start)), end: instant(minuteOfDay(h.end)) }))
        .filter((span) => span.end > span.start); // an interval inside a skipped hour has no working time
    },
  };
  return days;
}

/**
 * The instant of wall-clock reading `wall` (ms, read as if the wall clock were UTC) near a change
 * of UTC offset from `before` to `after`: the earlier instant of a reading that happens twice, the
 * instant of the jump for a reading that never happens. Later readings never get earlier
 * instants, so a day's intervals stay in order and never overlap.
 */
function resolveNearChange(wall: number, before: number, after: number, offsetMs: (instant: number) => number): number {
  const underBefore = wall - before;
  const underAfter = wall - after;
  const isBefore = offsetMs(underBefore) === before;
  const isAfter = offsetMs(underAfter) === after;
  if (isBefore && isAfter) return Math.min(underBefore, underAfter);
  if (isBefore) return underBefore;
  if (isAfter) return underAfter;
  // skipped reading: the jump lies in (underAfter, underBefore]; find it to the millisecond
  let low = underAfter;
  let high = underBefore;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetMs(middle) === after) high = middle;
    else low = middle;
  }
  return high;
}
