import { addWorkingMinutes, MAX_DAYS_WITHOUT_WORK } from '../../../domain/calendar';
import { DomainError } from '../../../domain/errors';
import {
  berlinAroundTheClock,
  berlinOffice,
  berlinSundayNightShift,
  hongKong,
  neverWorking,
  shanghai,
} from './fixtures';

// Shanghai center hours, Mon-Fri: 08:30-12:00 and 13:30-17:30 (UTC+8); instants are written with
// their offset so each expectation reads as wall-clock time.
const at = (iso: string): Date => new Date(iso);

describe('addWorkingMinutes: the due instant of a limit', () => {
  it('carries a limit over the night to the next morning', () => {
    // given Tuesday 17:00, half an hour before closing
    const start = at('2026-09-15T17:00+08:00');
    // when a one-hour limit starts
    const due = addWorkingMinutes(shanghai, start, 60);
    // then 30 minutes are left for Wednesday morning
    expect(due).toEqual(at('2026-09-16T09:00+08:00'));
  });

  it('does not count the lunch break', () => {
    // given 11:30, half an hour before lunch
    // when a one-hour limit starts, then it ends half an hour after lunch
    expect(addWorkingMinutes(shanghai, at('2026-09-15T11:30+08:00'), 60)).toEqual(at('2026-09-15T14:00+08:00'));
  });

  it('skips the weekend', () => {
    // given Friday 17:00
    // when a one-hour limit starts, then it ends on Monday morning
    expect(addWorkingMinutes(shanghai, at('2026-09-18T17:00+08:00'), 60)).toEqual(at('2026-09-21T09:00+08:00'));
  });

  it('skips a holiday run of several days', () => {
    // given the eve of the National Day run (Thu 10-01 to Wed 10-07)
    // when a one-hour limit starts at 17:00, then it ends on Thursday 10-08
    expect(addWorkingMinutes(shanghai, at('2026-09-30T17:00+08:00'), 60)).toEqual(at('2026-10-08T09:00+08:00'));
  });

  it('works a make-up Saturday', () => {
    // given Friday 10-09 17:00; Saturday 10-10 is a make-up workday
    // when a one-hour limit starts, then it ends on Saturday morning, not Monday
    expect(addWorkingMinutes(shanghai, at('2026-10-09T17:00+08:00'), 60)).toEqual(at('2026-10-10T09:00+08:00'));
  });

  it('works a make-up Sunday', () => {
    // given Friday 09-25 17:00; Sunday 09-27 is a make-up workday, Saturday 09-26 is not
    // when a one-hour limit starts, then it ends on Sunday morning
    expect(addWorkingMinutes(shanghai, at('2026-09-25T17:00+08:00'), 60)).toEqual(at('2026-09-27T09:00+08:00'));
  });

  it('gives two regions different due instants when their holidays differ', () => {
    // given the same instant in Shanghai and Hong Kong (both UTC+8); Hong Kong is off on 10-01 only
    const start = at('2026-09-30T16:00+08:00');
    // when the same eight-hour limit starts in each region
    const dueShanghai = addWorkingMinutes(shanghai, start, 480);
    const dueHongKong = addWorkingMinutes(hongKong, start, 480);
    // then Shanghai waits out the whole run, Hong Kong only its one holiday
    expect(dueShanghai).toEqual(at('2026-10-08T16:30+08:00'));
    expect(dueHongKong).toEqual(at('2026-10-02T16:00+08:00'));
  });

  it.each([
    ['before opening', '2026-09-15T07:00+08:00', '2026-09-15T09:00+08:00'],
    ['during lunch', '2026-09-15T12:30+08:00', '2026-09-15T14:00+08:00'],
    ['at midnight', '2026-09-15T00:00+08:00', '2026-09-15T09:00+08:00'],
    ['after closing', '2026-09-15T20:00+08:00', '2026-09-16T09:00+08:00'],
    ['on a holiday', '2026-10-02T10:00+08:00', '2026-10-08T09:00+08:00'],
    ['on a plain Saturday', '2026-09-19T10:00+08:00', '2026-09-21T09:00+08:00'],
  ])('starts counting at the next working moment when it starts %s', (_label, start, due) => {
    // given a start outside working time
    // when a 30-minute limit starts, then it runs from the next opening
    expect(addWorkingMinutes(shanghai, at(start), 30)).toEqual(at(due));
  });

  it.each([
    ['closing time', '2026-09-15T16:30+08:00', 60, '2026-09-15T17:30+08:00'],
    ['the start of lunch', '2026-09-15T11:00+08:00', 60, '2026-09-15T12:00+08:00'],
    ['closing time before a holiday run', '2026-09-30T17:00+08:00', 30, '2026-09-30T17:30+08:00'],
  ])('is due at %s when the limit runs out exactly then, not when work resumes', (_label, start, minutes, due) => {
    expect(addWorkingMinutes(shanghai, at(start), minutes)).toEqual(at(due));
  });

  it('ends a 30-working-day limit at the close of the 30th working day', () => {
    // given Tuesday 09-01 at opening; the 30 working days include make-up days and skip the run
    // when a limit of 30 days of 7.5 hours starts
    const due = addWorkingMinutes(shanghai, at('2026-09-01T08:30+08:00'), 30 * 450);
    // then it is due on Thursday 10-15 at closing
    expect(due).toEqual(at('2026-10-15T17:30+08:00'));
  });

  it('returns the start itself for a zero limit, even outside working time', () => {
    const saturday = at('2026-09-19T10:00+08:00');
    expect(addWorkingMinutes(shanghai, saturday, 0)).toEqual(saturday);
  });

  it('counts fractional minutes to the millisecond', () => {
    // given 09:00; when limits of half a minute and of one second start
    // then they end 30 s and 1 s later
    expect(addWorkingMinutes(shanghai, at('2026-09-15T09:00+08:00'), 0.5)).toEqual(at('2026-09-15T09:00:30+08:00'));
    expect(addWorkingMinutes(shanghai, at('2026-09-15T09:00+08:00'), 1 / 60)).toEqual(at('2026-09-15T09:00:01+08:00'));
  });

  it('returns a new Date, not the start object itself', () => {
    const start = at('2026-09-15T09:00+08:00');
    expect(addWorkingMinutes(shanghai, start, 0)).not.toBe(start);
  });
});

