import { z } from 'zod';
import { callEndedVariables, type CallEndedVariables } from '../services/call-listener';
import type { CallWorkerDeps } from './call-deps';
import { defineWorker } from './worker-kit';

const HangUpInput = z.object({ callId: z.string().min(1) });

const TIMED_OUT = 'no end reported within the call timeout';
const NO_RECORD: CallEndedVariables = { outcome: 'failed', cause: 0, causeText: TIMED_OUT, dtmf: '', recordings: [], durationMs: 0 };

/**
 * `call.hang-up` (phone-call.bpmn#Activity_HangUp, after the call timeout): records the call as
 * ended `failed` first and hangs it up after, so the end the hang-up causes finds the call ended
 * and hands nothing over. An end recorded just before the timer fired stands: its outcome is
 * the call's. Either way the process gets the call's outcome variables.
 */
export const callHangUpWorker = defineWorker({
  type: 'call.hang-up',
  input: HangUpInput,
  handle: (deps: CallWorkerDeps) => async ({ callId }) => {
    const at = deps.clock.now();
    const call = await deps.calls.change(callId, (c) =>
      c.state === 'ended'
        ? undefined
        : {
            // a call the customer answered was reached, however long it ran: not a reason to call again
            set: { state: 'ended', outcome: c.state === 'answered' ? 'answered' : 'failed', cause: 0, causeText: TIMED_OUT, endedAt: at, durationMs: at.getTime() - c.createdAt.getTime() },
            line: { kind: 'hung-up', at, detail: c.state === 'answered' ? 'answered' : 'failed' },
          },
    );
    await deps.telephony.hangUp(callId);
    await deps.calls.settle(callId);
    // a call without a record (its data restored from before it) still ends, as failed
    const ended = call ?? (await deps.calls.find(callId));
    return { complete: ended ? callEndedVariables(ended) : NO_RECORD };
  },
});
