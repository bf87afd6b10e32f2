import { randomUUID } from 'node:crypto';
import type { HistoryEntry, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Clock } from '../domain/clock';
import { NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/identity/principal';
import { visibilityOf } from '../domain/work-order/access';
import type { AnnotationBody } from '../domain/work-order/actions';
import { InvalidReferenceError } from '../domain/work-order/errors';
import { WorkOrderStatuses } from '../domain/work-order/lifecycle';

export interface WorkOrderAnnotations {
  comment(principal: Principal, workOrderId: string, body: AnnotationBody<'comment'>): Promise<WorkOrderDoc>;
  attach(principal: Principal, workOrderId: string, body: AnnotationBody<'attachment'>): Promise<WorkOrderDoc>;
  /** Links two work orders the caller may both see as related, on both sides. */
  link(principal: Principal, workOrderId: string, body: AnnotationBody<'link'>): Promise<WorkOrderDoc>;
}

/**
 * Changes to the record alone (comments, attachments' metadata, related links): they move no
 * step of the flow, so they need no engine call, and appending keeps concurrent ones apart.
 * Each is a history entry too.
 */
export function createWorkOrderAnnotations(deps: { workOrders: WorkOrderRepository; clock: Clock }): WorkOrderAnnotations {
  const { workOrders, clock } = deps;

  async function visible(principal: Principal, workOrderId: string): Promise<WorkOrderDoc> {
    const found = await workOrders.findVisible(workOrderId, visibilityOf(principal));
    if (!found) throw new NotFoundError('work order', workOrderId);
    return found;
  }

  async function append(principal: Principal, workOrderId: string, action: string, note: string, push: Record<string, unknown>): Promise<WorkOrderDoc> {
    await visible(principal, workOrderId);
    const now = clock.now();
    const entry: HistoryEntry = { at: now, action, by: principal.employeeId, note };
    await workOrders.updateIf(workOrderId, { statusIn: WorkOrderStatuses }, { $push: { ...push, history: entry } }, now);
    return (await workOrders.findById(workOrderId))!;
  }

  return {
    comment(principal, workOrderId, { text }) {
      const comment = { commentId: randomUUID(), text, by: principal.employeeId, at: clock.now() };
      return append(principal, workOrderId, 'comment', text.slice(0, 200), { comments: comment });
    },

    attach(principal, workOrderId, body) {
      const attachment = { attachmentId: randomUUID(), ...body, by: principal.employeeId, at: clock.now() };
      return append(principal, workOrderId, 'attachment', `${body.fileName} (${body.contentType}, ${body.sizeBytes} bytes)`, { attachments: attachment });
    },

    async link(principal, workOrderId, { workOrderId: other, relation }) {
      const current = await visible(principal, workOrderId);
      if (other === workOrderId) throw new InvalidReferenceError('UNKNOWN_WORK_ORDER', 'a work order cannot be related to itself');
      if (!(await workOrders.findVisible(other, visibilityOf(principal)))) throw new InvalidReferenceError('UNKNOWN_WORK_ORDER', `work order ${other} does not exist`);
      const now = clock.now();
      if (!current.links.some((l) => l.workOrderId === other)) {
        await workOrders.updateLink(workOrderId, { workOrderId: other, relation }, now);
        await workOrders.updateLink(other, { workOrderId, relation }, now);
        const entry: HistoryEntry = { at: now, action: 'link', by: principal.employeeId, note: `related to ${other}` };
        await workOrders.updateIf(workOrderId, { statusIn: WorkOrderStatuses }, { $push: { history: entry } }, now);
      }
      return (await workOrders.findById(workOrderId))!;
    },
  };
}
