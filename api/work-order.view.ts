import { z } from 'zod';
import type { WorkOrderDoc } from '../adapters/mongo/work-order.model';
import { maskPhone } from '../domain/contact/contact';
import { hasRole, type Principal } from '../domain/identity/principal';
import { allowedActions } from '../domain/work-order/access';
import { CallbackResults } from '../domain/callback/process';
import { callbackStage, Flows, type HumanSteps, isOpen, WorkOrderStatuses } from '../domain/work-order/lifecycle';
import { Priorities } from '../domain/work-order/work-order';

const Instant = z.iso.datetime();

const HistoryView = z.object({
  at: Instant,
  action: z.string(),
  by: z.string(),
  from: z.enum(WorkOrderStatuses).nullable(),
  to: z.enum(WorkOrderStatuses).nullable(),
  note: z.string().nullable(),
  elementId: z.string().nullable(),
});

const TaskView = z.object({
  taskId: z.string(),
  step: z.string().describe('BPMN element id of the user task, e.g. Activity_Accept'),
  stepName: z.string(),
  candidateGroups: z.array(z.string()),
  assignee: z.string().nullable(),
  createdAt: Instant,
});

export const WorkOrderSummaryView = z.object({
  workOrderId: z.string(),
  status: z.enum(WorkOrderStatuses),
  type: z.string(),
  category: z.string(),
  description: z.string(),
  contactId: z.string(),
  eventId: z.string(),
  customer: z.object({ customerId: z.string(), name: z.string(), tier: z.string(), region: z.string(), phone: z.string().describe('masked unless the caller may see it') }),
  channel: z.string(),
  ownerAgentId: z.string(),
  department: z.string().nullable(),
  priority: z.enum(Priorities).nullable(),
  timeLimitClass: z.string().nullable(),
  flow: z.enum(Flows).nullable(),
  dueAt: Instant.nullable(),
  overdue: z.boolean(),
  reopenCount: z.number().int(),
  urgeCount: z.number().int(),
  superviseCount: z.number().int(),
  escalated: z.boolean(),
  handlerId: z.string().nullable(),
  closedAs: z.enum(['resolved', 'unreachable']).nullable().describe('how a closed work order closed: resolved with the customer, or unreachable (the callback could not reach them)'),
  createdAt: Instant,
  updatedAt: Instant,
});

const CallbackView = z.object({
  callbackId: z.string(),
  mode: z.string().describe('ivr (automated survey call) or preview (an agent calls)'),
  state: z.string().describe('planned, waiting (for the next calling slot), calling, survey (the e-mail survey awaits its answer), finished'),
  stage: z.string().describe('in words, e.g. "calling back (attempt 2)"'),
  startedAt: Instant,
  waitingUntil: Instant.nullable(),
  attempts: z.array(z.object({ n: z.number().int(), at: Instant, outcome: z.string(), answer: z.string().nullable() })),
  survey: z.object({ sentAt: Instant, expiresAt: Instant, answeredAt: Instant.nullable() }).nullable(),
  result: z.object({ outcome: z.enum(CallbackResults), reason: z.string().nullable(), at: Instant }).nullable(),
});

