import { IANAZone } from 'luxon';
import { z } from 'zod';
import { dayNumberOf, minuteOfDay, weekdayOf } from './civil-day';

/** `HH:mm` on a 24-hour clock; `24:00` is allowed so that an interval can run to midnight. */
const TimeOfDay = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:mm from 00:00 to 24:00');

/** A stretch of working time within one day, in the calendar's wall-clock time. */
const WorkingIntervalSchema = z
  .strictObject({ start: TimeOfDay, end: TimeOfDay })
  .refine((i) => minuteOfDay(i.end) > minuteOfDay(i.start), { message: 'end must be after start', path: ['end'] });
export type WorkingInterval = z.infer<typeof WorkingIntervalSchema>;

/**
 * The working intervals of one day, in order. Intervals may touch (12:00-13:00, 13:00-14:00) but
 * not overlap: overlapping time would be counted twice.
 */
export const WorkingHoursSchema = z.array(WorkingIntervalSchema).superRefine((intervals, ctx) => {
  intervals.forEach((interval, i) => {
    const previous = intervals[i - 1];
    if (previous && minuteOfDay(interval.start) < minuteOfDay(previous.end)) {
      ctx.addIssue({ code: 'custom', message: 'intervals must be sorted and must not overlap', path: [i, 'start'] });
    }
  });
});

const CivilDate = z.iso.date('a real date as YYYY-MM-DD');

const Code = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1-64 letters, digits or _ . : -');

/**
 * A region's business calendar, one version of it. Working time is what SLA time limits count:
 * the weekly hours, minus public holidays, plus make-up workdays (调休: a Saturday or Sunday that
 * is worked because a holiday run borrowed a weekday). All times are wall-clock times in
 * `timeZone`, so the same definition stays right across daylight-saving changes.
 */
export const BusinessCalendarSchema = z
  .strictObject({
    id: Code,
    /** A changed calendar is a new version: limits already set keep the version they were set with. */
    version: z.number().int().min(1),
    /** Region the calendar serves, e.g. an area code (`021`) or a country code (`HK`). */
    region: Code,
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'an IANA time zone, e.g. Asia/Shanghai'),
    weeklyHours: z.strictObject({
      mon: WorkingHoursSchema,
      tue: WorkingHoursSchema,
      wed: WorkingHoursSchema,
      thu: WorkingHoursSchema,
      fri: WorkingHoursSchema,
      sat: WorkingHoursSchema,
      sun: WorkingHoursSchema,
    }),
    /** Days not worked even when the week would work them. Weekend days in a holiday run may be listed. */
    holidays: z.array(CivilDate),
    /** Days worked although the week would not work them; `hours` default to Monday's. */
    makeUpWorkdays: z.array(z.strictObject({ date: CivilDate, hours: WorkingHoursSchema.min(1).optional() })),
  })
  .superRefine((calendar, ctx) => {
    const holidays = new Set(calendar.holidays);
    const seen = new Set<string>();
    calendar.makeUpWorkdays.forEach(({ date, hours }, i) => {
      const issue = (message: string): void =>
        ctx.addIssue({ code: 'custom', message, path: ['makeUpWorkdays', i, 'date'] });
      if (holidays.has(date)) issue(`${date} is both a holiday and a make-up workday`);
      if (seen.has(date)) issue(`${date} is listed twice`);
      seen.add(date);
      // a make-up day on a day the week already works is almost always a mistyped date
      const weekday = weekdayOf(dayNumberOf(date));
      if (calendar.weeklyHours[weekday].length > 0) issue(`${date} is a ${weekday}, which the week already works`);
      if (!hours && calendar.weeklyHours.mon.length === 0) issue(`${date} needs hours: Monday has none to copy`);
    });
  });
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;
