import { z } from 'zod';
import { relayToOa } from '../services/oa-relay';
import type { WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/** `ticket.cancel` (work-order.bpmn#Activity_RecordCancel): the owner's cancellation has ended the flow; the department is told. */
export const ticketCancelWorker = defineWorker({
  type: 'ticket.cancel',
  input: z.object({ workOrderId: z.string().min(1), department: z.string().optional() }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const now = deps.clock.now();
    const before = await deps.workOrders.findById(input.workOrderId);
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'flow-ended', by: 'system', to: 'cancelled', elementId: job.elementId, jobKey: job.key },
      { $set: { status: 'cancelled', tasks: [] } },
      now,
      { statusNotIn: ['closed'] },
    );
    if (input.department) {
      await deps.notifications.enqueue({
        key: `cancelled/${job.key}`,
        kind: 'cancelled',
        workOrderId: input.workOrderId,
        departments: [input.department],
        employees: [],
        audience: 'handlers',
        subject: `Work order ${input.workOrderId} was cancelled by its owner`,
        createdAt: now,
      });
    }
    if (before) await relayToOa(deps, before, 'work_order.cancelled', `cancelled/${job.key}`, { reason: before.cancellation?.reason });
    return { complete: {} };
  },
});
