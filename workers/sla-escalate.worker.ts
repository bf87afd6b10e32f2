import { z } from 'zod';
import { isFinal } from '../adapters/mongo/sla.repository';
import type { ClockDoc } from '../adapters/mongo/sla.repository';
import type { OpenTask } from '../adapters/mongo/work-order.model';
import type { EscalationLevel } from '../domain/sla/policy';
import { isOpen } from '../domain/work-order/lifecycle';
import { Priorities, type Priority } from '../domain/work-order/work-order';
import type { WorkOrderWorkerDeps } from './deps';
import { changeClock, isStale, journalLine } from './sla-clock-kit';
import { defineWorker } from './worker-kit';

/** One step up: urgent stays urgent. */
const raised = (priority: Priority | undefined): Priority => Priorities[Math.max(0, Priorities.indexOf(priority ?? 'normal') - 1)]!;

/**
 * `sla.escalate` (escalation.bpmn#Activity_RecordEscalation): the clock reached a level of its
 * policy's ladder, by its timer or by urging (then: the level after the highest reached). Each
 * level happens once per clock: it is journaled, its audience told, and, when the level says so,
 * the open step goes to the first person told and the work order's priority goes up one step.
 * Answers whether a supervision order is to be opened.
 */
export const slaEscalateWorker = defineWorker({
  type: 'sla.escalate',
  input: z.object({
    clockId: z.string().min(1),
    workOrderId: z.string().min(1),
    cause: z.enum(['ladder', 'urging']),
    level: z.number().int().optional(),
    dueAt: z.string().optional(),
  }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const firedAt = deps.clock.now();
    let escalated: { level: number; openSupervision: boolean } | undefined;
    await changeClock(deps, input.clockId, firedAt, async (clock) => {
      const level = input.level ?? clock.levelReached + 1;
      const policy = await deps.slaService.policyVersion(clock.policy);
      const rung = policy?.ladder.find((l) => l.level === level);
      const dueAt = clock.plan.ladder.find((l) => l.level === level)?.at;
      if (isFinal(clock.state) || !rung || level <= clock.levelReached || (input.cause === 'ladder' && isStale(dueAt, input.dueAt))) return undefined;
      const workOrder = await deps.workOrders.findById(clock.workOrderId);
      const told = await deps.identity.supervisorsFor(rung.notify, workOrder?.department);
      await deps.notifications.enqueue({
        key: `sla/${clock.clockId}/level/${level}`,
        kind: 'sla-escalated',
        workOrderId: clock.workOrderId,
        departments: workOrder?.department ? [workOrder.department] : [],
        employees: told,
        audience: 'supervisors',
        subject: `Work order ${clock.workOrderId} escalated to level ${level} (${rung.notify}): ${clock.kind} limit ${input.cause === 'urging' ? 'urged past' : 'overrun'}`,
        createdAt: firedAt,
      });
      if (rung.raisePriority || (rung.reassign && told.length > 0)) await actOnWorkOrder(deps, clock, level, rung, told[0], job.elementId, firedAt);
      escalated = { level, openSupervision: rung.openSupervision };
      return {
        set: { levelReached: level },
        lines: [{ ...journalLine(clock, 'escalated', `${clock.clockId}:escalated:${level}`, job, firedAt), level, cause: input.cause, ...(input.cause === 'ladder' ? { dueAt } : {}), firedAt }],
      };
    });
    return { complete: { openSupervision: escalated?.openSupervision ?? false, level: escalated?.level ?? 0 } };
  },
});

/** A few optimistic rounds: people act on the work order while it escalates. */
const ATTEMPTS = 5;

/**
 * What the level does to the work order: the open step the clock measures (every open step, for
 * the resolution clock) goes to `to`, and the priority goes up one step. Once per clock and level,
 * whichever job gets there (the history line names both), against the revision read, so a person
 * acting at the same moment is not overwritten.
 */
async function actOnWorkOrder(deps: WorkOrderWorkerDeps, clock: ClockDoc, level: number, rung: EscalationLevel, to: string | undefined, elementId: string, at: Date): Promise<void> {
  const cause = `sla/${clock.clockId}/level/${level}`;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const workOrder = await deps.workOrders.findById(clock.workOrderId);
    if (!workOrder || !isOpen(workOrder.status) || workOrder.history.some((h) => h.jobKey === cause)) return;
    const taskId = workOrder.clocks.find((c) => c.clockId === clock.clockId)?.taskId;
    const reassign = rung.reassign && to !== undefined;
    const reassigned = (t: OpenTask): OpenTask => (reassign && (taskId === undefined || t.taskId === taskId) ? { ...t, assignee: to } : t);
    const note = [rung.raisePriority && `priority ${raised(workOrder.priority)}`, reassign && `step to ${to}`].filter(Boolean).join(', ');
    const entry = { at, action: 'sla-escalated', by: 'sla', note: `level ${level} (${clock.kind}): ${note}`, elementId, jobKey: cause };
    const change = { $set: { tasks: workOrder.tasks.map(reassigned), ...(rung.raisePriority ? { priority: raised(workOrder.priority) } : {}) }, $push: { history: entry } };
    if (await deps.workOrders.updateIf(workOrder.workOrderId, { revision: workOrder.revision }, change, at)) return;
  }
  throw new Error(`work order ${clock.workOrderId} kept changing while it escalated`);
}
