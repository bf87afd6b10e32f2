import { z } from 'zod';
import type { Attention } from '../adapters/mongo/work-order.model';
import { OpenStatuses } from '../domain/work-order/lifecycle';
import { WorkOrderProcess } from '../domain/work-order/process';
import { publishCommand } from '../services/engine-commands';
import { sendOwedCommands, type WorkOrderWorkerDeps } from './deps';
import { defineWorker } from './worker-kit';

/** A few optimistic rounds: the work order's other writers move its revision. */
const ATTEMPTS = 5;

/**
 * `sla.open-supervision` (escalation.bpmn#Activity_OpenSupervision): opens a supervision order
 * (督办) on the work order in the escalation's name, the way a supervisor's request does: recorded
 * on the work order, then counted by the work-order process (ticket-supervised). Once per level.
 */
export const slaOpenSupervisionWorker = defineWorker({
  type: 'sla.open-supervision',
  input: z.object({ clockId: z.string().min(1), workOrderId: z.string().min(1), level: z.number().int().min(1) }),
  handle: (deps: WorkOrderWorkerDeps) => async ({ clockId, workOrderId, level }) => {
    const now = deps.clock.now();
    const attentionId = `sla/${clockId}/level/${level}`;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const workOrder = await deps.workOrders.findById(workOrderId);
      // a closed work order needs no supervision; one opened already is not opened twice
      if (!workOrder || !OpenStatuses.includes(workOrder.status) || workOrder.attentions.some((a) => a.attentionId === attentionId)) break;
      const attention: Attention = { attentionId, kind: 'supervision', by: 'sla', note: `SLA escalation level ${level}`, at: now };
      const command = publishCommand(WorkOrderProcess.messages.supervised, `attention/${attentionId}`, {}, now);
      if (await deps.workOrders.updateIf(workOrderId, { revision: workOrder.revision }, { $push: { attentions: attention, engineCommands: command } }, now)) break;
    }
    await sendOwedCommands(deps, workOrderId);
    return { complete: {} };
  },
});
