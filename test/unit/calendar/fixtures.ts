import { type BusinessCalendar, BusinessCalendarSchema } from '../../../domain/calendar';

/**
 * Example calendars. The dates are made up but self-consistent: what matters is their shape
 * (a holiday run with make-up weekend days, two regions with different holidays, a DST zone).
 * Every fixture goes through the schema, so a fixture the schema refuses fails every test.
 */

const chinaDay = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

/**
 * Mainland center, Asia/Shanghai (UTC+8, no DST): 7.5 working hours a day with a lunch break.
 * National Day run Thu 2026-10-01 to Wed 2026-10-07, paid for by working Sun 2026-09-27 and
 * Sat 2026-10-10 (调休).
 */
export const shanghai: BusinessCalendar = BusinessCalendarSchema.parse({
  id: 'cn-center',
  version: 1,
  region: '021',
  timeZone: 'Asia/Shanghai',
  weeklyHours: { mon: chinaDay, tue: chinaDay, wed: chinaDay, thu: chinaDay, fri: chinaDay, sat: [], sun: [] },
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpWorkdays: [{ date: '2026-09-27' }, { date: '2026-10-10' }],
});

const hongKongDay = [
  { start: '09:00', end: '13:00' },
  { start: '14:00', end: '18:00' },
];

/** Hong Kong, Asia/Hong_Kong (also UTC+8): 8 working hours, one day off for National Day, no make-up days. */
export const hongKong: BusinessCalendar = BusinessCalendarSchema.parse({
  id: 'hk-center',
  version: 1,
  region: 'HK',
  timeZone: 'Asia/Hong_Kong',
  weeklyHours: {
    mon: hongKongDay,
    tue: hongKongDay,
    wed: hongKongDay,
    thu: hongKongDay,
    fri: hongKongDay,
    sat: [],
    sun: [],
  },
  holidays: ['2026-10-01', '2026-10-19', '2026-12-25'],
  makeUpWorkdays: [],
});

const berlinDay = [{ start: '08:00', end: '17:00' }];

/**
 * Berlin office, Europe/Berlin (CET, CEST in summer): 08:00-17:00 on weekdays. It works the two
 * Sundays the clocks change in 2026 (2026-03-29 forward, 2026-10-25 back), so those days have hours.
 */
export const berlinOffice: BusinessCalendar = BusinessCalendarSchema.parse({
  id: 'de-office',
  version: 1,
  region: 'DE-BE',
  timeZone: 'Europe/Berlin',
  weeklyHours: { mon: berlinDay, tue: berlinDay, wed: berlinDay, thu: berlinDay, fri: berlinDay, sat: [], sun: [] },
  holidays: [],
  makeUpWorkdays: [{ date: '2026-03-29' }, { date: '2026-10-25' }],
});

const wholeDay = [{ start: '00:00', end: '24:00' }];

/** Berlin network operations, staffed round the clock: every real hour is a working hour. */
export const berlinAroundTheClock: BusinessCalendar = BusinessCalendarSchema.parse({
  id: 'de-noc',
  version: 1,
  region: 'DE-BE',
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    mon: wholeDay,
    tue: wholeDay,
    wed: wholeDay,
    thu: wholeDay,
    fri: wholeDay,
    sat: wholeDay,
    sun: wholeDay,
  },
  holidays: [],
  makeUpWorkdays: [],
});

/**
 * Berlin night shift on Sundays, 02:30-06:00: on a spring-forward night 02:30 never happens, on a
 * fall-back night it happens twice.
 */
export const berlinSundayNightShift: BusinessCalendar = BusinessCalendarSchema.parse({
  id: 'de-night',
  version: 1,
  region: 'DE-BE',
  timeZone: 'Europe/Berlin',
  weeklyHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ start: '02:30', end: '06:00' }] },
  holidays: [],
  makeUpWorkdays: [],
});

/** A calendar with no working time at all (valid, but no limit can ever fall due). */
export const neverWorking: BusinessCalendar = BusinessCalendarSchema.parse({
  ...shanghai,
  id: 'never',
  weeklyHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  makeUpWorkdays: [],
});
