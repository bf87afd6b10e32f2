import { z } from 'zod';
import { stopClocks } from '../services/clock-commands';
import { sendOwedCommands, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/**
 * `ticket.close` (work-order.bpmn#Activity_Close): the customer is satisfied; the work order is
 * archived (归档) and its resolution clock stops. #Activity_CloseUnreachable runs it with the task
 * header `closedAs: unreachable`: the callback could not reach the customer and the callback
 * policy closes such work orders, with that closure recorded.
 */
export const ticketCloseWorker = defineWorker({
  type: 'ticket.close',
  input: z.object({ workOrderId: z.string().min(1) }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const now = deps.clock.now();
    const unreachable = job.customHeaders['closedAs'] === 'unreachable';
    const current = await deps.workOrders.findById(input.workOrderId);
    if (!current) throw new Error(`work order ${input.workOrderId} has no record`);
    const stopped = stopClocks(current.clocks, () => true, 'stopped', now);
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'archived', by: 'system', to: 'closed', elementId: job.elementId, jobKey: job.key, ...(unreachable ? { note: 'closed as unreachable: the customer could not be reached' } : {}) },
      {
        $set: { status: 'closed', closedAt: now, tasks: [], clocks: stopped.clocks, ...(unreachable ? { closedAs: 'unreachable' } : {}) },
        $push: { engineCommands: { $each: stopped.commands } },
      },
      now,
      { statusNotIn: ['cancelled'] },
    );
    await sendOwedCommands(deps, input.workOrderId);
    return { complete: {} };
  },
});
