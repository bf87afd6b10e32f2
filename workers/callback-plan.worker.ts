import type { IOutputVariables } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import { z } from 'zod';
import type { CallbackDoc, CallbackPlan } from '../adapters/mongo/callback.repository';
import { PhoneNumber } from '../domain/call/call';
import { planAttempt, type CallbackSchedule } from '../domain/callback/plan';
import { callbackIdFor, CallbackModes } from '../domain/callback/process';
import { ExternalId, Text } from '../domain/work-order/work-order';
import { CallbackRef, journaledBy, loadCallback, recordOnWorkOrder, termsOf, wallClock, type CallbackWorkerDeps } from './callback-kit';
import { defineWorker, type JobContext } from './worker-kit';

/** Who takes a preview callback when the caller names nobody: the agents of first contact. */
const FRONT_OFFICE = ['front-office'];

const PlanInput = z
  .object({
    /** Set by the first plan; absent when the instance starts. */
    callbackId: CallbackRef.shape.callbackId.optional(),
    /** The work order to verify (work-order.bpmn#Activity_Callback): the customer comes from its record. */
    workOrderId: z.string().min(1).optional(),
    /** A callback started alone names its customer and what it is about. */
    phone: PhoneNumber.optional(),
    customerId: ExternalId.optional(),
    customerName: Text(100).optional(),
    title: Text(200).optional(),
    /** Absent: the policy's mode. */
    mode: z.enum(CallbackModes).optional(),
    /** Candidate groups of the preview task (unit ids); absent: the front office. */
    previewGroups: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((v) => v.callbackId !== undefined || v.workOrderId !== undefined || (v.phone !== undefined && v.title !== undefined), {
    message: 'a callback needs a work order, or a phone number and a title',
  });
type PlanInput = z.infer<typeof PlanInput>;

/** The callback's record, written at its first plan with the policy and calendar versions it keeps. */
async function begin(deps: CallbackWorkerDeps, input: PlanInput, job: JobContext): Promise<CallbackDoc> {
  const callbackId = input.callbackId ?? callbackIdFor(job.processInstanceKey);
  const found = await deps.callbacks.find(callbackId);
  if (found) return found;
  const workOrder = input.workOrderId ? await deps.workOrders.findById(input.workOrderId) : null;
  if (input.workOrderId && !workOrder) throw new Error(`work order ${input.workOrderId} has no record`);
  const policy = await deps.callbackPolicies.current();
  const calendarId = policy.windows.calendarId;
  const calendar = (await deps.sla.currentCalendars()).find((c) => c.id === calendarId);
  if (!calendar) throw new Error(`callback policy v${policy.version} names calendar ${calendarId}, which does not exist`);
  const customer = workOrder
    ? { phone: workOrder.customer.phone, customerId: workOrder.customer.customerId, customerName: workOrder.customer.name, title: `${workOrder.workOrderId}: ${workOrder.description.slice(0, 120)}` }
    : { phone: input.phone!, customerId: input.customerId, customerName: input.customerName, title: input.title! };
  const now = deps.clock.now();
  return deps.callbacks.begin(
    {
      _id: callbackId,
      ...(workOrder ? { workOrderId: workOrder.workOrderId } : {}),
      processInstanceKey: job.processInstanceKey,
      phone: customer.phone,
      ...(customer.customerId ? { customerId: customer.customerId } : {}),
      ...(customer.customerName ? { customerName: customer.customerName } : {}),
      title: customer.title,
      mode: input.mode ?? policy.mode,
      policyVersion: policy.version,
      calendar: { id: calendar.id, version: calendar.version },
      startedAt: now,
    },
    now,
  );
}

const describe = (plan: CallbackPlan, attempt: number, schedule: CallbackSchedule): string =>
  plan.next === 'now' ? `calling now (attempt ${attempt})` : plan.next === 'later' ? `attempt ${attempt} at ${wallClock(schedule, plan.at!)}` : `no call: ${plan.because!}`;

/**
 * `callback.plan` (customer-callback.bpmn#Activity_Plan), before every call: records the
 * callback at its first run (pinning the policy and calendar versions), then decides by the
 * number's do-not-call facts, the calling windows, the customer's quiet hours and the attempt
 * rules whether to call now, wait for a slot, or stop. A job delivered again answers with the
 * plan it recorded. Also clears the previous attempt's report, so a preview agent's missing
 * field never reads an older value.
 */
export const callbackPlanWorker = defineWorker({
  type: 'callback.plan',
  input: PlanInput,
  handle: (deps: CallbackWorkerDeps) => async (input, job) => {
    const started = await begin(deps, input, job);
    const callback = started.plan?.jobKey === job.key ? started : await decide(deps, started, job);
    const first = callback.journal.filter((line) => line.event === 'planned').length === 1;
    await recordOnWorkOrder(deps, callback, job, {
      action: first ? 'callback-started' : 'callback-planned',
      note: `${first ? `${callback.mode} callback: ` : ''}${journaledBy(callback, job)}`,
      ...(first ? { change: () => ({ $set: { status: 'verifying' } }) } : {}),
    });
    return { complete: planVariables(callback, input.previewGroups ?? FRONT_OFFICE) };
  },
});

/** Plans the next attempt and records the plan on the callback. */
async function decide(deps: CallbackWorkerDeps, callback: CallbackDoc, job: JobContext): Promise<CallbackDoc> {
  const now = deps.clock.now();
  const [{ policy, schedule }, number] = await Promise.all([termsOf(deps, callback), deps.numberFacts.factsOf(callback.phone, now)]);
  const decision = planAttempt(schedule, {
    now,
    number,
    quietHours: number.quietHours,
    centerAttemptCap: deps.numberFacts.limit.cap,
    attemptsMade: callback.attempts.length,
    attemptCap: policy.attempts.attemptCap,
    retry: callback.retry,
  });
  const plan: CallbackPlan = { jobKey: job.key, decidedAt: now, ...decision };
  const changed = await deps.callbacks.change(callback._id, (c) =>
    c.plan?.jobKey === job.key
      ? undefined
      : {
          set: { plan, state: plan.next === 'later' ? 'waiting' : plan.next === 'now' ? 'calling' : c.state, ...(plan.next === 'stop' ? { stoppedBecause: plan.because! } : {}) },
          line: { at: now, event: 'planned', detail: describe(plan, c.attempts.length + 1, schedule), jobKey: job.key },
        },
  );
  return changed ?? loadCallback(deps, callback._id);
}

/** What the diagram reads after the plan: the gateways, the IVR call's number, the preview task's screen. */
function planVariables(callback: CallbackDoc, previewGroups: readonly string[]): IOutputVariables {
  const plan = callback.plan!;
  const attempt = callback.attempts.length + 1;
  const variables: Record<string, unknown> = {
    callbackId: callback._id,
    mode: callback.mode,
    phone: callback.phone,
    attempt,
    plan: { next: plan.next, at: plan.at?.toISOString() ?? null, until: plan.until?.toISOString() ?? null, because: plan.because ?? null },
    previewGroups: [...previewGroups],
    preview:
      callback.mode === 'preview'
        ? {
            kind: 'callback',
            chainId: callback._id,
            phone: callback.phone,
            ...(callback.customerId ? { custId: callback.customerId } : {}),
            title: callback.title,
            script: 'Ask whether the customer is satisfied with how the matter was handled; if not, ask why and note it in the customer\'s words.',
            workOrderId: callback.workOrderId ?? null,
            attempt,
            answers: 'survey',
            ...(plan.until ? { callableUntil: plan.until.toISOString() } : {}),
          }
        : null,
    // the previous attempt's report, cleared
    callId: null,
    callOutcome: null,
    callDtmf: null,
    attemptOutcome: null,
    attemptEndedAt: null,
    answer: null,
    answerReason: null,
  };
  // JSON null clears a variable in the engine; the SDK's JSON type leaves null out
  return variables as IOutputVariables;
}
