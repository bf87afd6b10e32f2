import { z } from 'zod';
import { isFinal } from '../adapters/mongo/sla.repository';
import type { WorkOrderWorkerDeps } from './deps';
import { changeClock, isStale, journalLine } from './sla-clock-kit';
import { defineWorker } from './worker-kit';

/**
 * `sla.breach` (sla-clock.bpmn#Activity_Breach): the clock ran past its due instant. Journaled
 * once: after a re-plan the due timer of a clock already breached fires again at once, to walk
 * the ladder's remaining levels, and finds the breach recorded.
 */
export const slaBreachWorker = defineWorker({
  type: 'sla.breach',
  input: z.object({ clockId: z.string().min(1), plan: z.object({ dueAt: z.string() }) }),
  handle: (deps: WorkOrderWorkerDeps) => async ({ clockId, plan }, job) => {
    const firedAt = deps.clock.now();
    await changeClock(deps, clockId, firedAt, (clock) => {
      if (isFinal(clock.state) || clock.breachedAt || isStale(clock.plan.dueAt, plan.dueAt)) return undefined;
      return { set: { breachedAt: firedAt }, lines: [{ ...journalLine(clock, 'breached', `${clockId}:breached`, job, firedAt), dueAt: clock.plan.dueAt, firedAt }] };
    });
    return { complete: {} };
  },
});
