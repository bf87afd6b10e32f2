import { z } from 'zod';
import { relayToOa } from '../services/oa-relay';
import { NOT_ENDED, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/**
 * `oa.chase` (work-order.bpmn#Activity_ChaseOa): OA stayed silent on a pushed work order for its
 * endpoint's `answerWithin`. Records it, tells the department's supervisors (an escalation) and
 * urges OA with a push. The wait for OA's answer goes on.
 */
export const oaChaseWorker = defineWorker({
  type: 'oa.chase',
  input: z.object({ workOrderId: z.string().min(1), oaAnswerWithin: z.string().min(1) }),
  handle: (deps: WorkOrderWorkerDeps) => async (input, job) => {
    const now = deps.clock.now();
    const note = `OA did not answer within ${input.oaAnswerWithin}`;
    await deps.workOrders.applyOncePerJob(
      input.workOrderId,
      { at: now, action: 'oa-silent', by: 'system', note, elementId: job.elementId, jobKey: job.key },
      {},
      now,
      NOT_ENDED,
    );
    const doc = await deps.workOrders.findById(input.workOrderId);
    if (!doc) throw new Error(`work order ${input.workOrderId} has no record`);
    await deps.notifications.enqueue({
      key: `oa-silent/${job.key}`,
      kind: 'escalated',
      workOrderId: input.workOrderId,
      departments: doc.department ? [doc.department] : [],
      employees: [],
      audience: 'supervisors',
      subject: `Work order ${input.workOrderId}: ${note}`,
      createdAt: now,
    });
    await relayToOa(deps, doc, 'work_order.urged', `oa-silent/${job.key}`, { reason: note });
    return { complete: {} };
  },
});
