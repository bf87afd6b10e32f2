import { Schema, type Connection, type Model, type Types } from 'mongoose';
import {
  Channels,
  CustomerTiers,
  WorkOrderStatuses,
  WorkOrderTypes,
  type RoutingDecision,
  type WorkOrderStatus,
} from '../../domain/work-order/work-order';

/** One line of a work order's history: who did what, from which status to which. */
export interface HistoryEntry {
  at: Date;
  action: string;
  by: string;
  from?: WorkOrderStatus;
  to?: WorkOrderStatus;
  note?: string;
}

export interface WorkOrderDoc {
  _id: Types.ObjectId;
  workOrderId: string;
  status: WorkOrderStatus;
  type: string;
  category: string;
  customerId: string;
  customerTier: string;
  region: string;
  channel: string;
  contactId?: string;
  ownerAgentId: string;
  description: string;
  routing?: RoutingDecision;
  processInstanceKey?: string;
  /** Instances that reached this work order after another one owned it, and were ended. */
  discardedInstanceKeys: string[];
  startAcceptedAt?: Date;
  routedAt?: Date;
  history: HistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const HistoryEntrySchema = new Schema<HistoryEntry>(
  {
    at: { type: Date, required: true },
    action: { type: String, required: true },
    by: { type: String, required: true },
    from: { type: String, enum: WorkOrderStatuses },
    to: { type: String, enum: WorkOrderStatuses },
    note: String,
  },
  { _id: false },
);

const RoutingSchema = new Schema<RoutingDecision>(
  { department: String, priority: String, timeLimitClass: String },
  { _id: false },
);

const WorkOrderSchema = new Schema<WorkOrderDoc>(
  {
    workOrderId: { type: String, required: true, unique: true },
    status: { type: String, enum: WorkOrderStatuses, required: true },
    type: { type: String, enum: WorkOrderTypes, required: true },
    category: { type: String, required: true },
    customerId: { type: String, required: true, index: true },
    customerTier: { type: String, enum: CustomerTiers, required: true },
    region: { type: String, required: true },
    channel: { type: String, enum: Channels, required: true },
    contactId: String,
    ownerAgentId: { type: String, required: true },
    description: { type: String, required: true },
    routing: { type: RoutingSchema, default: undefined },
    processInstanceKey: String,
    discardedInstanceKeys: { type: [String], default: [] },
    startAcceptedAt: Date,
    routedAt: Date,
    history: { type: [HistoryEntrySchema], default: [] },
    // set by the repository from the platform's Clock, not by mongoose from the system clock
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'work_orders', versionKey: false },
);
// the start reconciler's query: work orders not yet bound (pending or routing), oldest first
WorkOrderSchema.index({ status: 1, createdAt: 1 });

export type WorkOrderModel = Model<WorkOrderDoc>;

export function workOrderModel(connection: Connection): WorkOrderModel {
  return connection.model<WorkOrderDoc>('WorkOrder', WorkOrderSchema);
}
