import { z } from 'zod';
import { isFinal } from '../adapters/mongo/sla.repository';
import type { WorkOrderWorkerDeps } from './deps';
import { changeClock, isStale, journalLine } from './sla-clock-kit';
import { defineWorker } from './worker-kit';

/**
 * `sla.warn` (sla-clock.bpmn#Activity_Warn, one per warning percent): journals the warning with
 * the instant it was due and the instant it fired, and tells the department and the person on
 * the step. A warning of a plan since replaced, or one sent already, changes nothing.
 */
export const slaWarnWorker = defineWorker({
  type: 'sla.warn',
  input: z.object({ clockId: z.string().min(1), warning: z.object({ percent: z.number(), at: z.string() }) }),
  handle: (deps: WorkOrderWorkerDeps) => async ({ clockId, warning }, job) => {
    const firedAt = deps.clock.now();
    await changeClock(deps, clockId, firedAt, async (clock) => {
      const dueAt = clock.plan.warnings.find((w) => w.percent === warning.percent)?.at;
      if (isFinal(clock.state) || clock.warned.includes(warning.percent) || isStale(dueAt, warning.at)) return undefined;
      const workOrder = await deps.workOrders.findById(clock.workOrderId);
      const taskId = workOrder?.clocks.find((c) => c.clockId === clockId)?.taskId;
      const step = workOrder?.tasks.find((t) => t.taskId === taskId);
      const people = [step?.assignee ?? workOrder?.handlerId, clock.kind === 'resolution' ? workOrder?.ownerAgentId : undefined].filter((p): p is string => p !== undefined);
      await deps.notifications.enqueue({
        key: `sla/${clockId}/warned/${warning.percent}`,
        kind: 'sla-warning',
        workOrderId: clock.workOrderId,
        departments: workOrder?.department ? [workOrder.department] : [],
        employees: [...new Set(people)],
        audience: 'handlers',
        subject: `Work order ${clock.workOrderId}: ${warning.percent}% of the ${clock.kind} time limit used; due ${dueAt!.toISOString()}`,
        createdAt: firedAt,
      });
      return {
        set: { warned: [...clock.warned, warning.percent] },
        lines: [{ ...journalLine(clock, 'warned', `${clockId}:warned:${warning.percent}`, job, firedAt), percent: warning.percent, dueAt, firedAt }],
      };
    });
    return { complete: {} };
  },
});
