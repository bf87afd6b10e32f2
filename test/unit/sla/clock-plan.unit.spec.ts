import { addWorkingMinutes } from '../../../domain/calendar';
import { deadlineAfter, planClock, workingMinutesRun, type ClockTerms } from '../../../domain/sla/clock-plan';
import { shanghai } from '../calendar/fixtures';

// Shanghai center hours, Mon-Fri: 08:30-12:00 and 13:30-17:30 (7.5 h a day, UTC+8); National Day
// run Thu 10-01 to Wed 10-07. Tue 2026-09-15 is a plain working day. Instants carry their offset
// so each expectation reads as wall-clock time.
const at = (iso: string): Date => new Date(iso);
const pause = (from: string, to?: string) => (to ? { from: at(from), to: at(to) } : { from: at(from) });

const tuesday0900 = at('2026-09-15T09:00+08:00');

describe('deadlineAfter: a limit that pauses move out', () => {
  it('is addWorkingMinutes when the clock never paused', () => {
    // given a four-hour limit from Tuesday 09:00: 3 h before lunch, 1 h after
    const due = deadlineAfter(shanghai, tuesday0900, [], 240);
    expect(due).toEqual(at('2026-09-15T14:30+08:00'));
    expect(due).toEqual(addWorkingMinutes(shanghai, tuesday0900, 240));
  });

  it('moves the deadline out by the working time of a pause inside working hours', () => {
    // given a one-hour pause in the morning; then the 14:30 deadline moves one hour
    expect(deadlineAfter(shanghai, tuesday0900, [pause('2026-09-15T10:00+08:00', '2026-09-15T11:00+08:00')], 240)).toEqual(
      at('2026-09-15T15:30+08:00'),
    );
  });

  it('counts only the working part of a pause over lunch', () => {
    // given a pause 11:00-14:00: 60 min before lunch + 30 after = 90 working minutes, not 180
    expect(deadlineAfter(shanghai, tuesday0900, [pause('2026-09-15T11:00+08:00', '2026-09-15T14:00+08:00')], 240)).toEqual(
      at('2026-09-15T16:00+08:00'),
    );
  });

  it('changes nothing for a pause entirely outside working time (the night)', () => {
    // given a limit from Tuesday 15:00 that runs into Wednesday: 150 min Tuesday, 90 Wednesday
    const start = at('2026-09-15T15:00+08:00');
    const due = at('2026-09-16T10:00+08:00');
    expect(deadlineAfter(shanghai, start, [], 240)).toEqual(due);
    // when the customer asked to wait from 18:00 to 08:00, then the deadline stays
    expect(deadlineAfter(shanghai, start, [pause('2026-09-15T18:00+08:00', '2026-09-16T08:00+08:00')], 240)).toEqual(due);
  });

  it('ignores the part of a pause before the clock started', () => {
    // given a pause 08:00-10:00 and a start at 09:00: only 09:00-10:00 (60 min) counts
    expect(deadlineAfter(shanghai, tuesday0900, [pause('2026-09-15T08:00+08:00', '2026-09-15T10:00+08:00')], 60)).toEqual(
      at('2026-09-15T11:00+08:00'),
    );
    // and a pause over before the start (Monday afternoon) changes nothing
    expect(deadlineAfter(shanghai, tuesday0900, [pause('2026-09-14T14:00+08:00', '2026-09-14T16:00+08:00')], 60)).toEqual(
      at('2026-09-15T10:00+08:00'),
    );
  });

  it('keeps a limit reached before the pause began', () => {
    // given a one-hour limit, due 10:00
    const pauses = [pause('2026-09-15T11:00+08:00', '2026-09-15T15:00+08:00')];
    expect(deadlineAfter(shanghai, tuesday0900, pauses, 60)).toEqual(at('2026-09-15T10:00+08:00'));
    // and a pause that starts exactly at the due instant does not move it either
    expect(deadlineAfter(shanghai, tuesday0900, [pause('2026-09-15T10:00+08:00', '2026-09-15T11:00+08:00')], 60)).toEqual(
      at('2026-09-15T10:00+08:00'),
    );
  });

  it('keeps a limit that ran out at closing when a pause starts later that evening', () => {
    // given a one-hour limit from 16:30, due at closing 17:30; a pause from 20:00 overnight
    const pauses = [pause('2026-09-15T20:00+08:00', '2026-09-16T10:00+08:00')];
    expect(deadlineAfter(shanghai, at('2026-09-15T16:30+08:00'), pauses, 60)).toEqual(at('2026-09-15T17:30+08:00'));
  });

  it('adds up two pauses', () => {
    // given pauses of 30 min (09:30-10:00) and 60 min (14:00-15:00): 14:30 + 90 working minutes
    const pauses = [
      pause('2026-09-15T09:30+08:00', '2026-09-15T10:00+08:00'),
      pause('2026-09-15T14:00+08:00', '2026-09-15T15:00+08:00'),
    ];
    expect(deadlineAfter(shanghai, tuesday0900, pauses, 240)).toEqual(at('2026-09-15T16:00+08:00'));
  });

  it('counts a pause over a holiday run by its working minutes, not its days', () => {
    // given an eight-hour limit from Wed 09-30 09:00: 420 min on 09-30, due Thu 10-08 09:30
    const start = at('2026-09-30T09:00+08:00');
    expect(deadlineAfter(shanghai, start, [], 480)).toEqual(at('2026-10-08T09:30+08:00'));
    // when paused from 09-30 16:00 to 10-08 10:00: 90 + 90 working minutes over a 7-day run
    const pauses = [pause('2026-09-30T16:00+08:00', '2026-10-08T10:00+08:00')];
    // then 10-08 09:30 + 180 working minutes (150 before lunch, 30 after)
    expect(deadlineAfter(shanghai, start, pauses, 480)).toEqual(at('2026-10-08T14:00+08:00'));
  });

  it('refuses an unfinished pause', () => {
    expect(() => deadlineAfter(shanghai, tuesday0900, [pause('2026-09-15T10:00+08:00')], 240)).toThrow(RangeError);
  });
});

