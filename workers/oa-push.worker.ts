import { z } from 'zod';
import type { OaDispatch } from '../domain/oa/events';
import { deliveryIdOf } from '../services/oa-outbox';
import { NOT_ENDED, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/**
 * `oa.push` (work-order.bpmn#Activity_PushToOa): the work order went to a department that works
 * in OA. Records the dispatch to OA on the work order (its `dispatchRef` is what OA's answers must
 * name) and queues the signed push; the outbox delivers it with retries. The process then waits
 * for OA's answers as messages, chasing OA when it stays silent for the endpoint's `answerWithin`.
 */
export const oaPushWorker = defineWorker({
  type: 'oa.push',
  input: z.object({ workOrderId: z.string().min(1), department: z.string().min(1) }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const endpoint = await deps.oa.endpointFor(input.department);
    if (!endpoint) throw new Error(`department ${input.department} has no OA endpoint (any more)`);
    const cause = `dispatched/${job.key}`;
    const oa: OaDispatch = { endpointId: endpoint._id, department: input.department, dispatchRef: deliveryIdOf(cause), stage: 'awaiting-acceptance' };
    const now = deps.clock.now();
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'pushed-to-oa', by: 'system', note: `to ${endpoint.name}`, elementId: job.elementId, jobKey: job.key },
      { $set: { oa } },
      now,
      NOT_ENDED,
    );
    const doc = await deps.workOrders.findById(input.workOrderId);
    if (doc?.oa?.dispatchRef === oa.dispatchRef) await deps.oaOutbox.push(endpoint, doc, 'work_order.dispatched', cause);
    return { complete: { oaAnswerWithin: endpoint.answerWithin } };
  },
});
