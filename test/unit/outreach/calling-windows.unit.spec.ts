import { callingTime, withoutQuietHours, type CallingWindows } from '../../../domain/outreach/calling-windows';
import { shanghai } from '../calendar/fixtures';

// Shanghai: workdays Mon-Fri, National Day 2026-10-01..07 off, Sunday 2026-09-27 a make-up workday.
const windows: CallingWindows = {
  calendarId: 'cn-center',
  workday: [
    { start: '09:00', end: '12:00' },
    { start: '14:00', end: '20:00' },
  ],
  restDay: [{ start: '10:00', end: '17:00' }],
};
const at = (iso: string): Date => new Date(iso);
const time = callingTime(shanghai, windows);

describe('calling windows over a business calendar', () => {
  it('keeps a slot that already lies in a window', () => {
    expect(time.nextSlot(at('2026-09-15T10:30+08:00'))).toEqual(at('2026-09-15T10:30+08:00'));
  });

  it('moves a slot over lunch and over the night to the next window', () => {
    expect(time.nextSlot(at('2026-09-15T12:00+08:00'))).toEqual(at('2026-09-15T14:00+08:00'));
    expect(time.nextSlot(at('2026-09-15T20:00+08:00'))).toEqual(at('2026-09-16T09:00+08:00'));
  });

  it('uses the rest-day windows on weekends and public holidays, the workday ones on a make-up day', () => {
    expect(time.nextSlot(at('2026-09-19T08:00+08:00'))).toEqual(at('2026-09-19T10:00+08:00')); // Saturday
    expect(time.nextSlot(at('2026-10-01T08:00+08:00'))).toEqual(at('2026-10-01T10:00+08:00')); // National Day
    expect(time.nextSlot(at('2026-09-27T08:00+08:00'))).toEqual(at('2026-09-27T09:00+08:00')); // make-up Sunday
  });

  it('never calls on a rest day when the rest-day windows are empty', () => {
    const workdaysOnly = callingTime(shanghai, { ...windows, restDay: [] });
    expect(workdaysOnly.nextSlot(at('2026-09-30T20:30+08:00'))).toEqual(at('2026-10-08T09:00+08:00'));
    expect(workdaysOnly.isCallable(at('2026-10-03T11:00+08:00'))).toBe(false);
  });

  it('leaves out the customer\'s quiet hours', () => {
    const quiet = [{ start: '11:00', end: '15:00' }];
    expect(withoutQuietHours(windows.workday, quiet)).toEqual([
      { start: '09:00', end: '11:00' },
      { start: '15:00', end: '20:00' },
    ]);
    expect(time.nextSlot(at('2026-09-15T11:30+08:00'), quiet)).toEqual(at('2026-09-15T15:00+08:00'));
    expect(time.isCallable(at('2026-09-15T14:30+08:00'), quiet)).toBe(false);
  });

  it('finds the next window after a call (no answer: try the afternoon)', () => {
    expect(time.nextWindowStart(at('2026-09-15T09:10+08:00'))).toEqual(at('2026-09-15T14:00+08:00'));
    expect(time.nextWindowStart(at('2026-09-15T14:10+08:00'))).toEqual(at('2026-09-16T09:00+08:00'));
  });

  it('does not call at the closing minute', () => {
    expect(time.isCallable(at('2026-09-15T19:59:59+08:00'))).toBe(true);
    expect(time.isCallable(at('2026-09-15T20:00+08:00'))).toBe(false);
    expect(time.spanEnd(at('2026-09-15T15:00+08:00'))).toEqual(at('2026-09-15T20:00+08:00'));
  });
});
