import type { CallbackDoc, CallbackOutcome } from '../adapters/mongo/callback.repository';
import { reasonText } from '../domain/callback/survey';
import { CallbackRef, journaledBy, loadCallback, recordOnWorkOrder, termsOf, type CallbackWorkerDeps } from './callback-kit';
import { defineWorker } from './worker-kit';

/**
 * The callback's result from its record: the survey answer given on the last call or on the
 * survey page (the page records it before it tells the process, so an answer whose message was
 * lost still counts here), else unreachable, and why.
 */
function resultOf(callback: CallbackDoc): Omit<CallbackOutcome, 'at' | 'jobKey'> {
  const onCall = callback.attempts.at(-1)?.reply;
  const reply = onCall ?? callback.survey?.reply;
  if (reply) return { outcome: reply.answer, via: onCall ? 'call' : 'survey', ...(reply.answer === 'not-satisfied' ? { reason: reasonText(reply)! } : {}) };
  const why = callback.stoppedBecause ?? 'no-slot';
  return { outcome: 'unreachable', via: 'none', reason: callback.survey ? `${why}; survey unanswered` : why };
}

/**
 * `callback.finish` (customer-callback.bpmn#Activity_Finish): records the result once and hands
 * it to the caller: callbackResult (satisfied, not-satisfied, unreachable), callbackReason, and
 * onUnreachable (the policy's word on what an unreachable customer means for the work order).
 */
export const callbackFinishWorker = defineWorker({
  type: 'callback.finish',
  input: CallbackRef,
  handle: (deps: CallbackWorkerDeps) => async ({ callbackId }, job) => {
    const now = deps.clock.now();
    const callback =
      (await deps.callbacks.change(callbackId, (c) => {
        if (c.result) return undefined;
        const result = { ...resultOf(c), at: now, jobKey: job.key };
        return { set: { state: 'finished', result }, line: { at: now, event: 'finished', detail: [result.outcome, result.reason].filter(Boolean).join(': '), jobKey: job.key } };
      })) ?? (await loadCallback(deps, callbackId));
    const result = callback.result!;
    const { policy } = await termsOf(deps, callback);
    await recordOnWorkOrder(deps, callback, job, { action: 'callback-finished', note: journaledBy(callback, job) });
    return { complete: { callbackResult: result.outcome, callbackReason: result.reason ?? '', onUnreachable: policy.onUnreachable } };
  },
});
