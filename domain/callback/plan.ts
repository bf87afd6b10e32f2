import { calendarDays, type BusinessCalendar, type WorkingInterval } from '../calendar';
import { DAY_MS, dayNumberOf } from '../calendar/civil-day';
import { afterAttempt, type AttemptOutcome, type AttemptRules } from '../outreach/attempt-rules';
import { callingTime, type CallingTime, type CallingWindows } from '../outreach/calling-windows';
import { exclusionOf, type ExclusionReason, type NumberFacts } from '../outreach/do-not-call';
import type { SurveyReply } from './survey';

/**
 * Why a callback places no (further) call:
 * - a do-not-call reason found before the call (blacklisted, exempt-line, do-not-disturb,
 *   do-not-call-window; `center-attempt-cap`: the number had the most calls the center allows
 *   across campaigns);
 * - `no-slot`: no calling window left before the callback's last day;
 * - after an attempt: `attempt-cap` (the callback's own cap), the final outcome itself
 *   (`invalid-number`, `fax`, `refused`), or `rule-stops` (the policy stops on that outcome).
 */
export type StopReason = Exclude<ExclusionReason, 'attempt-cap'> | 'center-attempt-cap' | 'no-slot' | 'attempt-cap' | 'fax' | 'refused' | 'rule-stops';

/**
 * Stops after which an e-mail survey may still be sent: the phone could not reach the customer.
 * Not after a refusal, a blacklist entry or the customer's "no callbacks": they asked not to be asked.
 */
export const allowsSurvey = (reason: StopReason): boolean => !['blacklisted', 'do-not-disturb', 'refused'].includes(reason);

/** A call needs this much of its calling span left (ms): one placed in the last minutes would ring past the closing time. */
export const MIN_SPAN_LEFT_MS = 5 * 60_000;

/** The calling time of one callback: its windows over its calendar version, and its last day. */
export interface CallbackSchedule {
  readonly time: CallingTime;
  /** The calendar's zone: the windows' wall clock. */
  readonly timeZone: string;
  /** The last civil day (YYYY-MM-DD, the calendar's zone) the callback may call on. */
  readonly lastDay: string;
  /** The end of that day: no call at or after it. */
  readonly deadline: Date;
  /** The start of a civil day (YYYY-MM-DD) in the calendar's zone. */
  dayStart(date: string): Date;
}

const WHOLE_DAY: readonly WorkingInterval[] = [{ start: '00:00', end: '24:00' }];

export function callbackSchedule(calendar: BusinessCalendar, windows: CallingWindows, startedAt: Date, withinDays: number): CallbackSchedule {
  const days = calendarDays(calendar);
  const lastDay = days.dayOf(startedAt.getTime()) + withinDays;
  const dayBounds = (day: number) => days.spansOf(day, WHOLE_DAY)[0]!;
  return {
    time: callingTime(calendar, windows),
    timeZone: calendar.timeZone,
    lastDay: new Date(lastDay * DAY_MS).toISOString().slice(0, 10),
    deadline: new Date(dayBounds(lastDay).end),
    dayStart: (date) => new Date(dayBounds(dayNumberOf(date)).start),
  };
}

/** What follows the last attempt (set once there was one). */
export interface Retry {
  readonly notBefore: Date;
  readonly inNextWindow: boolean;
}

export interface PlanFacts {
  readonly now: Date;
  readonly number: NumberFacts;
  readonly quietHours: readonly WorkingInterval[];
  /** Calls per number the center allows across campaigns and callbacks within its counting period. */
  readonly centerAttemptCap: number;
  /** Calls this callback placed so far, and its own cap. */
  readonly attemptsMade: number;
  readonly attemptCap: number;
  readonly retry?: Retry | undefined;
}

/** Call now, until the calling span ends (an agent's preview task leaves the queue then); later, at a slot; or never. */
export type PlanDecision =
  | { readonly next: 'now'; readonly until: Date }
  | { readonly next: 'later'; readonly at: Date }
  | { readonly next: 'stop'; readonly because: StopReason };

