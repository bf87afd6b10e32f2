import { z } from 'zod';
import type { WorkOrderChange } from '../adapters/mongo/work-order.repository';
import { resolutionClockId } from '../domain/sla/process';
import { receivingDepartment } from '../domain/work-order/lifecycle';
import { RoutingDecisionSchema } from '../domain/work-order/work-order';
import { startClock } from '../services/clock-commands';
import { runningClock, versionsOf } from '../services/sla-service';
import { NOT_ENDED, sendOwedCommands, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/**
 * `ticket.dispatch` (work-order.bpmn#Activity_Dispatch): hands the work order to `department`
 * (routed, transferred or re-routed there) and tells the department, which accepts it at
 * #Activity_Accept, or, when the department works in OA (`viaOa`), gets it pushed there. The first dispatch pins the SLA policy and business calendar versions the
 * work order's clocks will count with, and starts its resolution clock. A department that is
 * disabled or unknown does not get it: the dispatch desk does, and the flow's `department` says so.
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
    // the units as stored now: a department disabled a moment ago in the API's process gets nothing more
    const department = receivingDepartment(input.department, await deps.identity.unitNow(input.department));
    const set: Record<string, unknown> = { department, dispatchedAt: now, dispatcherId };
    const change: WorkOrderChange = { $set: set, $unset: { handlerId: 1, acceptedAt: 1 } };
    const terms = current.sla ? undefined : await deps.slaService.choose({ ...current, priority: input.routing.priority });
    if (terms) {
      const clock = runningClock(resolutionClockId(input.workOrderId), 'resolution', now);
      set.sla = { ...versionsOf(terms), pinnedAt: now, replans: 0 };
      const dueAt = deps.slaService.dueAt(terms, 'resolution', now);
      if (dueAt) set.dueAt = dueAt;
      change.$push = { clocks: clock, engineCommands: startClock(input.workOrderId, clock, now) };
    }
    const note = department === input.department ? `to ${department}` : `to ${department}: ${input.department} takes no work orders (disabled or unknown)`;
    const applied = await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'dispatched', by: dispatcherId, note, elementId: job.elementId, jobKey: job.key },
      change,
      now,
      NOT_ENDED,
    );
    // a redelivered job keeps the department its first delivery recorded, whatever the units say now
    const receiving = applied ? department : ((await deps.workOrders.findById(input.workOrderId))?.department ?? department);
    await sendOwedCommands(deps, input.workOrderId);
    // a department that works in OA gets the work order pushed there (work-order.bpmn#Activity_PushToOa)
    const viaOa = (await deps.oa.endpointFor(receiving)) !== null;
    if (viaOa) return { complete: { viaOa, department: receiving } };
    await deps.notifications.enqueue({
      key: `dispatched/${job.key}`,
      kind: 'dispatched',
      workOrderId: input.workOrderId,
      departments: [receiving],
      employees: [],
      audience: 'handlers',
      subject: `Work order ${input.workOrderId} dispatched to your department`,
      createdAt: now,
    });
    return { complete: { viaOa, department: receiving } };
  },
});
