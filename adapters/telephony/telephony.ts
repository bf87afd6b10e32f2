import type { CallMode, CallOutcome } from '../../domain/call/call';

/** A call to place. `callId` is ours and deterministic: placing the same call twice places it once. */
export interface OriginateRequest {
  readonly callId: string;
  /** The customer's number. */
  readonly to: string;
  readonly mode: CallMode;
  /** The number the customer sees. */
  readonly callerId?: string;
  /** How long the customer's phone may ring before the call ends as no-answer (s). */
  readonly ringTimeoutSec: number;
  /** Passed to the telephony system with the call (agent id, campaign id ...), for its dialplan and logs. */
  readonly variables?: Readonly<Record<string, string>>;
}

/** What became of an originate request. `already-exists`: a call with this id runs already (a repeated request). */
export type OriginateResult = 'placed' | 'already-exists';

/** What happened to a call, normalized from the telephony system's own events. */
export type TelephonyEvent =
  | { readonly kind: 'progress'; readonly callId: string; readonly at: Date; readonly state: 'ringing' | 'answered' }
  /** A key the customer pressed (IVR surveys). */
  | { readonly kind: 'dtmf'; readonly callId: string; readonly at: Date; readonly digit: string }
  /** A message played to the customer finished. */
  | { readonly kind: 'playback-finished'; readonly callId: string; readonly at: Date; readonly playbackId: string }
  /** A recording of the call was completed and is stored under this name. */
  | { readonly kind: 'recording'; readonly callId: string; readonly at: Date; readonly recordingName: string }
  | {
      readonly kind: 'ended';
      readonly callId: string;
      readonly at: Date;
      readonly outcome: CallOutcome;
      /** Q.850 cause code and text as the telephony system gave them; `lost` when the call vanished unseen. */
      readonly cause: number;
      readonly causeText: string;
      /** From the call's creation to its end (ms). */
      readonly durationMs: number;
    };

/** A call the telephony system still holds, as seen when the event stream (re)connects. */
export interface LiveCall {
  readonly callId: string;
  readonly state: 'dialing' | 'ringing' | 'answered';
}

export interface TelephonySubscription {
  close(): Promise<void>;
}

export interface EventHandlers {
  /** Every event, in the order the telephony system sent it for each call. */
  readonly onEvent: (event: TelephonyEvent) => void;
  /**
   * The stream (re)connected. Events of the gap are lost: `live` lists the calls still held, so
   * the listener can end the ones that vanished meanwhile.
   */
  readonly onConnected: (live: readonly LiveCall[]) => void;
}

/**
 * Places and ends calls and reports what happens to them. One implementation speaks Asterisk's
 * ARI (ari-telephony.ts); development and tests point it at the local telephony peer.
 */
export interface Telephony {
  originate(request: OriginateRequest): Promise<OriginateResult>;
  /** Ends a call; a call that has ended already counts as done. */
  hangUp(callId: string): Promise<void>;
  /** Plays a message (a media URI such as `sound:survey-question`) to an answered call; returns the playback id. */
  play(callId: string, media: string): Promise<string>;
  /** Records the call under `name` until it ends. */
  record(callId: string, name: string): Promise<void>;
  /** Calls the telephony system holds now. */
  liveCalls(): Promise<LiveCall[]>;
  /** Whether the telephony system holds this call now. */
  isLive(callId: string): Promise<boolean>;
  /** Streams events until closed; reconnects on its own when the stream drops. */
  subscribe(handlers: EventHandlers): TelephonySubscription;
}
