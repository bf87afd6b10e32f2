import { z } from 'zod';
import { BpmnErrorCodes } from '../domain/work-order/errors';
import { RoutingDecisionSchema } from '../domain/work-order/work-order';
import type { WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/**
 * `ticket.route` (work-order.bpmn#Activity_Route): records the decision of routing.dmn on the
 * work order and binds the work order to this process instance. A redelivered job finds its
 * own binding and completes again without a second history entry. Hands the routed
 * department to the flow (`department`, read by Dispatch and the steps' candidate groups).
 */
export const ticketRouteWorker = defineWorker({
  type: 'ticket.route',
  input: z.object({ workOrderId: z.string().min(1), routing: RoutingDecisionSchema }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const outcome = await deps.workOrders.recordRouting(
      input.workOrderId,
      { key: job.processInstanceKey, definition: { key: job.processDefinitionKey, version: job.processDefinitionVersion } },
      input.routing,
      deps.clock.now(),
    );
    switch (outcome) {
      case 'recorded':
      case 'already-recorded':
        return { complete: { department: input.routing.department } };
      case 'owned-by-other':
        await deps.workOrders.recordDiscardedInstance(input.workOrderId, job.processInstanceKey, deps.clock.now());
        return {
          bpmnError: BpmnErrorCodes.DUPLICATE_INSTANCE,
          message: `work order ${input.workOrderId} belongs to another process instance`,
        };
      case 'missing':
        // the record is written before any instance starts, so this is a defect, not a race
        throw new Error(`work order ${input.workOrderId} has no record`);
    }
  },
});