describe('addWorkingMinutes backwards (negative minutes)', () => {
  it('counts back over the weekend', () => {
    // given Monday 09:00; when one working hour is counted back, then it starts on Friday 17:00
    expect(addWorkingMinutes(shanghai, at('2026-09-21T09:00+08:00'), -60)).toEqual(at('2026-09-18T17:00+08:00'));
  });

  it('counts back over a holiday run', () => {
    expect(addWorkingMinutes(shanghai, at('2026-10-08T09:00+08:00'), -60)).toEqual(at('2026-09-30T17:00+08:00'));
  });

  it('stops at the opening when the minutes run out exactly there, not at the previous closing', () => {
    expect(addWorkingMinutes(shanghai, at('2026-09-21T09:00+08:00'), -30)).toEqual(at('2026-09-21T08:30+08:00'));
  });
});

describe('addWorkingMinutes across daylight-saving changes (Europe/Berlin)', () => {
  it('counts 24 working hours round the clock over the spring-forward night as 24 real hours', () => {
    // given Saturday noon before the clocks go forward (02:00 CET -> 03:00 CEST)
    // when 24 hours of round-the-clock work start
    const due = addWorkingMinutes(berlinAroundTheClock, at('2026-03-28T12:00+01:00'), 24 * 60);
    // then the wall clock shows 13:00: one wall-clock hour never happened
    expect(due).toEqual(at('2026-03-29T13:00+02:00'));
  });

  it('counts 24 working hours round the clock over the fall-back night as 24 real hours', () => {
    // given Saturday noon before the clocks go back (03:00 CEST -> 02:00 CET)
    const due = addWorkingMinutes(berlinAroundTheClock, at('2026-10-24T12:00+02:00'), 24 * 60);
    // then the wall clock shows 11:00: one wall-clock hour happened twice
    expect(due).toEqual(at('2026-10-25T11:00+01:00'));
  });

  it.each([
    ['spring-forward', '2026-03-29T08:00+02:00', '2026-03-29T17:00+02:00'],
    ['fall-back', '2026-10-25T08:00+01:00', '2026-10-25T17:00+01:00'],
  ])('keeps 08:00-17:00 a nine-hour day on the %s day', (_label, opening, closing) => {
    // given an office that works the day the clocks change
    // when a nine-hour limit starts at opening, then it ends at the wall-clock closing time
    expect(addWorkingMinutes(berlinOffice, at(opening), 9 * 60)).toEqual(at(closing));
  });

  it('opens a shift that starts inside the skipped hour at the jump', () => {
    // given a Sunday shift from 02:30, which does not exist on 2026-03-29
    // when a one-minute limit starts on Saturday, then the shift opened at 03:00 CEST
    expect(addWorkingMinutes(berlinSundayNightShift, at('2026-03-28T12:00+01:00'), 1)).toEqual(
      at('2026-03-29T03:01+02:00'),
    );
  });

  it('opens a shift that starts inside the repeated hour at its first occurrence', () => {
    // given a Sunday shift from 02:30, which happens twice on 2026-10-25
    // when a one-minute limit starts on Saturday, then the shift opened at 02:30 CEST, the first one
    expect(addWorkingMinutes(berlinSundayNightShift, at('2026-10-24T12:00+02:00'), 1)).toEqual(
      at('2026-10-25T02:31+02:00'),
    );
  });
});

describe('addWorkingMinutes refusals', () => {
  it('throws a clear error instead of looping when a calendar has no working time', () => {
    // given a calendar without any working hour
    const start = at('2026-09-15T09:00+08:00');
    // when a limit starts, in either direction, then it fails with a stable code
    for (const minutes of [60, -60]) {
      expect(() => addWorkingMinutes(neverWorking, start, minutes)).toThrow(DomainError);
      expect(() => addWorkingMinutes(neverWorking, start, minutes)).toThrow(
        expect.objectContaining({ code: 'CALENDAR_WITHOUT_WORKING_TIME' }),
      );
    }
  });

  it(`gives up only after ${MAX_DAYS_WITHOUT_WORK} days without work`, () => {
    // given a calendar whose only working time is one make-up day four years ahead
    const rare = {
      ...neverWorking,
      makeUpWorkdays: [{ date: '2030-09-15', hours: [{ start: '09:00', end: '10:00' }] }],
    };
    // when a limit starts far from it, then it is still found
    expect(addWorkingMinutes(rare, at('2026-09-15T09:00+08:00'), 60)).toEqual(at('2030-09-15T10:00+08:00'));
  });

  it.each([NaN, Infinity, -Infinity])('refuses %p minutes', (minutes) => {
    expect(() => addWorkingMinutes(shanghai, at('2026-09-15T09:00+08:00'), minutes)).toThrow(RangeError);
  });

  it('refuses an invalid start date', () => {
    expect(() => addWorkingMinutes(shanghai, new Date('not a date'), 60)).toThrow(RangeError);
  });
});
