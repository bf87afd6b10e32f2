import { z } from 'zod';
import { isFinal, type ClockDoc } from '../adapters/mongo/sla.repository';
import { planClock, type Pause } from '../domain/sla/clock-plan';
import type { JournalEntry } from '../domain/sla/journal';
import { ClockKinds } from '../domain/sla/policy';
import { versionsOf } from '../services/sla-service';
import type { WorkOrderWorkerDeps } from './deps';
import { changeClock, followResolutionDue, journalLine, timersOf } from './sla-clock-kit';
import { defineWorker, type JobContext } from './worker-kit';

const Instant = z.iso.datetime({ offset: true });

const PlanInput = z.object({
  clockId: z.string().min(1),
  workOrderId: z.string().min(1),
  kind: z.enum(ClockKinds),
  startedAt: Instant,
  stepElementId: z.string().optional(),
  /** Set by the resume message; stays in the instance afterwards, so it counts only against an open pause. */
  resumedAt: Instant.optional(),
  /** Set by an admin's re-plan message; applied once per replanId. */
  replan: z.object({ replanId: z.string(), by: z.string(), reason: z.string() }).optional(),
});
type PlanInput = z.infer<typeof PlanInput>;

const finished = { complete: { finished: true } };

/**
 * `sla.plan` (sla-clock.bpmn#Activity_Plan): plans the clock with the policy and calendar versions
 * its work order is pinned to and hands the timers absolute instants. The first time, it records
 * the clock; after a pause it closes the pause and moves every instant out by the paused working
 * time; after an admin's re-plan it takes the versions the work order is pinned to now. Each plan
 * is journaled with its inputs, so an auditor can derive it again.
 */
export const slaPlanWorker = defineWorker({
  type: 'sla.plan',
  input: PlanInput,
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const now = deps.clock.now();
    const existing = await deps.sla.findClock(input.clockId);
    const clock = existing ?? (await recordClock(deps, input, job, now));
    if (!clock || isFinal(clock.state)) return finished;
    const planned = existing ? await replan(deps, input, job, now) : clock;
    await followResolutionDue(deps, planned, planned.plan.dueAt, now);
    return { complete: { finished: false, plan: timersOf(planned.plan, planned) } };
  },
});

/** The first plan: the clock's record and its `planned` line. Undefined when the work order measures no such clock. */
async function recordClock(deps: WorkOrderWorkerDeps, input: PlanInput, job: JobContext, now: Date): Promise<ClockDoc | undefined> {
  const workOrder = await deps.workOrders.findById(input.workOrderId);
  if (!workOrder?.sla) return undefined;
  const { policy, calendar } = await deps.slaService.pinned(workOrder.sla);
  const terms = deps.slaService.termsOf(policy, input.kind);
  if (!terms) return undefined;
  const startedAt = new Date(input.startedAt);
  const plan = planClock(calendar, startedAt, [], terms);
  const clock: Omit<ClockDoc, '_id' | 'revision'> = {
    clockId: input.clockId,
    workOrderId: input.workOrderId,
    kind: input.kind,
    ...(input.stepElementId ? { stepElementId: input.stepElementId } : {}),
    processInstanceKey: job.processInstanceKey,
    ...(workOrder.department ? { department: workOrder.department } : {}),
    type: workOrder.type,
    tier: workOrder.customer.tier,
    ...(workOrder.priority ? { priority: workOrder.priority } : {}),
    ...versionsOf({ policy, calendar }),
    terms,
    startedAt,
    pauses: [],
    plan,
    warned: [],
    levelReached: 0,
    replans: [],
    state: 'running',
    updatedAt: now,
    journal: [],
  };
  clock.journal.push({ ...journalLine(clock, 'planned', `${input.clockId}:planned`, job, now), startedAt, terms, pauses: [], plan });
  return deps.sla.createClock(clock);
}

/** Plans a running clock again: closes the pause the resume ended, applies an admin's re-plan, journals both. */
async function replan(deps: WorkOrderWorkerDeps, input: PlanInput, job: JobContext, now: Date): Promise<ClockDoc> {
  const entryId = `${input.clockId}:replanned:${job.key}`;
  const changed = await changeClock(deps, input.clockId, now, async (clock) => {
    // this job planned already (it is delivered again): its plan stands
    if (clock.journal.some((line) => line.entryId === entryId)) return undefined;
    const lines: JournalEntry[] = [];
    let { pauses, policy, calendar, terms, replans } = clock;
    const open = pauses.at(-1);
    if (open && !open.to && input.resumedAt && Date.parse(input.resumedAt) >= open.from.getTime()) {
      pauses = [...pauses.slice(0, -1), { from: open.from, to: new Date(input.resumedAt) }];
      lines.push({ ...journalLine(clock, 'resumed', `${clock.clockId}:resumed:${pauses.length}`, job, now), occurredAt: new Date(input.resumedAt) });
    }
    let cause: string | undefined;
    if (input.replan && !replans.includes(input.replan.replanId)) {
      const workOrder = await deps.workOrders.findById(clock.workOrderId);
      if (workOrder?.sla) {
        const pinned = await deps.slaService.pinned(workOrder.sla);
        // a policy that stopped measuring this kind leaves the clock on its old terms
        terms = deps.slaService.termsOf(pinned.policy, clock.kind) ?? terms;
        ({ policy, calendar } = versionsOf(pinned));
      }
      replans = [...replans, input.replan.replanId];
      cause = input.replan.reason;
    }
    const closed: Pause[] = pauses.filter((p) => p.to);
    const plan = planClock(await deps.slaService.calendarFor(calendar), clock.startedAt, closed, terms);
    const state = closed.length === pauses.length ? 'running' : 'paused';
    lines.push({
      ...journalLine({ ...clock, policy, calendar }, 'replanned', entryId, job, now),
      startedAt: clock.startedAt,
      terms,
      pauses: closed,
      plan,
      ...(cause ? { cause, by: input.replan!.by } : {}),
    });
    return { set: { pauses, policy, calendar, terms, replans, plan, state }, lines };
  });
  return changed ?? (await deps.sla.findClock(input.clockId))!;
}
