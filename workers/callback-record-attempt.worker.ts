import { z } from 'zod';
import type { CallbackAttempt, CallbackDoc } from '../adapters/mongo/callback.repository';
import { CallOutcomes } from '../domain/call/call';
import { judgeAttempt, type AttemptStep, type CallbackSchedule } from '../domain/callback/plan';
import { CallbackModes } from '../domain/callback/process';
import { replyOfKeys, type SurveyReply } from '../domain/callback/survey';
import { AttemptOutcomes } from '../domain/outreach/attempt-rules';
import { CallbackRef, journaledBy, loadCallback, recordOnWorkOrder, termsOf, wallClock, type CallbackWorkerDeps } from './callback-kit';
import { defineWorker, type JobContext } from './worker-kit';

/**
 * The attempt's report: from the IVR call (phone-call's output, mapped by #Activity_IvrCall) or
 * from the agent who completed the preview task (#Activity_PreviewCall). The plan clears both
 * before every attempt, so whatever is set belongs to this one.
 */
const AttemptReport = CallbackRef.extend({
  mode: z.enum(CallbackModes),
  callId: z.string().min(1).max(120).nullish(),
  callOutcome: z.enum(CallOutcomes).nullish(),
  callDtmf: z.string().max(20).nullish(),
  attemptOutcome: z.enum(AttemptOutcomes).nullish(),
  attemptEndedAt: z.iso.datetime({ offset: true }).nullish(),
  answer: z.enum(['satisfied', 'not-satisfied']).nullish(),
  answerReason: z.string().trim().min(1).max(500).nullish(),
})
  .refine((r) => r.mode !== 'ivr' || (r.callId && r.callOutcome), { message: 'an IVR attempt reports the call id and its outcome', path: ['callOutcome'] })
  .refine((r) => r.mode !== 'preview' || r.attemptOutcome, { message: 'a preview attempt reports attemptOutcome', path: ['attemptOutcome'] })
  .refine((r) => r.answer !== 'not-satisfied' || r.answerReason, { message: 'a not-satisfied answer says why (answerReason)', path: ['answerReason'] });
type AttemptReport = z.infer<typeof AttemptReport>;

/**
 * The attempt as recorded: when the call was placed from its record (IVR; the platform stamped
 * it), the agent's report (preview). An IVR call's end is taken as now, by the platform's clock
 * that decides the retries: the call record's end is the telephony system's time stamp.
 */
async function attemptOf(deps: CallbackWorkerDeps, callback: CallbackDoc, report: AttemptReport, job: JobContext): Promise<CallbackAttempt> {
  const base = { n: callback.attempts.length + 1, mode: report.mode, jobKey: job.key, ...(callback.plan?.at ? { plannedAt: callback.plan.at } : {}) };
  if (report.mode === 'ivr') {
    const callId = report.callId!;
    const call = await deps.calls.find(callId);
    const reply = replyOfKeys(report.callDtmf ?? '');
    return {
      ...base,
      key: callId,
      callId,
      ...(call ? { placedAt: call.createdAt } : {}),
      endedAt: deps.clock.now(),
      outcome: report.callOutcome!,
      callOutcome: report.callOutcome!,
      dtmf: report.callDtmf ?? '',
      ...(reply ? { reply } : {}),
    };
  }
  const reply: SurveyReply | undefined =
    report.answer === 'satisfied' ? { answer: 'satisfied' } : report.answer === 'not-satisfied' ? { answer: 'not-satisfied', reason: 'other', comment: report.answerReason! } : undefined;
  return {
    ...base,
    key: report.callId ?? `attempt-${job.elementInstanceKey}`,
    ...(report.callId ? { callId: report.callId } : {}),
    endedAt: report.attemptEndedAt ? new Date(report.attemptEndedAt) : deps.clock.now(),
    outcome: report.attemptOutcome!,
    ...(reply ? { reply } : {}),
  };
}

const describe = (attempt: CallbackAttempt, step: AttemptStep, schedule: CallbackSchedule): string => {
  const what = `attempt ${attempt.n}: ${attempt.callOutcome && attempt.callOutcome !== attempt.outcome ? `${attempt.callOutcome}, no survey answer` : attempt.outcome}`;
  if (step.next === 'reached') return `${what}, ${step.reply.answer}`;
  if (step.next === 'retry') return `${what}; next ${step.retry.inNextWindow ? 'in the next calling window' : `not before ${wallClock(schedule, step.retry.notBefore)}`}`;
  return `${what}; no more calls (${step.because})`;
};

/**
 * `callback.record-attempt` (customer-callback.bpmn#Activity_RecordAttempt): records the attempt
 * once (by its job), counts the call against the number across campaigns once (by its call id),
 * and judges it by the policy's attempt rules: the customer answered the survey, another call
 * (busy: minutes later; no answer: the next window), or no more calls (invalid number, the cap).
 */
export const callbackRecordAttemptWorker = defineWorker({
  type: 'callback.record-attempt',
  input: AttemptReport,
  handle: (deps: CallbackWorkerDeps) => async (report, job) => {
    let callback = await loadCallback(deps, report.callbackId);
    const { policy, schedule } = await termsOf(deps, callback);
    let attempt = callback.attempts.find((a) => a.jobKey === job.key);
    if (!attempt) {
      const made = await attemptOf(deps, callback, report, job);
      const step = judgeAttempt(policy.attempts, made, made.n);
      callback =
        (await deps.callbacks.change(callback._id, (c) =>
          c.attempts.some((a) => a.jobKey === job.key)
            ? undefined
            : {
                set: {
                  attempts: [...c.attempts, made],
                  state: 'planned',
                  ...(step.next === 'retry' ? { retry: step.retry } : {}),
                  ...(step.next === 'stop' ? { stoppedBecause: step.because } : {}),
                },
                line: { at: deps.clock.now(), event: 'attempt', detail: describe(made, step, schedule), jobKey: job.key },
              },
        )) ?? (await loadCallback(deps, callback._id));
      attempt = callback.attempts.find((a) => a.jobKey === job.key)!;
    }
    await deps.numberFacts.recordAttempt(callback.phone, attempt.key, attempt.placedAt ?? attempt.endedAt);
    const step = judgeAttempt(policy.attempts, attempt, attempt.n);
    await recordOnWorkOrder(deps, callback, job, { action: 'callback-attempt', note: journaledBy(callback, job) });
    return { complete: { attemptStep: { next: step.next, ...(step.next === 'stop' ? { because: step.because } : {}) } } };
  },
});
