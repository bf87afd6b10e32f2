import { Schema, type Connection, type Model } from 'mongoose';
import { Channels, CustomerTiers, Priorities, WorkOrderTypes, type CustomerTier, type Priority, type RoutingDecision } from '../../domain/work-order/work-order';
import { Flows, WorkOrderStatuses, type Flow, type WorkOrderStatus } from '../../domain/work-order/lifecycle';
import type { VersionRef } from '../../domain/sla/journal';
import type { ClockKind } from '../../domain/sla/policy';
import type { OaDispatch } from '../../domain/oa/events';
import type { CallbackResult } from '../../domain/callback/process';

/** One line of a work order's history: who did what, when, from which status to which. */
export interface HistoryEntry {
  at: Date;
  action: string;
  by: string;
  from?: WorkOrderStatus;
  to?: WorkOrderStatus;
  note?: string;
  /** The BPMN element the entry is about (a step started or completed). */
  elementId?: string;
  /** The engine job that wrote the entry: a redelivered job finds it and changes nothing. */
  jobKey?: string;
}

/** A human step the engine is waiting at (a job-based user task the inbox worker recorded). */
export interface OpenTask {
  taskId: string;
  elementId: string;
  candidateGroups: string[];
  assignee?: string;
  createdAt: Date;
}

/** A department asked to collaborate, and its answer. */
export interface Collaboration {
  department: string;
  request: string;
  requestedBy: string;
  requestedAt: Date;
  feedback?: string;
  by?: string;
  at?: Date;
}

/**
 * An urge or a supervision: a derived order recorded on the work order it concerns. The API
 * records the request; the process counts it (`recordedAt`) when its message arrives.
 */
export interface Attention {
  attentionId: string;
  kind: 'urging' | 'supervision';
  by: string;
  note?: string;
  at: Date;
  recordedAt?: Date;
}

/**
 * A call the engine still owes the platform (complete a step, publish a message), stored in the
 * same update as the change that caused it, so a crash or an unreachable engine loses nothing:
 * the engine reconciler sends what is left.
 */
export interface EngineCommand {
  commandId: string;
  kind: 'complete-job' | 'publish-message';
  jobKey?: string;
  messageName?: string;
  messageId?: string;
  /** Messages to one of the work order's SLA clocks correlate by the clock id; the rest by the work-order id. */
  correlationKey?: string;
  /** How long the engine keeps an uncorrelated message (ms); the engine's default for work-order messages otherwise. */
  timeToLiveMs?: number;
  variables: Record<string, unknown>;
  createdAt: Date;
}

/** A remark on the work order by someone working on it. */
export interface Comment {
  commentId: string;
  text: string;
  by: string;
  at: Date;
}

/** Metadata of a file attached to the work order (the file itself lives in the document store). */
export interface Attachment {
  attachmentId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  by: string;
  at: Date;
}

/** The SLA policy and calendar versions the work order's clocks count with, pinned at its first dispatch. */
export interface SlaPin {
  policy: VersionRef;
  calendar: VersionRef;
  pinnedAt: Date;
  /** Re-plans by an admin so far (each re-pins to the versions current then). */
  replans: number;
}

/** One SLA clock of the work order (processes/sla-clock.bpmn); `running` until the platform stops it. */
export interface WorkOrderClock {
  clockId: string;
  kind: ClockKind;
  /** The step job that started it (step clocks). */
  taskId?: string;
  startedAt: Date;
  running: boolean;
}

/**
 * An automated callback of the work order (processes/customer-callback.bpmn), as the work order
 * shows it; the callback's own record (`callbacks`) keeps the call ids, slots and the survey.
 */
export interface WorkOrderCallback {
  callbackId: string;
  mode: string;
  startedAt: Date;
  /** planned, waiting (for the next calling slot), calling, survey (the e-mail survey awaits its answer), finished. */
  state: string;
  /** The calling slot a waiting callback waits for. */
  waitingUntil?: Date;
  attempts: { n: number; at: Date; outcome: string; answer?: string }[];
  survey?: { sentAt: Date; expiresAt: Date; answeredAt?: Date };
  result?: { outcome: CallbackResult; reason?: string; at: Date };
}

export interface Customer {
  customerId: string;
  name: string;
  tier: CustomerTier;
  region: string;
  phone: string;
}

