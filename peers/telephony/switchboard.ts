import { randomUUID } from 'node:crypto';
import type { CallRule } from './rules';

/** The dialplan variable the peer's "fax extension" sets, as the documented dialplan does on a real Asterisk. */
const OUTCOME_VARIABLE = 'CLOSELOOP_OUTCOME';

/** Q.850 causes as Asterisk reports them in ChannelDestroyed. */
const CAUSES = {
  normal: { cause: 16, text: 'Normal Clearing' },
  busy: { cause: 17, text: 'User busy' },
  noAnswer: { cause: 19, text: 'No answer' },
  unallocated: { cause: 1, text: 'Unallocated (unassigned) number' },
  congestion: { cause: 34, text: 'Circuit/channel congestion' },
} satisfies Record<string, Cause>;
export interface Cause {
  readonly cause: number;
  readonly text: string;
}

/** DELETE /channels/{id}?reason= names, as ARI takes them. */
export const HANGUP_REASONS: Readonly<Record<string, Cause>> = {
  normal: CAUSES.normal,
  busy: CAUSES.busy,
  no_answer: CAUSES.noAnswer,
  congestion: CAUSES.congestion,
};

/** Small gaps between the steps of a channel's life (ms), so events arrive in Asterisk's order. */
const STEP_MS = 5;
const PLAYBACK_MS = 20;
const DTMF_GAP_MS = 10;
/** How long a customer holds on to a silent line (an IVR call whose message has not started) before hanging up. */
const SILENCE_MS = 10_000;

export interface OriginateParams {
  readonly channelId?: string | undefined;
  readonly endpoint: string;
  readonly app: string;
  readonly appArgs: string;
  readonly callerId: string;
  readonly variables: Record<string, string>;
}

interface Channel {
  readonly id: string;
  readonly name: string;
  readonly number: string;
  readonly app: string;
  readonly args: string[];
  readonly callerId: string;
  readonly created: Date;
  readonly rule: CallRule;
  readonly vars: Record<string, string>;
  state: 'Down' | 'Ringing' | 'Up';
  inStasis: boolean;
  readonly recordings: string[];
  readonly timers: NodeJS.Timeout[];
  /** When the customer hangs up by themselves; a message being played keeps them on the line until it ends. */
  hangUp?: NodeJS.Timeout;
}

/** One originate the peer accepted, kept for the control API (tests count calls placed). */
export interface PlacedCall {
  channelId: string;
  number: string;
  endpoint: string;
  app: string;
  rule: CallRule;
  createdAt: string;
  endedAt?: string;
  cause?: number;
}

export type SwitchboardError = { status: 400 | 404 | 409; message: string };
const fail = (status: SwitchboardError['status'], message: string): SwitchboardError => ({ status, message });

/** Asterisk's timestamp format: milliseconds and an offset without a colon. */
const ariTime = (d: Date): string => d.toISOString().replace('Z', '+0000');

