import { pauseClocks } from '../services/clock-commands';
import { CallbackRef, loadCallback, recordOnWorkOrder, termsOf, wallClock, type CallbackWorkerDeps } from './callback-kit';
import { defineWorker } from './worker-kit';

/** Why the clocks stand still, as the work order shows it. */
const WAITING_FOR_WINDOW = "The callback waits for the customer's next calling slot";

/**
 * `callback.pause-clocks` (customer-callback.bpmn#Activity_PauseClocks): the callback waits for
 * the customer's calling window, so the work order's running SLA clocks stand still, as when a
 * department waits for the customer (the same pause messages, numbered by the work order's
 * pauses), with the system as the actor. A work order already waiting stays as it is.
 */
export const callbackPauseClocksWorker = defineWorker({
  type: 'callback.pause-clocks',
  input: CallbackRef,
  handle: (deps: CallbackWorkerDeps) => async ({ callbackId }, job) => {
    const callback = await loadCallback(deps, callbackId);
    const { schedule } = await termsOf(deps, callback);
    const until = callback.plan?.at ? wallClock(schedule, callback.plan.at) : undefined;
    await recordOnWorkOrder(deps, callback, job, {
      action: 'callback-waiting',
      note: `clocks paused until the next calling slot, ${until ?? 'unknown'}`,
      change: (doc, now) => {
        if (doc.waitingForCustomer) return {};
        const pause = doc.pauseCount + 1;
        const commands = pauseClocks(doc.clocks.filter((c) => c.running), pause, now);
        return {
          $set: { waitingForCustomer: { since: now, reason: `${WAITING_FOR_WINDOW} (${until ?? 'unknown'})`, by: 'system' }, pauseCount: pause },
          $push: { engineCommands: { $each: commands } },
        };
      },
    });
    return { complete: {} };
  },
});
