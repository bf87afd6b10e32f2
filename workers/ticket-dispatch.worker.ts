import { z } from 'zod';
import { dueAtFor } from '../domain/work-order/time-limits';
import { RoutingDecisionSchema } from '../domain/work-order/work-order';
import { NOT_ENDED, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/**
 * `ticket.dispatch` (work-order.bpmn#Activity_Dispatch): hands the work order to `department`
 * (routed, transferred or re-routed there), starts its time limit on the first dispatch, and
 * tells the department. The department accepts it at #Activity_Accept.
 */
export const ticketDispatchWorker = defineWorker({
  type: 'ticket.dispatch',
  input: z.object({
    workOrderId: z.string().min(1),
    department: z.string().min(1),
    routing: RoutingDecisionSchema,
    /** Who sent it here last: the handler who transferred it or the dispatcher who re-routed it. */
    dispatchedBy: z.string().optional(),
  }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const now = deps.clock.now();
    const current = await deps.workOrders.findById(input.workOrderId);
    if (!current) throw new Error(`work order ${input.workOrderId} has no record`);
    const dispatcherId = input.dispatchedBy ?? 'routing.dmn';
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'dispatched', by: dispatcherId, note: `to ${input.department}`, elementId: job.elementId, jobKey: job.key },
      {
        $set: { department: input.department, dispatchedAt: now, dispatcherId, ...(current.dueAt ? {} : { dueAt: dueAtFor(input.routing.timeLimitClass, now) }) },
        $unset: { handlerId: 1, acceptedAt: 1 },
      },
      now,
      NOT_ENDED,
    );
    await deps.notifications.enqueue({
      key: `dispatched/${job.key}`,
      kind: 'dispatched',
      workOrderId: input.workOrderId,
      departments: [input.department],
      employees: [],
      audience: 'handlers',
      subject: `Work order ${input.workOrderId} dispatched to your department`,
      createdAt: now,
    });
    return { complete: {} };
  },
});
