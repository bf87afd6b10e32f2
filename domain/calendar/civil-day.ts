/**
 * Civil days and wall-clock times: dates on a calendar and readings of a clock on the wall,
 * not instants. A calendar definition speaks in these; only `working-time.ts` turns them into
 * instants, through the calendar's time zone.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Keys of `weeklyHours`, Monday first as in a Chinese or European week. */
export const Weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof Weekdays)[number];

/**
 * Number of a civil day, counted from 1970-01-01 (day 0). Consecutive days have consecutive
 * numbers whatever the time zone does, so walking a calendar is `day + 1`.
 */
export function dayNumberOf(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  return Date.UTC(year ?? NaN, (month ?? NaN) - 1, day ?? NaN) / DAY_MS;
}

export function weekdayOf(dayNumber: number): Weekday {
  // day 0, 1970-01-01, was a Thursday: index 3 when Monday is 0
  return Weekdays[(((dayNumber % 7) + 7 + 3) % 7)]!;
}

/** Minutes after midnight of `HH:mm`; `24:00` is 1440, the midnight that ends the day. */
export function minuteOfDay(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? NaN) * 60 + (minutes ?? NaN);
}
