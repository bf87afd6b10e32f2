import type { Connection } from 'mongoose';
import type { NewWorkOrder, RoutingDecision } from '../../domain/work-order/work-order';
import { workOrderModel, type HistoryEntry, type WorkOrderDoc } from './work-order.model';

/** Result of binding a process instance's routing to a work order. */
export type RoutingOutcome = 'recorded' | 'already-recorded' | 'owned-by-other' | 'missing';

export interface WorkOrderRepository {
  insertPending(workOrderId: string, input: NewWorkOrder, at: Date): Promise<WorkOrderDoc>;
  findById(workOrderId: string): Promise<WorkOrderDoc | null>;
  /** pending -> routing, once: the engine accepted the start. False when it had already moved on. */
  markStartAccepted(workOrderId: string, at: Date): Promise<boolean>;
  recordRouting(workOrderId: string, processInstanceKey: string, routing: RoutingDecision, at: Date): Promise<RoutingOutcome>;
  /** Notes, once per instance, that a stray instance reached the work order and was ended. */
  recordDiscardedInstance(workOrderId: string, processInstanceKey: string, at: Date): Promise<void>;
  /**
   * Work orders created before `before` that no process instance has bound yet (pending, or
   * routing with no instance: a start the engine took can still have started nothing, for
   * example before the process was deployed), oldest first.
   */
  findUnboundSince(before: Date, limit: number): Promise<WorkOrderDoc[]>;
}

const SYSTEM = 'system';

export function mongoWorkOrderRepository(connection: Connection): WorkOrderRepository {
  const WorkOrders = workOrderModel(connection);

  return {
    async insertPending(workOrderId, input, at) {
      const created: HistoryEntry = { at, action: 'created', by: input.ownerAgentId, to: 'pending' };
      const doc = await WorkOrders.create({ ...input, workOrderId, status: 'pending', history: [created], createdAt: at, updatedAt: at });
      return doc.toObject();
    },

    findById(workOrderId) {
      return WorkOrders.findOne({ workOrderId }).lean<WorkOrderDoc>().exec();
    },

    async markStartAccepted(workOrderId, at) {
      const entry: HistoryEntry = { at, action: 'process-start-accepted', by: SYSTEM, from: 'pending', to: 'routing' };
      const result = await WorkOrders.updateOne(
        { workOrderId, status: 'pending' },
        { $set: { status: 'routing', startAcceptedAt: at, updatedAt: at }, $push: { history: entry } },
      );
      return result.modifiedCount === 1;
    },

    async recordRouting(workOrderId, processInstanceKey, routing, at) {
      // Conditional single-document updates: only a work order that no instance owns yet can be
      // bound, so two instances racing for it cannot both win. The status read first makes the
      // history's `from` exact; if it moves underneath us (start accepted meanwhile), read again.
      // The status only moves forward, so a few attempts always suffice.
      for (let attempt = 1; attempt <= 3; attempt++) {
        const current = await WorkOrders.findOne({ workOrderId }, { status: 1, processInstanceKey: 1 })
          .lean<Pick<WorkOrderDoc, 'status' | 'processInstanceKey'>>()
          .exec();
        if (!current) return 'missing';
        if (current.processInstanceKey !== undefined) {
          return current.processInstanceKey === processInstanceKey ? 'already-recorded' : 'owned-by-other';
        }
        const entry: HistoryEntry = {
          at,
          action: 'routed',
          by: SYSTEM,
          from: current.status,
          to: 'routed',
          note: `${routing.department}, ${routing.priority}, limit class ${routing.timeLimitClass}`,
        };
        const bound = await WorkOrders.updateOne(
          { workOrderId, status: current.status, processInstanceKey: { $exists: false } },
          { $set: { status: 'routed', processInstanceKey, routing, routedAt: at, updatedAt: at }, $push: { history: entry } },
        );
        if (bound.modifiedCount === 1) return 'recorded';
      }
      throw new Error(`work order ${workOrderId} kept changing while its routing was recorded`);
    },

    async recordDiscardedInstance(workOrderId, processInstanceKey, at) {
      const entry: HistoryEntry = {
        at,
        action: 'duplicate-instance-discarded',
        by: SYSTEM,
        note: `process instance ${processInstanceKey} ended: the work order belongs to another instance`,
      };
      await WorkOrders.updateOne(
        { workOrderId, discardedInstanceKeys: { $ne: processInstanceKey } },
        { $set: { updatedAt: at }, $addToSet: { discardedInstanceKeys: processInstanceKey }, $push: { history: entry } },
      );
    },

    findUnboundSince(before, limit) {
      return WorkOrders.find({ status: { $in: ['pending', 'routing'] }, createdAt: { $lt: before } })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<WorkOrderDoc[]>()
        .exec();
    },
  };
}
