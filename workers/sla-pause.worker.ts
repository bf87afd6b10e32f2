import { z } from 'zod';
import { isFinal } from '../adapters/mongo/sla.repository';
import type { WorkOrderWorkerDeps } from './deps';
import { changeClock, journalLine } from './sla-clock-kit';
import { defineWorker } from './worker-kit';

/**
 * `sla.pause` (sla-clock.bpmn#Activity_Pause): the work order waits for the customer. The pause
 * starts when the department said so (the message's instant), not when the engine got here.
 */
export const slaPauseWorker = defineWorker({
  type: 'sla.pause',
  input: z.object({ clockId: z.string().min(1), pausedAt: z.iso.datetime({ offset: true }) }),
  handle: (deps: WorkOrderWorkerDeps) => async ({ clockId, pausedAt }, job) => {
    const now = deps.clock.now();
    const from = new Date(pausedAt);
    await changeClock(deps, clockId, now, (clock) => {
      const last = clock.pauses.at(-1);
      if (isFinal(clock.state) || (last && !last.to)) return undefined;
      const pauses = [...clock.pauses, { from }];
      return { set: { pauses, state: 'paused' }, lines: [{ ...journalLine(clock, 'paused', `${clockId}:paused:${pauses.length}`, job, now), occurredAt: from }] };
    });
    return { complete: {} };
  },
});