/** A deployed version of work-order.bpmn, as the engine names it. */
export interface ProcessDefinitionRef {
  key: string;
  version: number;
}

export interface WorkOrderDoc {
  /**
   * The work-order id again: FerretDB v1 narrows a query through SQLite only by `_id`, and scans
   * (decoding every document) for any other field, indexed or not.
   */
  _id: string;
  workOrderId: string;
  status: WorkOrderStatus;
  /** Grows with every change; actions update only the revision they read (optimistic lock). */
  revision: number;
  type: string;
  category: string;
  description: string;
  contactId: string;
  eventId: string;
  customer: Customer;
  channel: string;
  ownerAgentId: string;
  parentWorkOrderId?: string;
  links: { workOrderId: string; relation: 'parent' | 'child' | 'related' }[];
  comments: Comment[];
  attachments: Attachment[];
  routing?: RoutingDecision;
  /** The department that has the work order now (routing, transfer, re-routing change it). */
  department?: string;
  priority?: Priority;
  flow?: Flow;
  dueAt?: Date;
  dispatchedAt?: Date;
  dispatcherId?: string;
  acceptedAt?: Date;
  handlerId?: string;
  feedback?: { text: string; by: string; at: Date };
  collaborations: Collaboration[];
  tasks: OpenTask[];
  reopenCount: number;
  urgeCount: number;
  superviseCount: number;
  attentions: Attention[];
  escalated: boolean;
  escalatedAt?: Date;
  cancellation?: { reason: string; by: string; at: Date };
  closedAt?: Date;
  /** Closed without the customer's answer: the callback could not reach them (work-order.bpmn#Activity_CloseUnreachable). */
  closedAs?: 'unreachable';
  /** Automated callbacks, oldest first (one per verification by callback; a reopened work order gets another). */
  callbacks: WorkOrderCallback[];
  sla?: SlaPin;
  clocks: WorkOrderClock[];
  /** Set while the department waits for the customer: the SLA clocks stand still. */
  waitingForCustomer?: { since: Date; reason: string; by: string };
  /** The work order's dispatch to a department that works in OA (docs/oa-webhooks.md). */
  oa?: OaDispatch;
  /** Pauses so far (each names its messages to the clocks). */
  pauseCount: number;
  processInstanceKey?: string;
  /** The process definition the bound instance runs (set with the binding, by `ticket.route`): the designer counts open work orders per version. */
  processDefinition?: ProcessDefinitionRef;
  /** Instances that reached this work order after another one owned it, and were ended. */
  discardedInstanceKeys: string[];
  startAcceptedAt?: Date;
  routedAt?: Date;
  engineCommands: EngineCommand[];
  history: HistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const sub = <T>(definition: ConstructorParameters<typeof Schema<T>>[0]) => new Schema<T>(definition, { _id: false });

const HistoryEntrySchema = sub<HistoryEntry>({
  at: { type: Date, required: true },
  action: { type: String, required: true },
  by: { type: String, required: true },
  from: { type: String, enum: WorkOrderStatuses },
  to: { type: String, enum: WorkOrderStatuses },
  note: String,
  elementId: String,
  jobKey: String,
});

const WorkOrderSchema = new Schema<WorkOrderDoc>(
  {
    _id: { type: String, required: true },
    workOrderId: { type: String, required: true },
    status: { type: String, enum: WorkOrderStatuses, required: true },
    revision: { type: Number, required: true, default: 0 },
    type: { type: String, enum: WorkOrderTypes, required: true },
    category: { type: String, required: true },
    description: { type: String, required: true },
    contactId: { type: String, required: true },
    eventId: { type: String, required: true },
    customer: {
      type: sub<Customer>({
        customerId: { type: String, required: true },
        name: { type: String, required: true },
        tier: { type: String, enum: CustomerTiers, required: true },
        region: { type: String, required: true },
        phone: { type: String, required: true },
      }),
      required: true,
    },
    channel: { type: String, enum: Channels, required: true },
    ownerAgentId: { type: String, required: true },
    parentWorkOrderId: String,
    links: { type: [sub({ workOrderId: String, relation: String })], default: [] },
    comments: { type: [sub<Comment>({ commentId: String, text: String, by: String, at: Date })], default: [] },
    attachments: {
      type: [sub<Attachment>({ attachmentId: String, fileName: String, contentType: String, sizeBytes: Number, sha256: String, by: String, at: Date })],
      default: [],
    },
    routing: { type: sub<RoutingDecision>({ department: String, priority: String, timeLimitClass: String, flow: String, callback: String }), default: undefined },
    department: String,
    priority: { type: String, enum: Priorities },
    flow: { type: String, enum: Flows },
    dueAt: Date,
    dispatchedAt: Date,
    dispatcherId: String,
    acceptedAt: Date,
    handlerId: String,
    feedback: { type: sub({ text: String, by: String, at: Date }), default: undefined },
    collaborations: {
      type: [sub<Collaboration>({ department: String, request: String, requestedBy: String, requestedAt: Date, feedback: String, by: String, at: Date })],
      default: [],
    },
    tasks: {
      type: [sub<OpenTask>({ taskId: String, elementId: String, candidateGroups: [String], assignee: String, createdAt: Date })],
      default: [],
    },
    reopenCount: { type: Number, default: 0 },
    urgeCount: { type: Number, default: 0 },
    superviseCount: { type: Number, default: 0 },
    attentions: { type: [sub<Attention>({ attentionId: String, kind: String, by: String, note: String, at: Date, recordedAt: Date })], default: [] },
    escalated: { type: Boolean, default: false },
    escalatedAt: Date,
    cancellation: { type: sub({ reason: String, by: String, at: Date }), default: undefined },
    closedAt: Date,
    closedAs: String,
    callbacks: {
      type: [
        sub<WorkOrderCallback>({
          callbackId: String,
          mode: String,
          startedAt: Date,
          state: String,
          waitingUntil: Date,
          attempts: [sub({ n: Number, at: Date, outcome: String, answer: String })],
          survey: { type: sub({ sentAt: Date, expiresAt: Date, answeredAt: Date }), default: undefined },
          result: { type: sub({ outcome: String, reason: String, at: Date }), default: undefined },
        }),
      ],
      default: [],
    },
    sla: {
      type: sub<SlaPin>({ policy: { id: String, version: Number }, calendar: { id: String, version: Number }, pinnedAt: Date, replans: Number }),
      default: undefined,
    },
    clocks: { type: [sub<WorkOrderClock>({ clockId: String, kind: String, taskId: String, startedAt: Date, running: Boolean })], default: [] },
    waitingForCustomer: { type: sub({ since: Date, reason: String, by: String }), default: undefined },
    oa: {
      type: sub<OaDispatch>({ endpointId: String, department: String, dispatchRef: String, stage: String, oaRef: String, lastEventAt: Date }),
      default: undefined,
    },
    pauseCount: { type: Number, default: 0 },
    processInstanceKey: String,
    processDefinition: { type: sub<ProcessDefinitionRef>({ key: String, version: Number }), default: undefined },
    discardedInstanceKeys: { type: [String], default: [] },
    startAcceptedAt: Date,
    routedAt: Date,
    engineCommands: {
      type: [
        sub<EngineCommand>({
          commandId: String,
          kind: String,
          jobKey: String,
          messageName: String,
          messageId: String,
          correlationKey: String,
          timeToLiveMs: Number,
          variables: Schema.Types.Mixed,
          createdAt: Date,
        }),
      ],
      default: [],
    },
    history: { type: [HistoryEntrySchema], default: [] },
    // set by the repository from the platform's Clock, not by mongoose from the system clock
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'work_orders', versionKey: false, minimize: false },
);
// the start reconciler: work orders not yet bound, oldest first
WorkOrderSchema.index({ status: 1, createdAt: 1 });
// lists, newest first, and the department inbox
WorkOrderSchema.index({ createdAt: -1, _id: -1 });
WorkOrderSchema.index({ department: 1, createdAt: -1 });
WorkOrderSchema.index({ ownerAgentId: 1, createdAt: -1 });
WorkOrderSchema.index({ 'tasks.candidateGroups': 1 });
WorkOrderSchema.index({ 'tasks.assignee': 1 });
// the designer's count of open work orders per process version
WorkOrderSchema.index({ status: 1, 'processDefinition.version': 1 });
// the engine reconciler: commands still owed to the engine
WorkOrderSchema.index({ 'engineCommands.createdAt': 1 });

export type WorkOrderModel = Model<WorkOrderDoc>;

export function workOrderModel(connection: Connection): WorkOrderModel {
  return connection.model<WorkOrderDoc>('WorkOrder', WorkOrderSchema);
}
