import type { CallbackDoc } from '../adapters/mongo/callback.repository';
import { allowsSurvey } from '../domain/callback/plan';
import { durationMs } from '../domain/callback/policy';
import { maskPersonal } from '../domain/subscriber/customer';
import { CallbackRef, journaledBy, loadCallback, recordOnWorkOrder, termsOf, wallClock, type CallbackWorkerDeps } from './callback-kit';
import { defineWorker, type JobContext, type JobOutcome } from './worker-kit';

/** The outbox key of a callback's survey mail: one mail per callback, however often the job runs. */
const surveyKey = (callbackId: string): string => `callback-survey/${callbackId}`;

/** Puts the survey mail in the notification outbox (the mail drainer sends it); a second time changes nothing. */
async function queueSurveyMail(deps: CallbackWorkerDeps, callback: CallbackDoc, email: string): Promise<void> {
  await deps.notifications.enqueue({
    key: surveyKey(callback._id),
    kind: 'callback-survey',
    ...(callback.workOrderId ? { workOrderId: callback.workOrderId } : {}),
    callbackId: callback._id,
    departments: [],
    employees: [],
    audience: 'handlers',
    addresses: [{ employeeId: `customer:${callback.customerId ?? callback._id}`, name: callback.customerName ?? '客户', email, language: 'zh-CN' }],
    subject: `Satisfaction survey of ${callback.workOrderId ?? callback._id}: the customer could not be reached by phone`,
    createdAt: deps.clock.now(),
  });
}

/** The customer's e-mail address in the subscriber store, if the store knows the number's customer and an address. */
async function addressOf(deps: CallbackWorkerDeps, phone: string): Promise<string | undefined> {
  const email = (await deps.subscribers.lookupByPhone(phone))?.customer?.customer['email'];
  return typeof email === 'string' && email.includes('@') ? email : undefined;
}

/** Why no survey goes out, if none does. */
async function reasonNotToSend(deps: CallbackWorkerDeps, callback: CallbackDoc): Promise<string | undefined> {
  const { policy } = await termsOf(deps, callback);
  if (!policy.survey.enabled) return 'the policy sends no survey';
  if (callback.stoppedBecause && !allowsSurvey(callback.stoppedBecause)) return `the customer is not to be asked (${callback.stoppedBecause})`;
  return undefined;
}

/**
 * `callback.send-survey` (customer-callback.bpmn#Activity_SendSurvey): the phone did not reach the
 * customer, so the policy's fallback goes out: an e-mail (to the address the subscriber store
 * has) with a link to the public survey page, open until the policy's answer time has passed.
 * No survey after a refusal or for a blacklisted or do-not-disturb customer, when the policy
 * sends none, or when no address is known. (SMS has no adapter yet: e-mail only.)
 */
export const callbackSendSurveyWorker = defineWorker({
  type: 'callback.send-survey',
  input: CallbackRef,
  handle: (deps: CallbackWorkerDeps) => async ({ callbackId }, job): Promise<JobOutcome> => {
    let callback = await loadCallback(deps, callbackId);
    if (!callback.survey && !callback.journal.some((l) => l.event === 'survey-skipped')) {
      const email = await addressOf(deps, callback.phone);
      const skip = (await reasonNotToSend(deps, callback)) ?? (email ? undefined : 'no e-mail address is known for the number');
      callback = await decide(deps, callback, job, skip === undefined ? { email: email! } : { skip });
    }
    if (!callback.survey) {
      await recordOnWorkOrder(deps, callback, job, { action: 'callback-survey-skipped', note: journaledBy(callback, job) });
      return { complete: { surveySent: false } };
    }
    const email = await addressOf(deps, callback.phone);
    if (email) await queueSurveyMail(deps, callback, email);
    const { schedule } = await termsOf(deps, callback);
    await recordOnWorkOrder(deps, callback, job, { action: 'callback-survey-sent', note: `e-mail survey to ${callback.survey.to}, open until ${wallClock(schedule, callback.survey.expiresAt)}` });
    return { complete: { surveySent: true, surveyExpiresAt: callback.survey.expiresAt.toISOString() } };
  },
});

/** Records the survey sent (open until the policy's answer time from now, whole seconds, as the link says), or why none is. */
async function decide(deps: CallbackWorkerDeps, callback: CallbackDoc, job: JobContext, what: { email: string } | { skip: string }): Promise<CallbackDoc> {
  const now = deps.clock.now();
  const { policy } = await termsOf(deps, callback);
  const expiresAt = new Date(Math.floor((now.getTime() + durationMs(policy.survey.answerWithin)) / 1000) * 1000);
  const changed = await deps.callbacks.change(callback._id, (c) => {
    if (c.survey || c.journal.some((l) => l.event === 'survey-skipped')) return undefined;
    if ('skip' in what) return { set: {}, line: { at: now, event: 'survey-skipped', detail: what.skip, jobKey: job.key } };
    const to = maskPersonal('email', what.email);
    return { set: { state: 'survey', survey: { channel: 'email', to, sentAt: now, expiresAt, jobKey: job.key } }, line: { at: now, event: 'survey-sent', detail: `e-mail to ${to}`, jobKey: job.key } };
  });
  return changed ?? loadCallback(deps, callback._id);
}
