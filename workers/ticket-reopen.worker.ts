import { z } from 'zod';
import { NOT_ENDED, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/**
 * `ticket.reopen` (work-order.bpmn#Activity_Reopen): the customer was not satisfied; counts
 * the reopening once per job and hands the count to #Gateway_Escalate.
 */
export const ticketReopenWorker = defineWorker({
  type: 'ticket.reopen',
  input: z.object({ workOrderId: z.string().min(1) }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const now = deps.clock.now();
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'reopened', by: 'system', elementId: job.elementId, jobKey: job.key },
      { $inc: { reopenCount: 1 } },
      now,
      NOT_ENDED,
    );
    const current = await deps.workOrders.findById(input.workOrderId);
    if (!current) throw new Error(`work order ${input.workOrderId} has no record`);
    return { complete: { reopenCount: current.reopenCount } };
  },
});