/** The first slot at or after `from` with at least MIN_SPAN_LEFT_MS of its calling span ahead, and the span's end. */
function usableSlot(time: CallingTime, from: Date, quiet: readonly WorkingInterval[]): { slot: Date; end: Date } | undefined {
  for (let start = from; ; ) {
    const slot = time.nextSlot(start, quiet);
    const end = slot && time.spanEnd(slot, quiet);
    if (!slot || !end) return undefined;
    if (end.getTime() - slot.getTime() >= MIN_SPAN_LEFT_MS) return { slot, end };
    start = end;
  }
}

const latest = (...instants: (Date | undefined)[]): Date => new Date(Math.max(...instants.filter((d): d is Date => d !== undefined).map((d) => d.getTime())));

/**
 * Decides, before every call, whether the customer may be called and when: never beyond the
 * callback's cap, never a number the do-not-call rules exclude, never outside the calling windows
 * (the customer's quiet hours left out), never before the day the customer asked for, never after
 * the callback's last day.
 */
export function planAttempt(schedule: CallbackSchedule, facts: PlanFacts): PlanDecision {
  if (facts.attemptsMade >= facts.attemptCap) return { next: 'stop', because: 'attempt-cap' };
  const excluded = exclusionOf(facts.number, { kind: 'callback', lastDay: schedule.lastDay, centerAttemptCap: facts.centerAttemptCap });
  if (excluded) return { next: 'stop', because: excluded === 'attempt-cap' ? 'center-attempt-cap' : excluded };
  const notBeforeDay = facts.number.preference?.notBefore;
  let from = latest(facts.now, facts.retry?.notBefore, notBeforeDay === undefined ? undefined : schedule.dayStart(notBeforeDay));
  if (facts.retry?.inNextWindow) {
    const nextWindow = schedule.time.nextWindowStart(facts.retry.notBefore, facts.quietHours);
    if (!nextWindow) return { next: 'stop', because: 'no-slot' };
    from = latest(from, nextWindow);
  }
  const usable = usableSlot(schedule.time, from, facts.quietHours);
  if (!usable || usable.slot.getTime() >= schedule.deadline.getTime()) return { next: 'stop', because: 'no-slot' };
  if (usable.slot.getTime() > facts.now.getTime()) return { next: 'later', at: usable.slot };
  return { next: 'now', until: new Date(Math.min(usable.end.getTime(), schedule.deadline.getTime())) };
}

/** What follows an attempt: the customer answered the survey, another call, or no more calls. */
export type AttemptStep =
  | { readonly next: 'reached'; readonly reply: SurveyReply }
  | { readonly next: 'retry'; readonly retry: Retry }
  | { readonly next: 'stop'; readonly because: StopReason };

/**
 * Judges attempt number `attemptsMade` by the attempt rules. Reaching the customer counts only
 * with an answer to the survey: a customer who picked up and answered nothing (no key, or the
 * agent recorded no answer) counts as not reached, and the rules for no answer apply.
 */
export function judgeAttempt(rules: AttemptRules, attempt: { outcome: AttemptOutcome; reply?: SurveyReply | undefined; endedAt: Date }, attemptsMade: number): AttemptStep {
  if (attempt.outcome === 'answered' && attempt.reply) return { next: 'reached', reply: attempt.reply };
  const outcome = attempt.outcome === 'answered' ? 'no-answer' : attempt.outcome;
  const after = afterAttempt(rules, outcome, attemptsMade, attempt.endedAt);
  if (after.next === 'retry') return { next: 'retry', retry: { notBefore: after.notBefore, inNextWindow: after.inNextWindow } };
  switch (after.because) {
    case 'final-outcome':
      return { next: 'stop', because: outcome as 'invalid-number' | 'fax' | 'refused' };
    case 'attempt-cap':
    case 'rule-stops':
      return { next: 'stop', because: after.because };
    case 'reached':
      // only an answered call is reached, and an answered call without a reply was judged as no answer above
      throw new Error('an answered attempt without a reply cannot be reached');
  }
}
