import { z } from 'zod';
import type { WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/** An urge or a supervision as the API sent it in the message (variable `attention`). */
const AttentionSchema = z.object({
  attentionId: z.string().min(1),
  kind: z.enum(['urging', 'supervision']),
  by: z.string().min(1),
  note: z.string().optional(),
  at: z.iso.datetime(),
});

/**
 * `ticket.record-attention` (work-order.bpmn#Activity_RecordUrge and #Activity_RecordSupervision):
 * counts the urge (催办) or the supervision (督办) once, records it as a derived order of the work
 * order, and tells the handling department and the handler.
 */
export const ticketRecordAttentionWorker = defineWorker({
  type: 'ticket.record-attention',
  input: z.object({ workOrderId: z.string().min(1), attention: AttentionSchema }),
  handle: (deps: WorkOrderWorkerDeps) => async ({ workOrderId, attention }, job) => {
    const now = deps.clock.now();
    const urging = attention.kind === 'urging';
    await deps.workOrders.applyOncePerJob(
      workOrderId,
      { at: now, action: urging ? 'urged' : 'supervised', by: attention.by, ...(attention.note ? { note: attention.note } : {}), elementId: job.elementId, jobKey: job.key },
      {
        $inc: urging ? { urgeCount: 1 } : { superviseCount: 1 },
        $push: { attentions: { ...attention, at: new Date(attention.at) } },
      },
      now,
      // one count per urge even if the API sent the message twice and both were taken
      { newAttentionId: attention.attentionId },
    );
    const current = await deps.workOrders.findById(workOrderId);
    if (!current) throw new Error(`work order ${workOrderId} has no record`);
    await deps.notifications.enqueue({
      key: `attention/${attention.attentionId}`,
      kind: urging ? 'urged' : 'supervised',
      workOrderId,
      departments: current.department ? [current.department] : [],
      employees: current.handlerId ? [current.handlerId] : [],
      audience: 'handlers',
      subject: `Work order ${workOrderId} ${urging ? `urged by the customer (${current.urgeCount}x)` : `under supervision (${current.superviseCount}x)`}`,
      createdAt: now,
    });
    return { complete: {} };
  },
});
