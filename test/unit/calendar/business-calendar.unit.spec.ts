import { type BusinessCalendar, BusinessCalendarSchema } from '../../../domain/calendar';
import { shanghai } from './fixtures';

/** The Shanghai fixture with some fields replaced, as unvalidated input. */
const calendar = (change: Record<string, unknown>): Record<string, unknown> => ({ ...shanghai, ...change });

/** A change that gives the Shanghai week these Monday hours, e.g. `monday(['08:30', '12:00'])`. */
const monday = (...intervals: [string, string][]): { weeklyHours: BusinessCalendar['weeklyHours'] } => ({
  weeklyHours: { ...shanghai.weeklyHours, mon: intervals.map(([start, end]) => ({ start, end })) },
});

const paths = (input: Record<string, unknown>): string[] =>
  BusinessCalendarSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('a business calendar definition', () => {
  it('accepts a complete calendar', () => {
    expect(BusinessCalendarSchema.safeParse(calendar({})).success).toBe(true);
  });

  it('accepts hours that run to 24:00 and intervals that touch', () => {
    const change = monday(['00:00', '12:00'], ['12:00', '24:00']);
    expect(BusinessCalendarSchema.safeParse(calendar(change)).success).toBe(true);
  });

  it.each([
    ['overlapping intervals', monday(['08:30', '12:30'], ['12:00', '17:30']), 'weeklyHours.mon.1.start'],
    ['unsorted intervals', monday(['13:30', '17:30'], ['08:30', '12:00']), 'weeklyHours.mon.1.start'],
    ['an interval that ends when it starts', monday(['09:00', '09:00']), 'weeklyHours.mon.0.end'],
    ['an interval that ends before it starts', monday(['17:00', '09:00']), 'weeklyHours.mon.0.end'],
    ['a time past midnight', monday(['09:00', '24:30']), 'weeklyHours.mon.0.end'],
    ['a time without its leading zero', monday(['8:30', '12:00']), 'weeklyHours.mon.0.start'],
    ['a misspelt time zone', { timeZone: 'Asia/Shangai' }, 'timeZone'],
    ['an offset instead of a time zone', { timeZone: '+08:00' }, 'timeZone'],
    ['a day that is both a holiday and a make-up workday', { holidays: ['2026-10-10'] }, 'makeUpWorkdays.1.date'],
    [
      'a make-up workday on a day the week already works',
      { makeUpWorkdays: [{ date: '2026-10-09' }] },
      'makeUpWorkdays.0.date',
    ],
    [
      'a make-up workday listed twice',
      { makeUpWorkdays: [{ date: '2026-10-10' }, { date: '2026-10-10' }] },
      'makeUpWorkdays.1.date',
    ],
    [
      'a make-up workday with empty hours',
      { makeUpWorkdays: [{ date: '2026-10-10', hours: [] }] },
      'makeUpWorkdays.0.hours',
    ],
    ['a date that does not exist', { holidays: ['2026-02-29'] }, 'holidays.0'],
    ['version 0', { version: 0 }, 'version'],
    ['a region with spaces', { region: 'Hong Kong' }, 'region'],
    ['an unknown field', { validFrom: '2026-01-01' }, ''],
  ])('refuses %s and names the field', (_label, change, field) => {
    expect(paths(calendar(change))).toContain(field);
  });

  it('refuses a make-up workday without hours when Monday has none to lend', () => {
    // given a week that does not work Mondays
    const input = calendar(monday());
    // then the make-up days, which would borrow Monday's hours, are refused
    expect(paths(input)).toEqual(['makeUpWorkdays.0.date', 'makeUpWorkdays.1.date']);
  });
});
