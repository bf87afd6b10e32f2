import { z } from 'zod';
import type { Attention, EngineCommand, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import { urgeClock } from '../services/clock-commands';
import { relayToOa } from '../services/oa-relay';
import { sendOwedCommands, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/** Which derived order each task of work-order.bpmn records. */
const KIND_OF_ELEMENT: Record<string, Attention['kind']> = {
  Activity_RecordUrge: 'urging',
  Activity_RecordSupervision: 'supervision',
};

/** A few optimistic rounds: other writers of the work order (a second urge) move its revision. */
const ATTEMPTS = 5;

/**
 * `ticket.record-attention` (work-order.bpmn#Activity_RecordUrge and #Activity_RecordSupervision):
 * counts the urges (催办) or supervisions (督办) the API recorded and the process has not counted
 * yet, and tells the handling department and the handler. The requests come from the record,
 * not from message variables: two messages arriving together would share one process variable.
 * A job that finds nothing left to count (another job counted it, or it is redelivered) changes nothing.
 */
export const ticketRecordAttentionWorker = defineWorker({
  type: 'ticket.record-attention',
  input: z.object({ workOrderId: z.string().min(1) }),
  handle: (deps: WorkOrderWorkerDeps) => async ({ workOrderId }, job) => {
    const kind = KIND_OF_ELEMENT[job.elementId];
    if (!kind) throw new Error(`ticket.record-attention does not know element ${job.elementId}`);
    const urging = kind === 'urging';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const current = await deps.workOrders.findById(workOrderId);
      if (!current) throw new Error(`work order ${workOrderId} has no record`);
      const uncounted = current.attentions.filter((a) => a.kind === kind && a.recordedAt === undefined);
      if (uncounted.length === 0) return { complete: {} };
      const now = deps.clock.now();
      const before = urging ? current.urgeCount : current.superviseCount;
      const count = before + uncounted.length;
      const escalations = urging ? await urgeEscalations(deps, current, before, count, now) : [];
      // told first, keyed by the request: a crash after this and before the count tells no one twice
      for (const attention of uncounted) {
        await deps.notifications.enqueue({
          key: `attention/${attention.attentionId}`,
          kind: urging ? 'urged' : 'supervised',
          workOrderId,
          departments: current.department ? [current.department] : [],
          employees: current.handlerId ? [current.handlerId] : [],
          audience: 'handlers',
          subject: `Work order ${workOrderId} ${urging ? 'urged by the customer' : 'under supervision'} (${count}x)`,
          createdAt: now,
        });
        await relayToOa(deps, current, urging ? 'work_order.urged' : 'work_order.supervised', `attention/${attention.attentionId}`, {
          ...(attention.note ? { reason: attention.note } : {}),
        });
      }
      const counted = await deps.workOrders.updateIf(
        workOrderId,
        { revision: current.revision },
        {
          $set: { attentions: current.attentions.map((a) => (uncounted.includes(a) ? { ...a, recordedAt: now } : a)) },
          $inc: urging ? { urgeCount: uncounted.length } : { superviseCount: uncounted.length },
          $push: {
            engineCommands: { $each: escalations },
            history: {
              $each: uncounted.map((a) => ({ at: now, action: urging ? 'urged' : 'supervised', by: a.by, ...(a.note ? { note: a.note } : {}), elementId: job.elementId, jobKey: job.key })),
            },
          },
        },
        now,
      );
      if (counted) {
        if (escalations.length > 0) await sendOwedCommands(deps, workOrderId);
        return { complete: {} };
      }
    }
    throw new Error(`work order ${workOrderId} kept changing while its ${kind} was counted`);
  },
});

/**
 * The policy may raise the work order one level every n-th urge (e.g. the third urge of a VIP):
 * one message to the running resolution clock per multiple of n the count passes.
 */
async function urgeEscalations(deps: WorkOrderWorkerDeps, workOrder: WorkOrderDoc, before: number, after: number, now: Date): Promise<EngineCommand[]> {
  const clock = workOrder.clocks.find((c) => c.kind === 'resolution' && c.running);
  if (!clock || !workOrder.sla) return [];
  const every = (await deps.slaService.pinned(workOrder.sla)).policy.escalateEveryUrges;
  if (!every) return [];
  const commands: EngineCommand[] = [];
  for (let urges = before + 1; urges <= after; urges++) if (urges % every === 0) commands.push(urgeClock(clock, urges, now));
  return commands;
}
