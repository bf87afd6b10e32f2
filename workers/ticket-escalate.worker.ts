import { z } from 'zod';
import { NOT_ENDED, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/**
 * `ticket.escalate` (work-order.bpmn#Activity_Escalate): a complaint reopened
 * `escalateAfterReopens` times becomes an escalated complaint (升级投诉): urgent priority, and
 * the department's supervisors are told.
 */
export const ticketEscalateWorker = defineWorker({
  type: 'ticket.escalate',
  input: z.object({ workOrderId: z.string().min(1), reopenCount: z.number().int(), department: z.string().min(1) }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const now = deps.clock.now();
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'escalated', by: 'system', note: `reopened ${input.reopenCount} times`, elementId: job.elementId, jobKey: job.key },
      { $set: { escalated: true, escalatedAt: now, priority: 'urgent' } },
      now,
      NOT_ENDED,
    );
    await deps.notifications.enqueue({
      key: `escalated/${job.key}`,
      kind: 'escalated',
      workOrderId: input.workOrderId,
      departments: [input.department],
      employees: [],
      audience: 'supervisors',
      subject: `Complaint ${input.workOrderId} escalated after ${input.reopenCount} reopenings`,
      createdAt: now,
    });
    return { complete: {} };
  },
});
