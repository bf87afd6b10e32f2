import type { BusinessCalendar } from '../calendar';
import { planClock, workingMinutesRun, type ClockPlan, type ClockTerms, type Pause } from './clock-plan';
import type { ClockKind } from './policy';

/**
 * What happened to a clock. `planned` and `replanned` carry the inputs of the plan and the plan;
 * `warned`, `breached` and `escalated` the instant their timer was due and the instant the
 * platform saw it fire; the others the instant they happened.
 */
export const JournalEvents = ['planned', 'warned', 'paused', 'resumed', 'replanned', 'breached', 'escalated', 'met', 'late', 'cancelled'] as const;
export type JournalEvent = (typeof JournalEvents)[number];

export interface VersionRef {
  readonly id: string;
  readonly version: number;
}

/** One line of the SLA journal. Lines are only ever added. */
export interface JournalEntry {
  /** Names its cause (the engine job, or the clock and event), so a cause seen twice is journaled once. */
  readonly entryId: string;
  readonly clockId: string;
  readonly workOrderId: string;
  readonly kind: ClockKind;
  readonly event: JournalEvent;
  /** When the platform wrote the line. */
  readonly at: Date;
  /** The BPMN element of processes/sla-clock.bpmn (or escalation.bpmn) the event happened at. */
  readonly elementId: string;
  readonly processInstanceKey: string;
  readonly policy: VersionRef;
  readonly calendar: VersionRef;
  /** planned, replanned: the plan's inputs (start, terms, the pauses so far) and its result. */
  readonly startedAt?: Date;
  readonly terms?: ClockTerms;
  readonly pauses?: readonly Pause[];
  readonly plan?: ClockPlan;
  /** warned: which warning; escalated: which level. */
  readonly percent?: number;
  readonly level?: number;
  /** warned, breached, escalated by the ladder: the planned instant; firedAt: when the platform saw the timer fire. */
  readonly dueAt?: Date;
  readonly firedAt?: Date;
  /** paused, resumed, met, late, cancelled: when it happened (the action's instant, not the engine's). */
  readonly occurredAt?: Date;
  /** escalated: 'ladder' (its timer) or 'urging' (the n-th urge); replanned: why. */
  readonly cause?: string;
  readonly by?: string;
}

export interface Mismatch {
  readonly clockId: string;
  readonly entryId: string;
  readonly problem: string;
}

const same = (a: Date | undefined, b: Date | undefined): boolean => a?.getTime() === b?.getTime();
const iso = (d: Date | undefined): string => d?.toISOString() ?? 'nothing';

/**
 * Re-derives every deadline of one clock from its journal and the calendar versions the journal
 * names, and reports each line that disagrees: a plan that does not follow from its inputs, plan
 * inputs that are not what the journal says happened (start, pauses), a timer recorded against
 * an instant the plan in force did not have, one that fired before it was due, or a stop called
 * met or late against the working time the clock really ran (pauses left out).
 * `entries` are one clock's lines in the order they were written.
 */
export function rederiveClock(entries: readonly JournalEntry[], calendarOf: (ref: VersionRef) => BusinessCalendar | undefined): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const report = (entry: JournalEntry, problem: string): void => {
    mismatches.push({ clockId: entry.clockId, entryId: entry.entryId, problem });
  };
  const pauses: { from: Date; to?: Date }[] = [];
  let startedAt: Date | undefined;
  let plan: ClockPlan | undefined;
  let terms: ClockTerms | undefined;
  let calendar: BusinessCalendar | undefined;

  for (const entry of entries) {
    switch (entry.event) {
      case 'planned':
      case 'replanned': {
        if (!entry.startedAt || !entry.terms || !entry.plan || !entry.pauses) {
          report(entry, `${entry.event} without its inputs and plan`);
          break;
        }
        if (entry.event === 'planned') startedAt = entry.startedAt;
        else if (!same(startedAt, entry.startedAt)) report(entry, `started ${iso(entry.startedAt)}, but the clock was planned from ${iso(startedAt)}`);
        const journaled = pauses.filter((p) => p.to);
        if (journaled.length !== entry.pauses.length || journaled.some((p, i) => !same(p.from, entry.pauses![i]!.from) || !same(p.to, entry.pauses![i]!.to))) {
          report(entry, 'the plan counts other pauses than the journal records');
        }
        terms = entry.terms;
        calendar = calendarOf(entry.calendar);
        if (!calendar) {
          // nothing to derive with; the later lines are checked against the plan as journaled
          report(entry, `calendar ${entry.calendar.id} v${entry.calendar.version} is unknown`);
          plan = entry.plan;
          break;
        }
        const derived = planClock(calendar, entry.startedAt, journaled, entry.terms);
        if (!same(derived.dueAt, entry.plan.dueAt)) report(entry, `due ${iso(entry.plan.dueAt)}, re-derived ${iso(derived.dueAt)}`);
        derived.warnings.forEach((w, i) => {
          if (!same(w.at, entry.plan!.warnings[i]?.at)) report(entry, `warning at ${w.percent}% ${iso(entry.plan!.warnings[i]?.at)}, re-derived ${iso(w.at)}`);
        });
        derived.ladder.forEach((l, i) => {
          if (!same(l.at, entry.plan!.ladder[i]?.at)) report(entry, `level ${l.level} ${iso(entry.plan!.ladder[i]?.at)}, re-derived ${iso(l.at)}`);
        });
        plan = derived;
        break;
      }
      case 'paused':
        if (pauses.at(-1) && !pauses.at(-1)!.to) report(entry, 'paused while already paused');
        else pauses.push({ from: entry.occurredAt! });
        break;
      case 'resumed': {
        const open = pauses.at(-1);
        if (!open || open.to) report(entry, 'resumed without a pause');
        else open.to = entry.occurredAt!;
        break;
      }
      case 'warned':
      case 'breached':
      case 'escalated': {
        if (entry.event === 'escalated' && entry.cause === 'urging') break;
        const planned =
          entry.event === 'warned'
            ? plan?.warnings.find((w) => w.percent === entry.percent)?.at
            : entry.event === 'breached'
              ? plan?.dueAt
              : plan?.ladder.find((l) => l.level === entry.level)?.at;
        if (!same(planned, entry.dueAt)) report(entry, `${entry.event} against ${iso(entry.dueAt)}, but the plan in force says ${iso(planned)}`);
        if (entry.dueAt && entry.firedAt && entry.firedAt < entry.dueAt) report(entry, `fired ${entry.dueAt.getTime() - entry.firedAt.getTime()} ms early`);
        break;
      }
      case 'met':
      case 'late': {
        if (!calendar || !terms || !startedAt || !entry.occurredAt) break;
        const run = workingMinutesRun(calendar, startedAt, pauses, entry.occurredAt);
        if ((entry.event === 'met') !== run <= terms.targetMinutes) report(entry, `${entry.event} after ${run} working minutes against a target of ${terms.targetMinutes}`);
        break;
      }
      case 'cancelled':
        break;
    }
  }
  return mismatches;
}
