import { z } from 'zod';
import { isFinal } from '../adapters/mongo/sla.repository';
import { workingMinutesRun } from '../domain/sla/clock-plan';
import type { WorkOrderWorkerDeps } from './deps';
import { changeClock, journalLine } from './sla-clock-kit';
import { defineWorker } from './worker-kit';

/**
 * `sla.stop` (sla-clock.bpmn#Activity_Stop): the step or the work order ended. Met when the
 * working time run, pauses left out, is within the target; late otherwise, with the wall-clock
 * time past the due instant; cancelled when the work order was.
 */
export const slaStopWorker = defineWorker({
  type: 'sla.stop',
  input: z.object({ clockId: z.string().min(1), stoppedAt: z.iso.datetime({ offset: true }), outcome: z.enum(['stopped', 'cancelled']) }),
  handle: (deps: WorkOrderWorkerDeps) => async ({ clockId, stoppedAt, outcome }, job) => {
    const now = deps.clock.now();
    const at = new Date(stoppedAt);
    await changeClock(deps, clockId, now, async (clock) => {
      if (isFinal(clock.state)) return undefined;
      const calendar = await deps.slaService.calendarFor(clock.calendar);
      const late = workingMinutesRun(calendar, clock.startedAt, clock.pauses, at) > clock.terms.targetMinutes;
      const state = outcome === 'cancelled' ? 'cancelled' : late ? 'late' : 'met';
      const latenessMs = state === 'late' ? Math.max(0, at.getTime() - clock.plan.dueAt.getTime()) : undefined;
      const workOrder = await deps.workOrders.findById(clock.workOrderId);
      return {
        set: { state, stoppedAt: at, ...(latenessMs === undefined ? {} : { latenessMs }), ...(workOrder?.department ? { department: workOrder.department } : {}) },
        lines: [{ ...journalLine(clock, state, `${clockId}:stopped`, job, now), occurredAt: at }],
      };
    });
    return { complete: {} };
  },
});