export const WorkOrderView = WorkOrderSummaryView.extend({
  feedback: z.object({ text: z.string(), by: z.string(), at: Instant }).nullable(),
  collaborations: z.array(z.object({ department: z.string(), request: z.string(), requestedBy: z.string(), requestedAt: Instant, feedback: z.string().nullable(), by: z.string().nullable(), at: Instant.nullable() })),
  attentions: z.array(
    z.object({ attentionId: z.string(), kind: z.string(), by: z.string(), note: z.string().nullable(), at: Instant, recordedAt: Instant.nullable().describe('when the process counted it') }),
  ),
  cancellation: z.object({ reason: z.string(), by: z.string(), at: Instant }).nullable(),
  links: z.array(z.object({ workOrderId: z.string(), relation: z.string() })),
  comments: z.array(z.object({ commentId: z.string(), text: z.string(), by: z.string(), at: Instant })),
  attachments: z.array(z.object({ attachmentId: z.string(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string(), by: z.string(), at: Instant })),
  openTasks: z.array(TaskView),
  history: z.array(HistoryView),
  waitingForCustomer: z.object({ since: Instant, reason: z.string(), by: z.string() }).nullable().describe('set while the SLA clocks stand still'),
  callbacks: z.array(CallbackView).describe('automated callbacks (customer-callback), oldest first'),
  sla: z
    .object({ policy: z.object({ id: z.string(), version: z.number() }), calendar: z.object({ id: z.string(), version: z.number() }), pinnedAt: Instant, replans: z.number() })
    .nullable()
    .describe('the SLA policy and calendar versions the clocks count with (GET /api/sla/work-orders/{id} for the clocks)'),
  allowedActions: z.array(z.string()).describe('exactly the actions the caller may take now'),
});

/** Step names as the diagram labels them (kept here so the API needs no diagram parsing). */
const STEP_NAMES: Record<keyof typeof HumanSteps, string> = {
  Activity_Accept: 'Accept',
  Activity_Reroute: 'Re-route returned work order',
  Activity_Handle: 'Handle and write feedback',
  Activity_Collaborate: 'Collaborate',
  Activity_Review: 'Supervisor review',
  Activity_Verify: 'Verify with the customer',
  Activity_SeniorCallback: 'Callback by a senior agent',
};
export const stepName = (elementId: string): string => STEP_NAMES[elementId as keyof typeof HumanSteps] ?? elementId;

const iso = (d: Date | undefined | null): string | null => (d ? d.toISOString() : null);

/** Phone numbers are personal data: the owning agent and supervisors see them, other roles a masked form. */
const mayReadPhone = (principal: Principal, doc: WorkOrderDoc): boolean =>
  principal.employeeId === doc.ownerAgentId || hasRole(principal, 'supervisor');

export function workOrderSummaryView(doc: WorkOrderDoc, principal: Principal, now: Date): z.infer<typeof WorkOrderSummaryView> {
  return {
    workOrderId: doc.workOrderId,
    status: doc.status,
    type: doc.type,
    category: doc.category,
    description: doc.description,
    contactId: doc.contactId,
    eventId: doc.eventId,
    customer: { ...doc.customer, phone: mayReadPhone(principal, doc) ? doc.customer.phone : maskPhone(doc.customer.phone) },
    channel: doc.channel,
    ownerAgentId: doc.ownerAgentId,
    department: doc.department ?? null,
    priority: doc.priority ?? null,
    timeLimitClass: doc.routing?.timeLimitClass ?? null,
    flow: doc.flow ?? null,
    dueAt: iso(doc.dueAt),
    overdue: isOpen(doc.status) && doc.dueAt !== undefined && doc.dueAt.getTime() < now.getTime(),
    reopenCount: doc.reopenCount,
    urgeCount: doc.urgeCount,
    superviseCount: doc.superviseCount,
    escalated: doc.escalated,
    handlerId: doc.handlerId ?? null,
    closedAs: doc.status === 'closed' ? (doc.closedAs ?? 'resolved') : null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** What the API shows of a work order to this principal: the record without storage internals. */
export function workOrderView(doc: WorkOrderDoc, principal: Principal, now: Date): z.infer<typeof WorkOrderView> {
  return {
    ...workOrderSummaryView(doc, principal, now),
    feedback: doc.feedback ? { ...doc.feedback, at: doc.feedback.at.toISOString() } : null,
    collaborations: doc.collaborations.map((c) => ({
      department: c.department,
      request: c.request,
      requestedBy: c.requestedBy,
      requestedAt: c.requestedAt.toISOString(),
      feedback: c.feedback ?? null,
      by: c.by ?? null,
      at: iso(c.at),
    })),
    attentions: doc.attentions.map((a) => ({ attentionId: a.attentionId, kind: a.kind, by: a.by, note: a.note ?? null, at: a.at.toISOString(), recordedAt: iso(a.recordedAt) })),
    cancellation: doc.cancellation ? { ...doc.cancellation, at: doc.cancellation.at.toISOString() } : null,
    links: doc.links.map((l) => ({ workOrderId: l.workOrderId, relation: l.relation })),
    comments: doc.comments.map((c) => ({ ...c, at: c.at.toISOString() })),
    attachments: doc.attachments.map((a) => ({ ...a, at: a.at.toISOString() })),
    openTasks: doc.tasks.map((t) => ({
      taskId: t.taskId,
      step: t.elementId,
      stepName: stepName(t.elementId),
      candidateGroups: t.candidateGroups,
      assignee: t.assignee ?? null,
      createdAt: t.createdAt.toISOString(),
    })),
    history: doc.history.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      by: h.by,
      from: h.from ?? null,
      to: h.to ?? null,
      note: h.note ?? null,
      elementId: h.elementId ?? null,
    })),
    waitingForCustomer: doc.waitingForCustomer ? { ...doc.waitingForCustomer, since: doc.waitingForCustomer.since.toISOString() } : null,
    callbacks: (doc.callbacks ?? []).map((c) => ({
      callbackId: c.callbackId,
      mode: c.mode,
      state: c.state,
      stage: callbackStage(c),
      startedAt: c.startedAt.toISOString(),
      waitingUntil: iso(c.waitingUntil),
      attempts: c.attempts.map((a) => ({ n: a.n, at: a.at.toISOString(), outcome: a.outcome, answer: a.answer ?? null })),
      survey: c.survey ? { sentAt: c.survey.sentAt.toISOString(), expiresAt: c.survey.expiresAt.toISOString(), answeredAt: iso(c.survey.answeredAt) } : null,
      result: c.result ? { outcome: c.result.outcome, reason: c.result.reason ?? null, at: c.result.at.toISOString() } : null,
    })),
    sla: doc.sla ? { ...doc.sla, pinnedAt: doc.sla.pinnedAt.toISOString() } : null,
    allowedActions: allowedActions(principal, doc),
  };
}
