import { addWorkingMinutes, workingMinutesBetween, type BusinessCalendar } from '../calendar';

/** A stretch in which a clock stood still (the work order waited for the customer). */
export interface Pause {
  readonly from: Date;
  /** Absent while the pause lasts. */
  readonly to?: Date;
}

/** What a clock counts to, taken from the policy version the work order is on. */
export interface ClockTerms {
  readonly targetMinutes: number;
  readonly warningPercents: readonly number[];
  readonly ladder: readonly { readonly level: number; readonly afterMinutes: number }[];
}

/** Every instant a clock's timers wait for. */
export interface ClockPlan {
  readonly dueAt: Date;
  readonly warnings: readonly { readonly percent: number; readonly at: Date }[];
  readonly ladder: readonly { readonly level: number; readonly at: Date }[];
}

/**
 * The instant when `minutes` working minutes have run since `startedAt`, the working time inside
 * `pauses` not counting: a pause moves the deadline out by exactly the working time it lasted.
 * Pauses must be finished, in order and not overlapping; the parts before `startedAt` are ignored.
 */
export function deadlineAfter(calendar: BusinessCalendar, startedAt: Date, pauses: readonly Pause[], minutes: number): Date {
  let from = startedAt;
  let remaining = minutes;
  for (const pause of pauses) {
    if (!pause.to) throw new RangeError('a deadline is planned with finished pauses only');
    if (pause.to <= from) continue;
    const pauseStart = pause.from > from ? pause.from : from;
    const worked = workingMinutesBetween(calendar, from, pauseStart);
    // a limit reached before the pause began is due then, whatever the pause does
    if (remaining <= worked) return addWorkingMinutes(calendar, from, remaining);
    remaining -= worked;
    from = pause.to;
  }
  return addWorkingMinutes(calendar, from, remaining);
}

/** The plan of a clock: its warnings, its due instant and the instants of each escalation level. */
export function planClock(calendar: BusinessCalendar, startedAt: Date, pauses: readonly Pause[], terms: ClockTerms): ClockPlan {
  const after = (minutes: number): Date => deadlineAfter(calendar, startedAt, pauses, minutes);
  return {
    dueAt: after(terms.targetMinutes),
    warnings: terms.warningPercents.map((percent) => ({ percent, at: after((terms.targetMinutes * percent) / 100) })),
    ladder: terms.ladder.map(({ level, afterMinutes }) => ({ level, at: after(terms.targetMinutes + afterMinutes) })),
  };
}

/** Working minutes a clock has run by `until`, paused stretches left out (an open pause counts as lasting until `until`). */
export function workingMinutesRun(calendar: BusinessCalendar, startedAt: Date, pauses: readonly Pause[], until: Date): number {
  let run = workingMinutesBetween(calendar, startedAt, until);
  for (const pause of pauses) {
    const from = pause.from > startedAt ? pause.from : startedAt;
    const to = pause.to && pause.to < until ? pause.to : until;
    if (to > from) run -= workingMinutesBetween(calendar, from, to);
  }
  return run;
}
