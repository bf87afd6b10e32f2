import type { CallChange, CallDoc, CallRepository } from '../adapters/mongo/call.repository';
import type { LiveCall, Telephony, TelephonyEvent } from '../adapters/telephony/telephony';
import type { WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { callEndedMessageId, PhoneCallProcess, type CallOutcome } from '../domain/call/call';

export interface CallListenerDeps {
  readonly calls: CallRepository;
  readonly telephony: Telephony;
  readonly engine: Pick<WorkOrderEngine, 'publish'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface CallListener {
  close(): Promise<void>;
}

/** How long (ms) a call-ended message waits in the engine for its phone-call instance: the end may outrun the originate job's completion. */
const CALL_ENDED_TTL_MS = 24 * 60 * 60_000;
/** Wait (ms) before handing an end the engine refused to it again. */
const PUBLISH_RETRY_MS = 5_000;

/** What an event changes in the call as recorded; undefined when it changes nothing (seen before, or after the end). */
export function changeFor(call: CallDoc, event: TelephonyEvent): CallChange | undefined {
  const { at } = event;
  if (call.state === 'ended' && event.kind !== 'recording') return undefined;
  switch (event.kind) {
    case 'progress':
      if (event.state === 'ringing') {
        return call.state === 'originating' || call.state === 'dialing' ? { set: { state: 'ringing', ringingAt: at }, line: { kind: 'ringing', at } } : undefined;
      }
      return call.state === 'answered' ? undefined : { set: { state: 'answered', answeredAt: at }, line: { kind: 'answered', at } };
    case 'dtmf':
      return { set: { dtmf: call.dtmf + event.digit }, line: { kind: 'dtmf', at, detail: event.digit } };
    case 'playback-finished':
      return { set: {}, line: { kind: 'playback-finished', at, detail: event.playbackId } };
    case 'recording':
      return call.recordings.includes(event.recordingName)
        ? undefined
        : { set: { recordings: [...call.recordings, event.recordingName] }, line: { kind: 'recording', at, detail: event.recordingName } };
    case 'ended':
      return {
        set: { state: 'ended', outcome: event.outcome, cause: event.cause, causeText: event.causeText, endedAt: at, durationMs: event.durationMs },
        line: { kind: 'ended', at, detail: event.outcome },
      };
  }
}

/** What a phone-call process learns of its call's end (the variables of `call-ended` and of `call.hang-up`). */
export type CallEndedVariables = {
  outcome: CallOutcome;
  cause: number;
  causeText: string;
  dtmf: string;
  recordings: string[];
  durationMs: number;
};

/** The end of a call as recorded; a call without a recorded end (not expected here) reads as failed. */
export const callEndedVariables = (call: CallDoc): CallEndedVariables => ({
  outcome: call.outcome ?? 'failed',
  cause: call.cause ?? 0,
  causeText: call.causeText ?? '',
  dtmf: call.dtmf,
  recordings: call.recordings,
  durationMs: call.durationMs ?? 0,
});

/**
 * The workers' listener on the telephony event stream: records each call's events in `calls`,
 * drives IVR calls (plays the message once answered, hangs up once the survey's keys are in) and
 * hands each call's end to its process as the message `call-ended` (correlation key = call id,
 * message id from the call id, so the end is handed over once however often it is seen).
 *
 * Events of one call are applied one after the other; calls run side by side. When the stream
 * reconnects, calls in flight that the telephony system no longer holds ended unseen: they end
 * `answered` if they were, else `failed` (cause 0), since their real cause is gone with them.
 */
export function startCallListener(deps: CallListenerDeps): CallListener {
  const log = deps.logger.child({ component: 'call-listener' });
  const queues = new Map<string, Promise<void>>();
  const retries = new Set<NodeJS.Timeout>();
  let closed = false;

  /** Runs `work` after the call's earlier work, never beside it. */
  function enqueue(callId: string, work: () => Promise<void>): void {
    const next = (queues.get(callId) ?? Promise.resolve())
      .then(work)
      .catch((err: unknown) => log.error({ err, callId }, 'call event not recorded'))
      .finally(() => {
        if (queues.get(callId) === next) queues.delete(callId);
      });
    queues.set(callId, next);
  }

  async function handOverEnd(call: CallDoc): Promise<void> {
    try {
      await deps.engine.publish({
        name: PhoneCallProcess.messages.ended,
        correlationKey: call._id,
        messageId: callEndedMessageId(call._id),
        variables: callEndedVariables(call),
        timeToLiveMs: CALL_ENDED_TTL_MS,
      });
      await deps.calls.settle(call._id);
    } catch (err) {
      if (closed) return;
      log.warn({ err, callId: call._id }, 'engine did not take call-ended; trying again');
      const timer = setTimeout(() => {
        retries.delete(timer);
        enqueue(call._id, () => handOverEnd(call));
      }, PUBLISH_RETRY_MS);
      retries.add(timer);
    }
  }

  /** What the platform does when the call reached a new point (IVR: play, then hang up when answered). */
  async function followUp(call: CallDoc, event: TelephonyEvent): Promise<void> {
    if (event.kind === 'ended') return handOverEnd(call);
    if (call.mode !== 'ivr') {
      // an agent's call is recorded from the moment the customer answers (quality checks)
      if (event.kind === 'progress' && event.state === 'answered') await deps.telephony.record(call._id, call._id);
      return;
    }
    if (event.kind === 'progress' && event.state === 'answered' && call.prompt) await deps.telephony.play(call._id, call.prompt);
    const surveyDone = event.kind === 'dtmf' && call.expectDigits > 0 && call.dtmf.length >= call.expectDigits;
    const messageDone = event.kind === 'playback-finished' && call.expectDigits === 0;
    if (surveyDone || messageDone) await deps.telephony.hangUp(call._id);
  }

  function apply(event: TelephonyEvent): void {
    enqueue(event.callId, async () => {
      const changed = await deps.calls.change(event.callId, (call) => changeFor(call, event));
      // a call may end while we act on it (a fax tone right after the answer): its end still comes
      if (changed) await followUp(changed, event).catch((err: unknown) => log.warn({ err, callId: event.callId, event: event.kind }, 'call follow-up failed'));
    });
  }

  /** After a (re)connect: ends what vanished during the gap, hands over ends the engine has not taken. */
  async function reconcile(live: readonly LiveCall[]): Promise<void> {
    const held = new Set(live.map((c) => c.callId));
    for (const callId of await deps.calls.inFlight()) {
      enqueue(callId, async () => {
        const call = await deps.calls.find(callId);
        if (!call) return deps.calls.settle(callId);
        if (call.state === 'ended') return handOverEnd(call);
        // not placed yet (its job runs or will run again), or still held: its events will come
        if (call.state === 'originating' || held.has(callId) || (await deps.telephony.isLive(callId))) return;
        const at = deps.clock.now();
        const lost: TelephonyEvent = {
          kind: 'ended',
          callId,
          at,
          outcome: call.state === 'answered' ? 'answered' : 'failed',
          cause: 0,
          causeText: 'lost: the call ended while the event stream was down',
          durationMs: at.getTime() - call.createdAt.getTime(),
        };
        const ended = await deps.calls.change(callId, (c) => changeFor(c, lost));
        if (ended) await handOverEnd(ended);
      });
    }
  }

  const subscription = deps.telephony.subscribe({
    onEvent: apply,
    onConnected: (live) => {
      reconcile(live).catch((err: unknown) => log.error({ err }, 'calls in flight not reconciled'));
    },
  });

  return {
    async close() {
      closed = true;
      retries.forEach(clearTimeout);
      await subscription.close();
      await Promise.all(queues.values());
    },
  };
}