/** The number in a dial string: `PJSIP/+8613800000001@carrier` → `+8613800000001`. */
const numberOf = (endpoint: string): string => endpoint.replace(/^[^/]*\//, '').replace(/@.*$/, '');

/**
 * The simulated switch: channels that live as a real Asterisk's outbound channels do, driven by
 * the rule of the number they call, and the events Asterisk sends an application about them,
 * in the same order (see docs/telephony.md).
 */
export function switchboard(emit: (app: string, event: Record<string, unknown>) => void) {
  const channels = new Map<string, Channel>();
  const placed: PlacedCall[] = [];

  const snapshot = (c: Channel): Record<string, unknown> => ({
    id: c.id,
    name: c.name,
    state: c.state,
    protocol_id: '',
    caller: { name: '', number: c.callerId },
    connected: { name: '', number: c.number },
    accountcode: '',
    dialplan: { context: 'closeloop-outbound', exten: c.number, priority: 1, app_name: c.inStasis ? 'Stasis' : '', app_data: c.inStasis ? c.app : '' },
    creationtime: ariTime(c.created),
    language: 'en',
    channelvars: { [OUTCOME_VARIABLE]: c.vars[OUTCOME_VARIABLE] ?? '' },
  });

  const send = (c: Channel, type: string, fields: Record<string, unknown> = {}): void =>
    emit(c.app, { type, timestamp: ariTime(new Date()), application: c.app, ...fields, channel: snapshot(c) });

  const later = (c: Channel, ms: number, step: () => void): void => {
    c.timers.push(setTimeout(() => channels.has(c.id) && step(), ms));
  };

  const setState = (c: Channel, state: Channel['state']): void => {
    c.state = state;
    send(c, 'ChannelStateChange');
  };

  function leaveStasis(c: Channel): void {
    if (!c.inStasis) return;
    c.inStasis = false;
    send(c, 'StasisEnd');
  }

  /** The end of a channel: out of the application, recordings closed, destroyed with its cause. */
  function destroy(c: Channel, cause: Cause): void {
    c.timers.forEach(clearTimeout);
    if (c.state === 'Up') send(c, 'ChannelHangupRequest', { cause: cause.cause });
    leaveStasis(c);
    for (const name of c.recordings.splice(0)) {
      emit(c.app, { type: 'RecordingFinished', timestamp: ariTime(new Date()), application: c.app, recording: { name, format: 'wav', state: 'done', target_uri: `channel:${c.id}` } });
    }
    channels.delete(c.id);
    send(c, 'ChannelDestroyed', { cause: cause.cause, cause_txt: cause.text });
    const record = placed.find((p) => p.channelId === c.id);
    if (record) Object.assign(record, { endedAt: new Date().toISOString(), cause: cause.cause });
  }

  /** Answered: the channel enters the application, and the customer hangs up after talking. */
  function answer(c: Channel): void {
    setState(c, 'Up');
    c.inStasis = true;
    send(c, 'StasisStart', { args: c.args });
    if (c.rule.outcome === 'fax') {
      // fax detection jumps to the dialplan's fax extension, which classifies the call and hangs up
      later(c, STEP_MS, () => {
        leaveStasis(c);
        c.vars[OUTCOME_VARIABLE] = 'fax';
        send(c, 'ChannelVarset', { variable: OUTCOME_VARIABLE, value: 'fax' });
        destroy(c, CAUSES.normal);
      });
      return;
    }
    // an agent talks at once; an IVR call is silent until its message plays, and the customer waits a while for it
    hangUpAfter(c, c.vars['CLOSELOOP_AGENT'] === undefined ? SILENCE_MS + c.rule.talkMs : c.rule.talkMs);
  }

  /** The customer hangs up `ms` from now (replacing an earlier intention). */
  function hangUpAfter(c: Channel, ms: number): void {
    if (c.hangUp) clearTimeout(c.hangUp);
    c.hangUp = setTimeout(() => channels.has(c.id) && destroy(c, CAUSES.normal), ms);
    c.timers.push(c.hangUp);
  }

  /** What the far end does, by the rule of the number. */
  function run(c: Channel): void {
    const { outcome, ringMs } = c.rule;
    if (outcome === 'invalid-number') return later(c, STEP_MS, () => destroy(c, CAUSES.unallocated));
    if (outcome === 'busy') return later(c, STEP_MS, () => destroy(c, CAUSES.busy));
    later(c, STEP_MS, () => setState(c, 'Ringing'));
    if (outcome === 'no-answer') later(c, STEP_MS + ringMs, () => destroy(c, CAUSES.noAnswer));
    if (outcome === 'answered' || outcome === 'fax') later(c, STEP_MS + ringMs, () => answer(c));
  }

  function channel(id: string): Channel | SwitchboardError {
    return channels.get(id) ?? fail(404, 'Channel not found');
  }
  function inStasis(id: string): Channel | SwitchboardError {
    const c = channel(id);
    if ('status' in c) return c;
    return c.inStasis ? c : fail(409, 'Channel not in Stasis application');
  }

  return {
    list: (): Record<string, unknown>[] => [...channels.values()].map(snapshot),
    get(id: string): Record<string, unknown> | SwitchboardError {
      const c = channel(id);
      return 'status' in c ? c : snapshot(c);
    },

    originate(params: OriginateParams, rule: (number: string) => CallRule): Record<string, unknown> | SwitchboardError {
      if (!/^[A-Za-z]+\/.+/.test(params.endpoint)) return fail(400, 'Endpoint must be specified as tech/resource');
      if (!params.app) return fail(400, 'Application or extension must be specified');
      const id = params.channelId ?? randomUUID();
      if (channels.has(id)) return fail(409, 'Channel with given unique ID already exists');
      const number = numberOf(params.endpoint);
      const c: Channel = {
        id,
        name: `${params.endpoint.split('@')[0]}-${id.slice(-8)}`,
        number,
        app: params.app,
        args: params.appArgs ? params.appArgs.split(',') : [],
        callerId: params.callerId,
        created: new Date(),
        rule: rule(number),
        vars: { ...params.variables },
        state: 'Down',
        inStasis: false,
        recordings: [],
        timers: [],
      };
      channels.set(id, c);
      placed.push({ channelId: id, number, endpoint: params.endpoint, app: params.app, rule: c.rule, createdAt: c.created.toISOString() });
      run(c);
      return snapshot(c);
    },

    hangUp(id: string, cause: Cause): SwitchboardError | undefined {
      const c = channel(id);
      if ('status' in c) return c;
      destroy(c, cause);
      return undefined;
    },

    answer(id: string): SwitchboardError | undefined {
      const c = inStasis(id);
      if ('status' in c) return c;
      if (c.state !== 'Up') setState(c, 'Up');
      return undefined;
    },

    /** Plays a message; the customer presses the rule's keys once it has played. */
    play(id: string, media: string, playbackId: string | undefined): Record<string, unknown> | SwitchboardError {
      const c = inStasis(id);
      if ('status' in c) return c;
      const playback = { id: playbackId ?? randomUUID(), media_uri: media, target_uri: `channel:${c.id}`, language: 'en' };
      const playbackEvent = (type: string, state: string): void => emit(c.app, { type, timestamp: ariTime(new Date()), application: c.app, playback: { ...playback, state } });
      later(c, STEP_MS, () => playbackEvent('PlaybackStarted', 'playing'));
      later(c, PLAYBACK_MS, () => playbackEvent('PlaybackFinished', 'done'));
      [...c.rule.dtmf].forEach((digit, i) => later(c, PLAYBACK_MS + DTMF_GAP_MS * (i + 1), () => send(c, 'ChannelDtmfReceived', { digit, duration_ms: 100 })));
      // a customer listens to the message and presses the keys before hanging up, however late it starts
      hangUpAfter(c, PLAYBACK_MS + DTMF_GAP_MS * (c.rule.dtmf.length + 1) + c.rule.talkMs);
      return { ...playback, state: 'queued' };
    },

    record(id: string, name: string): Record<string, unknown> | SwitchboardError {
      const c = inStasis(id);
      if ('status' in c) return c;
      if (!name) return fail(400, 'Recording name must be specified');
      if (c.recordings.includes(name)) return fail(409, 'A recording with the same name is in progress');
      c.recordings.push(name);
      const recording = { name, format: 'wav', target_uri: `channel:${c.id}` };
      emit(c.app, { type: 'RecordingStarted', timestamp: ariTime(new Date()), application: c.app, recording: { ...recording, state: 'recording' } });
      return { ...recording, state: 'queued' };
    },

    placed: (): readonly PlacedCall[] => placed,
  };
}
export type Switchboard = ReturnType<typeof switchboard>;
