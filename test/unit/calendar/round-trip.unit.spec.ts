import { addWorkingMinutes, type BusinessCalendar, workingMinutesBetween } from '../../../domain/calendar';
import { berlinAroundTheClock, berlinOffice, berlinSundayNightShift, hongKong, shanghai } from './fixtures';

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const YEAR_2026 = [Date.parse('2026-01-01T00:00Z'), Date.parse('2027-01-01T00:00Z')] as const;

interface Case {
  start: Date;
  /** The limit as a whole number of milliseconds, and the same in minutes. */
  ms: number;
  minutes: number;
}

/** Starts anywhere in 2026, to the millisecond (inside and outside working time, on DST days too). */
function cases(seed: number, count: number, maxMinutes: number): Case[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const start = new Date(Math.floor(YEAR_2026[0] + next() * (YEAR_2026[1] - YEAR_2026[0])));
    const ms = Math.ceil(next() * maxMinutes * 60_000);
    return { start, ms, minutes: ms / 60_000 };
  });
}

const calendars: [string, BusinessCalendar, number][] = [
  ['Shanghai', shanghai, 30 * 450],
  ['Hong Kong', hongKong, 30 * 480],
  ['Berlin office', berlinOffice, 30 * 540],
  ['Berlin round the clock', berlinAroundTheClock, 30 * 1440],
  ['Berlin Sunday night shift', berlinSundayNightShift, 20 * 210],
];

describe.each(calendars)('round trips over 300 generated starts: %s', (_name, calendar, maxMinutes) => {
  const generated = cases(20_261_001, 300, maxMinutes);

  it('measures back exactly the minutes it added', () => {
    for (const { start, minutes } of generated) {
      const due = addWorkingMinutes(calendar, start, minutes);
      const elapsed = workingMinutesBetween(calendar, start, due);
      expect({ start, minutes, elapsed }).toEqual({ start, minutes, elapsed: minutes });
    }
  });

  it('measures back exactly the minutes it counted backwards', () => {
    for (const { start, minutes } of generated) {
      const begin = addWorkingMinutes(calendar, start, -minutes);
      const elapsed = workingMinutesBetween(calendar, begin, start);
      expect({ start, minutes, elapsed }).toEqual({ start, minutes, elapsed: minutes });
    }
  });

  it('is due at the earliest instant: one millisecond earlier, the limit has not run out', () => {
    for (const { start, ms, minutes } of generated) {
      const due = addWorkingMinutes(calendar, start, minutes);
      const elapsed = workingMinutesBetween(calendar, start, new Date(due.getTime() - 1));
      expect({ start, minutes, elapsed }).toEqual({ start, minutes, elapsed: (ms - 1) / 60_000 });
    }
  });

  it('adds in steps the same as at once', () => {
    for (const { start, ms, minutes } of generated) {
      const half = Math.floor(ms / 2);
      const halfway = addWorkingMinutes(calendar, start, half / 60_000);
      const due = addWorkingMinutes(calendar, halfway, (ms - half) / 60_000);
      expect({ start, minutes, due }).toEqual({ start, minutes, due: addWorkingMinutes(calendar, start, minutes) });
    }
  });
});
