import { z } from 'zod';
import type { CallbackDoc, CallbackRepository } from '../adapters/mongo/callback.repository';
import type { CallRepository } from '../adapters/mongo/call.repository';
import type { NotificationOutbox } from '../adapters/mongo/notification.repository';
import type { SlaRepository } from '../adapters/mongo/sla.repository';
import type { WorkOrderCallback, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderChange, WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Clock } from '../domain/clock';
import { callbackSchedule, type CallbackSchedule } from '../domain/callback/plan';
import { formatCenterTime } from '../domain/mail/digest';
import type { CallbackPolicy } from '../domain/callback/policy';
import type { CallbackPolicies } from '../services/callback-policies';
import type { EngineCommandSender } from '../services/engine-commands';
import type { NumberFactsService } from '../services/number-facts';
import type { SlaService } from '../services/sla-service';
import type { SubscriberService } from '../services/subscriber-service';
import { NOT_ENDED, sendOwedCommands } from './deps';
import type { JobContext } from './worker-kit';

/**
 * What the callback workers use (processes/customer-callback.bpmn): the callback records and the
 * policy, what is known about the number, the calendars, the work order the callback verifies
 * (its record and clocks), the mail outbox, the customer store and the call records.
 */
export interface CallbackWorkerDeps {
  readonly callbacks: CallbackRepository;
  readonly callbackPolicies: Pick<CallbackPolicies, 'current' | 'pinned'>;
  readonly numberFacts: NumberFactsService;
  readonly slaService: Pick<SlaService, 'calendarFor'>;
  readonly sla: Pick<SlaRepository, 'currentCalendars'>;
  readonly workOrders: WorkOrderRepository;
  readonly commands: EngineCommandSender;
  readonly notifications: NotificationOutbox;
  readonly subscribers: Pick<SubscriberService, 'lookupByPhone'>;
  readonly calls: Pick<CallRepository, 'find'>;
  readonly clock: Clock;
}

/** Every callback job after the first plan names its callback. */
export const CallbackRef = z.object({ callbackId: z.string().regex(/^CB-\d+$/, 'a callback id, CB-<digits>') });

export async function loadCallback(deps: Pick<CallbackWorkerDeps, 'callbacks'>, callbackId: string): Promise<CallbackDoc> {
  const callback = await deps.callbacks.find(callbackId);
  if (!callback) throw new Error(`callback ${callbackId} has no record`);
  return callback;
}

/** The policy version the callback started with, and its calling time over its calendar version. */
export async function termsOf(deps: Pick<CallbackWorkerDeps, 'callbackPolicies' | 'slaService'>, callback: CallbackDoc): Promise<{ policy: CallbackPolicy; schedule: CallbackSchedule }> {
  const [policy, calendar] = await Promise.all([deps.callbackPolicies.pinned(callback.policyVersion), deps.slaService.calendarFor(callback.calendar)]);
  return { policy, schedule: callbackSchedule(calendar, policy.windows, callback.startedAt, policy.withinDays) };
}

/** An instant as the callback's calendar reads it, for the notes people read (`2026-11-24 14:00`). */
export const wallClock = (schedule: CallbackSchedule, instant: Date): string => formatCenterTime(instant, schedule.timeZone);

/** What the job wrote in the callback's journal: the work order's history says the same. */
export const journaledBy = (callback: CallbackDoc, job: JobContext): string => callback.journal.findLast((line) => line.jobKey === job.key)?.detail ?? '';

/** The callback as its work order shows it. */
export function summaryOf(callback: CallbackDoc): WorkOrderCallback {
  return {
    callbackId: callback._id,
    mode: callback.mode,
    startedAt: callback.startedAt,
    state: callback.state,
    ...(callback.state === 'waiting' && callback.plan?.at ? { waitingUntil: callback.plan.at } : {}),
    attempts: callback.attempts.map((a) => ({ n: a.n, at: a.placedAt ?? a.endedAt, outcome: a.outcome, ...(a.reply ? { answer: a.reply.answer } : {}) })),
    ...(callback.survey ? { survey: { sentAt: callback.survey.sentAt, expiresAt: callback.survey.expiresAt, ...(callback.survey.answeredAt ? { answeredAt: callback.survey.answeredAt } : {}) } } : {}),
    ...(callback.result ? { result: { outcome: callback.result.outcome, at: callback.result.at, ...(callback.result.reason ? { reason: callback.result.reason } : {}) } } : {}),
  };
}

/** A step of the callback as the work order's history records it (work-order.bpmn#Activity_Callback). */
export interface WorkOrderStep {
  readonly action: string;
  readonly note?: string;
  /** More to change on the work order (its clocks, its status), decided on the record as read. */
  readonly change?: (doc: WorkOrderDoc, now: Date) => WorkOrderChange;
}

/**
 * Shows the callback's state on the work order it verifies and records the step in its history,
 * once per job (a callback started alone has no work order). The system is the actor.
 */
export async function recordOnWorkOrder(deps: Pick<CallbackWorkerDeps, 'workOrders' | 'commands' | 'clock'>, callback: CallbackDoc, job: JobContext, step: WorkOrderStep): Promise<void> {
  if (!callback.workOrderId) return;
  const doc = await deps.workOrders.findById(callback.workOrderId);
  if (!doc) throw new Error(`work order ${callback.workOrderId} has no record`);
  const now = deps.clock.now();
  const extra = step.change?.(doc, now) ?? {};
  const others = (doc.callbacks ?? []).filter((c) => c.callbackId !== callback._id);
  // the whole list: only this callback's jobs change it, one after the other
  const callbacks = [...others, summaryOf(callback)].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  await deps.workOrders.applyOncePerJob(
    callback.workOrderId,
    { at: now, action: step.action, by: 'system', elementId: 'Activity_Callback', jobKey: job.key, ...(step.note ? { note: step.note } : {}) },
    { ...extra, $set: { ...(extra.$set as Record<string, unknown> | undefined), callbacks } },
    now,
    NOT_ENDED,
  );
  if (extra.$push && 'engineCommands' in extra.$push) await sendOwedCommands(deps, callback.workOrderId);
}
