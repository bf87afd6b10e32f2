import type { WorkOrderDoc } from '../adapters/mongo/work-order.model';

/** What the API shows of a work order: the record without storage internals. */
export function workOrderView(doc: WorkOrderDoc) {
  return {
    workOrderId: doc.workOrderId,
    status: doc.status,
    type: doc.type,
    category: doc.category,
    customerId: doc.customerId,
    customerTier: doc.customerTier,
    region: doc.region,
    channel: doc.channel,
    contactId: doc.contactId ?? null,
    ownerAgentId: doc.ownerAgentId,
    description: doc.description,
    routing: doc.routing ?? null,
    processInstanceKey: doc.processInstanceKey ?? null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    history: doc.history.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      by: h.by,
      from: h.from ?? null,
      to: h.to ?? null,
      note: h.note ?? null,
    })),
  };
}
