import type { UpdateQuery } from 'mongoose';
import type { ClockDoc } from '../adapters/mongo/sla.repository';
import type { ClockPlan } from '../domain/sla/clock-plan';
import type { JournalEntry, JournalEvent } from '../domain/sla/journal';
import { OpenStatuses } from '../domain/work-order/lifecycle';
import type { WorkOrderWorkerDeps } from './deps';
import type { JobContext } from './worker-kit';

/** A few optimistic rounds: the warning and due branches of one clock may write at the same moment. */
const ATTEMPTS = 5;

/** What a job changes on a clock: fields, and the journal lines that say why. */
export interface ClockChange {
  readonly set: Partial<ClockDoc>;
  readonly lines: readonly JournalEntry[];
}

/**
 * Reads the clock, lets `decide` say what changes (undefined: nothing), and writes the change and
 * its journal lines in one update against the revision read, so a line is journaled exactly when
 * its change is made. Another job of the same clock that wrote first (a timer firing while the
 * clock is paused) makes it read and decide again. Returns the clock as written.
 */
export async function changeClock(deps: Pick<WorkOrderWorkerDeps, 'sla'>, clockId: string, at: Date, decide: (clock: ClockDoc) => ClockChange | undefined | Promise<ClockChange | undefined>): Promise<ClockDoc | undefined> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const clock = await deps.sla.findClock(clockId);
    if (!clock) throw new Error(`clock ${clockId} has no record`);
    const change = await decide(clock);
    if (!change) return undefined;
    const update: UpdateQuery<ClockDoc> = { $set: { ...change.set, updatedAt: at }, $push: { journal: { $each: change.lines } } };
    if (await deps.sla.updateClock(clockId, clock.revision, update)) return { ...clock, ...change.set, journal: [...clock.journal, ...change.lines] };
  }
  throw new Error(`clock ${clockId} kept changing`);
}

/** The fields every journal line of `clock` shares. */
export function journalLine(clock: Pick<ClockDoc, 'clockId' | 'workOrderId' | 'kind' | 'policy' | 'calendar'>, event: JournalEvent, entryId: string, job: JobContext, at: Date): JournalEntry {
  return {
    entryId,
    clockId: clock.clockId,
    workOrderId: clock.workOrderId,
    kind: clock.kind,
    event,
    at,
    elementId: job.elementId,
    processInstanceKey: job.processInstanceKey,
    policy: clock.policy,
    calendar: clock.calendar,
  };
}

/** The plan as the timers read it: ISO instants, and only what is still to come (no warning or level twice). */
export function timersOf(
  plan: ClockPlan,
  clock: Pick<ClockDoc, 'warned' | 'levelReached'>,
): { dueAt: string; warnings: { percent: number; at: string }[]; ladder: { level: number; at: string }[] } {
  return {
    dueAt: plan.dueAt.toISOString(),
    warnings: plan.warnings.filter((w) => !clock.warned.includes(w.percent)).map((w) => ({ percent: w.percent, at: w.at.toISOString() })),
    ladder: plan.ladder.filter((l) => l.level > clock.levelReached).map((l) => ({ level: l.level, at: l.at.toISOString() })),
  };
}

/** The work order's due instant follows its resolution clock, for lists, the inbox and the overdue filter. */
export async function followResolutionDue(deps: Pick<WorkOrderWorkerDeps, 'workOrders'>, clock: ClockDoc, dueAt: Date, at: Date): Promise<void> {
  if (clock.kind !== 'resolution') return;
  // unchanged (the first plan: dispatch set it already): no write, so the revision people act on stays
  if ((await deps.workOrders.findById(clock.workOrderId))?.dueAt?.getTime() === dueAt.getTime()) return;
  await deps.workOrders.updateIf(clock.workOrderId, { statusIn: OpenStatuses }, { $set: { dueAt } }, at);
}

/** A job whose timer belonged to a plan since replaced (the clock was paused or re-planned meanwhile). */
export const isStale = (planned: Date | undefined, due: string | undefined): boolean => planned === undefined || due === undefined || planned.getTime() !== Date.parse(due);