describe('planClock: every instant of a clock', () => {
  // an eight-hour target, warned at 50% and 80%, escalated at the breach, 1 h and 4 h after it
  const terms: ClockTerms = {
    targetMinutes: 480,
    warningPercents: [50, 80],
    ladder: [
      { level: 1, afterMinutes: 0 },
      { level: 2, afterMinutes: 60 },
      { level: 3, afterMinutes: 240 },
    ],
  };

  it('plans warnings, the due instant and each ladder level in working time', () => {
    expect(planClock(shanghai, tuesday0900, [], terms)).toEqual({
      // 240 min: 180 before lunch + 60
      warnings: [
        { percent: 50, at: at('2026-09-15T14:30+08:00') },
        // 384 min: 180 + 204 after lunch
        { percent: 80, at: at('2026-09-15T16:54+08:00') },
      ],
      // 480 min: 420 on Tuesday + 60 on Wednesday
      dueAt: at('2026-09-16T09:30+08:00'),
      ladder: [
        { level: 1, at: at('2026-09-16T09:30+08:00') },
        { level: 2, at: at('2026-09-16T10:30+08:00') },
        // 720 min: 420 + 210 Wednesday morning + 90 after lunch
        { level: 3, at: at('2026-09-16T15:00+08:00') },
      ],
    });
  });

  it('moves every instant after a pause, and none before it', () => {
    // given a one-hour pause 15:00-16:00 on Tuesday: the 50% warning (14:30) came before it
    const plan = planClock(shanghai, tuesday0900, [pause('2026-09-15T15:00+08:00', '2026-09-15T16:00+08:00')], terms);
    expect(plan.warnings).toEqual([
      { percent: 50, at: at('2026-09-15T14:30+08:00') },
      // 384 min: 270 before the pause, 90 after it on Tuesday, 24 on Wednesday
      { percent: 80, at: at('2026-09-16T08:54+08:00') },
    ]);
    expect(plan.dueAt).toEqual(at('2026-09-16T10:30+08:00'));
    expect(plan.ladder.map((l) => l.at)).toEqual([
      at('2026-09-16T10:30+08:00'),
      at('2026-09-16T11:30+08:00'),
      at('2026-09-16T16:00+08:00'),
    ]);
  });

  it('plans a warning on a fractional minute to the millisecond', () => {
    // given a 45-minute target: 50% is 22.5 minutes
    const plan = planClock(shanghai, tuesday0900, [], { targetMinutes: 45, warningPercents: [50], ladder: [] });
    expect(plan.warnings).toEqual([{ percent: 50, at: at('2026-09-15T09:22:30+08:00') }]);
  });
});

describe('workingMinutesRun: how far a clock has run', () => {
  it('leaves out a finished pause and lunch', () => {
    // given 09:00 to 15:00 (180 + 90 working minutes) with a 10:00-11:00 pause
    const pauses = [pause('2026-09-15T10:00+08:00', '2026-09-15T11:00+08:00')];
    expect(workingMinutesRun(shanghai, tuesday0900, pauses, at('2026-09-15T15:00+08:00'))).toBe(210);
  });

  it('counts an open pause as lasting until the instant asked about', () => {
    // given 09:00 to 14:00 (210 working minutes), paused since 10:00 (150 of them)
    expect(workingMinutesRun(shanghai, tuesday0900, [pause('2026-09-15T10:00+08:00')], at('2026-09-15T14:00+08:00'))).toBe(60);
  });

  it('ignores the parts of pauses before the start and after the instant asked about', () => {
    const pauses = [
      pause('2026-09-15T08:00+08:00', '2026-09-15T09:30+08:00'), // 30 min after the start
      pause('2026-09-15T16:00+08:00', '2026-09-15T17:00+08:00'), // after 11:00
    ];
    expect(workingMinutesRun(shanghai, tuesday0900, pauses, at('2026-09-15T11:00+08:00'))).toBe(90);
  });

  it('reads back the minutes deadlineAfter was given', () => {
    // the two functions agree: a clock has run exactly n minutes at its n-minute deadline
    const pauses = [
      pause('2026-09-15T09:30+08:00', '2026-09-15T10:00+08:00'),
      pause('2026-09-30T16:00+08:00', '2026-10-08T10:00+08:00'),
    ];
    for (const minutes of [1, 240, 480, 3000, 6000]) {
      expect(workingMinutesRun(shanghai, tuesday0900, pauses, deadlineAfter(shanghai, tuesday0900, pauses, minutes))).toBe(minutes);
    }
  });
});
