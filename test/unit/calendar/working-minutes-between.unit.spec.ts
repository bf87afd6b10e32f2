import { type BusinessCalendar, workingMinutesBetween } from '../../../domain/calendar';
import { berlinAroundTheClock, berlinOffice, berlinSundayNightShift, hongKong, shanghai } from './fixtures';

// Shanghai center hours, Mon-Fri: 08:30-12:00 and 13:30-17:30 (7.5 h a day, UTC+8).
const at = (iso: string): Date => new Date(iso);

/** Working minutes from `from` to `to`, both written as ISO instants with their offset. */
const elapsed = (calendar: BusinessCalendar, from: string, to: string): number =>
  workingMinutesBetween(calendar, at(from), at(to));

describe('workingMinutesBetween: working time elapsed', () => {
  it('leaves out the lunch break', () => {
    // given 11:00 and 14:00 the same day: one hour before lunch, half an hour after
    expect(elapsed(shanghai, '2026-09-15T11:00+08:00', '2026-09-15T14:00+08:00')).toBe(90);
  });

  it('leaves out the night', () => {
    expect(elapsed(shanghai, '2026-09-15T17:00+08:00', '2026-09-16T09:00+08:00')).toBe(60);
  });

  it('leaves out the weekend', () => {
    expect(elapsed(shanghai, '2026-09-18T17:00+08:00', '2026-09-21T09:00+08:00')).toBe(60);
  });

  it('leaves out a holiday run of several days', () => {
    expect(elapsed(shanghai, '2026-09-30T17:00+08:00', '2026-10-08T09:00+08:00')).toBe(60);
  });

  it('counts a make-up Saturday as a full working day', () => {
    // given Friday 10-09 17:00 to Monday 10-12 09:00, with Saturday 10-10 worked
    // then half an hour on Friday, 7.5 hours on Saturday, half an hour on Monday
    expect(elapsed(shanghai, '2026-10-09T17:00+08:00', '2026-10-12T09:00+08:00')).toBe(510);
  });

  it('counts a full week as five working days', () => {
    expect(elapsed(shanghai, '2026-09-14T00:00+08:00', '2026-09-21T00:00+08:00')).toBe(5 * 450);
  });

  it('differs between two regions with different holidays', () => {
    // given the same two instants around National Day in Shanghai and Hong Kong
    const from = at('2026-09-30T09:00+08:00');
    const to = at('2026-10-08T09:00+08:00');
    // then Shanghai worked 09-30 from 09:00 and half an hour on 10-08; Hong Kong five full days
    expect(workingMinutesBetween(shanghai, from, to)).toBe(420 + 30);
    expect(workingMinutesBetween(hongKong, from, to)).toBe(5 * 480);
  });

  it.each([
    ['within one lunch break', '2026-09-15T12:10+08:00', '2026-09-15T13:20+08:00'],
    ['over a whole holiday run', '2026-10-01T00:00+08:00', '2026-10-08T00:00+08:00'],
    ['from closing to the next opening', '2026-09-15T17:30+08:00', '2026-09-16T08:30+08:00'],
    ['between one instant and itself', '2026-09-15T10:00+08:00', '2026-09-15T10:00+08:00'],
  ])('is zero %s', (_label, from, to) => {
    expect(elapsed(shanghai, from, to)).toBe(0);
  });

  it('counts across midnight when the hours run to 24:00 and resume at 00:00', () => {
    expect(elapsed(berlinAroundTheClock, '2026-09-12T22:00+02:00', '2026-09-13T02:00+02:00')).toBe(240);
  });

  it('is negative when the instants come in reverse order', () => {
    // given "to" before "from": Wednesday 09:00 back to Tuesday 17:00
    expect(elapsed(shanghai, '2026-09-16T09:00+08:00', '2026-09-15T17:00+08:00')).toBe(-60);
  });

  it('is a plain zero, not a negative zero, in reverse order over no working time', () => {
    const result = elapsed(shanghai, '2026-09-20T12:00+08:00', '2026-09-19T12:00+08:00');
    expect(Object.is(result, 0)).toBe(true);
  });

  it('measures to the millisecond', () => {
    expect(elapsed(shanghai, '2026-09-15T09:00+08:00', '2026-09-15T09:00:00.600+08:00')).toBe(0.01);
  });

  it('refuses an invalid date', () => {
    expect(() => workingMinutesBetween(shanghai, at('2026-09-15T09:00+08:00'), new Date(NaN))).toThrow(RangeError);
  });
});

describe('workingMinutesBetween across daylight-saving changes (Europe/Berlin)', () => {
  it('counts the spring-forward day round the clock as 23 hours', () => {
    expect(elapsed(berlinAroundTheClock, '2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00')).toBe(23 * 60);
  });

  it('counts the fall-back day round the clock as 25 hours', () => {
    expect(elapsed(berlinAroundTheClock, '2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00')).toBe(25 * 60);
  });

  it.each([
    ['spring-forward', '2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00'],
    ['fall-back', '2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00'],
  ])('keeps 08:00-17:00 nine hours on the %s day', (_label, from, to) => {
    expect(elapsed(berlinOffice, from, to)).toBe(9 * 60);
  });

  it('shortens a shift whose start is skipped: 02:30-06:00 runs from the jump at 03:00', () => {
    // given the Sunday night shift on the spring-forward night
    // then it lasts from 03:00 CEST to 06:00 CEST
    expect(elapsed(berlinSundayNightShift, '2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00')).toBe(180);
  });

  it('lengthens a shift whose start is repeated: 02:30-06:00 runs from the first 02:30', () => {
    // given the Sunday night shift on the fall-back night
    // then it lasts from 02:30 CEST through the repeated hour to 06:00 CET
    expect(elapsed(berlinSundayNightShift, '2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00')).toBe(270);
  });
});
