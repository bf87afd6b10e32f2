import { z } from 'zod';
import { CallMode, callIdFor, PhoneNumber } from '../domain/call/call';
import type { CallWorkerDeps } from './call-deps';
import { defineWorker } from './worker-kit';

const OriginateInput = z
  .object({
    /** Set when the call was recorded before its process started (an agent's call through the API); else derived from the job. */
    callId: z.string().regex(/^call-[\w-]+$/).optional(),
    to: PhoneNumber,
    mode: CallMode,
    /** The agent the call is placed for (agent mode). */
    agentId: z.string().min(1).optional(),
    /** Media URI of the message played once answered (ivr mode), e.g. `sound:survey-question`. */
    prompt: z.string().regex(/^(sound|recording|tone|digits|number):\S+$/, 'an ARI media URI').optional(),
    /** Keys an IVR survey waits for before hanging up; 0 plays a message only. */
    expectDigits: z.number().int().min(0).max(20).default(0),
    callerId: z.string().max(80).optional(),
    /** How long the phone may ring (s). */
    ringTimeoutSec: z.number().int().min(5).max(300).default(30),
    /** ISO 8601 duration after which a call with no reported end is hung up as failed. */
    callTimeout: z.string().regex(/^P(T(\d+H)?(\d+M)?(\d+S)?)$/, 'an ISO 8601 duration such as PT10M').default('PT10M'),
  })
  .refine((v) => v.mode !== 'ivr' || v.prompt !== undefined, { message: 'an IVR call needs a prompt', path: ['prompt'] })
  .refine((v) => v.mode !== 'agent' || v.agentId !== undefined, { message: 'an agent call needs the agentId', path: ['agentId'] });

/**
 * `call.originate` (phone-call.bpmn#Activity_Originate): records the call, then asks the
 * telephony system to place it. The call id comes from the job's element instance: a job
 * delivered again finds its call recorded past `originating` and places nothing; one that died
 * between the record and the request asks again, and the telephony system's "already exists"
 * counts as placed.
 */
export const callOriginateWorker = defineWorker({
  type: 'call.originate',
  input: OriginateInput,
  handle: (deps: CallWorkerDeps) => async (input, job) => {
    const callId = input.callId ?? callIdFor(job);
    const done = { complete: { callId, callTimeout: input.callTimeout } };
    const call = await deps.calls.begin({
      _id: callId,
      to: input.to,
      mode: input.mode,
      ...(input.agentId ? { agentId: input.agentId } : {}),
      ...(input.prompt ? { prompt: input.prompt } : {}),
      expectDigits: input.mode === 'ivr' ? input.expectDigits : 0,
      processInstanceKey: job.processInstanceKey,
      createdAt: deps.clock.now(),
    });
    if (call.state !== 'originating') return done;
    const result = await deps.telephony.originate({
      callId,
      to: input.to,
      mode: input.mode,
      ringTimeoutSec: input.ringTimeoutSec,
      ...(input.callerId ? { callerId: input.callerId } : {}),
      variables: { CLOSELOOP_CALL_ID: callId, ...(input.agentId ? { CLOSELOOP_AGENT: input.agentId } : {}) },
    });
    const at = deps.clock.now();
    // the call's events may have moved it on already (a quick busy or invalid number)
    await deps.calls.change(callId, (c) => (c.state === 'originating' ? { set: { state: 'dialing' }, line: { kind: 'placed', at, detail: result } } : undefined));
    return done;
  },
});
