import { resumeClocks } from '../services/clock-commands';
import { CallbackRef, loadCallback, recordOnWorkOrder, type CallbackWorkerDeps } from './callback-kit';
import { defineWorker } from './worker-kit';

/**
 * `callback.resume-clocks` (customer-callback.bpmn#Activity_ResumeClocks): the calling slot has
 * come; the clocks the callback paused (the system's wait) run again. A department's own wait is left to it.
 */
export const callbackResumeClocksWorker = defineWorker({
  type: 'callback.resume-clocks',
  input: CallbackRef,
  handle: (deps: CallbackWorkerDeps) => async ({ callbackId }, job) => {
    const callback = await loadCallback(deps, callbackId);
    await recordOnWorkOrder(deps, callback, job, {
      action: 'callback-resumed',
      note: 'the calling slot has come: clocks running again',
      change: (doc, now) => {
        if (doc.waitingForCustomer?.by !== 'system') return {};
        return {
          $unset: { waitingForCustomer: 1 },
          $push: { engineCommands: { $each: resumeClocks(doc.clocks.filter((c) => c.running), doc.pauseCount, now) } },
        };
      },
    });
    return { complete: {} };
  },
});
