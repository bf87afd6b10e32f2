import { z } from 'zod';
import type { WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/** `ticket.close` (work-order.bpmn#Activity_Close): the customer is satisfied; the work order is archived (归档). */
export const ticketCloseWorker = defineWorker({
  type: 'ticket.close',
  input: z.object({ workOrderId: z.string().min(1) }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const now = deps.clock.now();
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'archived', by: 'system', to: 'closed', elementId: job.elementId, jobKey: job.key },
      { $set: { status: 'closed', closedAt: now, tasks: [] } },
      now,
      { statusNotIn: ['cancelled'] },
    );
    return { complete: {} };
  },
});
