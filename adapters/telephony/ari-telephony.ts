import WebSocket from 'ws';
import type { Logger } from '../../config/logger';
import { AriChannel, AriEvent, channelOfTarget, READ_EVENT_TYPES } from './ari-events';
import { OUTCOME_VARIABLE, outcomeOf } from './ari-outcome';
import type { EventHandlers, LiveCall, Telephony, TelephonyEvent, TelephonySubscription } from './telephony';

export interface AriOptions {
  /** Base URL of ARI, ending in /ari. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Stasis application our calls enter and whose events we read. */
  readonly app: string;
  /** Dial string of a customer's number; `{number}` is replaced, e.g. `PJSIP/{number}@carrier`. */
  readonly dialEndpoint: string;
  /** Upper bound on one REST call (ms). */
  readonly requestTimeoutMs: number;
  readonly logger: Logger;
}

/** Reconnect waits (ms): quick at first, at most 5 s while the server stays away. */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;
/** A ping this often (ms); a stream that did not answer the last one by the next is dead (a silent network drop sends no close). */
const HEARTBEAT_MS = 15_000;

class AriError extends Error {
  constructor(
    readonly status: number,
    what: string,
    body: string,
  ) {
    super(`ARI ${what}: ${status} ${body.slice(0, 200)}`);
    this.name = 'AriError';
  }
}

const liveState = (channelState: string): LiveCall['state'] =>
  channelState === 'Up' ? 'answered' : channelState === 'Ring' || channelState === 'Ringing' ? 'ringing' : 'dialing';

/**
 * Telephony through Asterisk's REST Interface: REST calls with basic auth, and the application's
 * event WebSocket (`/ari/events?app=`), which reconnects when it drops. Our call id is the
 * channel id (`channelId` at originate), so Asterisk refuses a second channel of the same call
 * (409) and every event names the call without a lookup.
 */
export function ariTelephony(options: AriOptions): Telephony {
  const base = options.url.replace(/\/$/, '');
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;

  async function call(method: string, path: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<Response> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    const url = `${base}${path}${params.size > 0 ? `?${params.toString()}` : ''}`;
    return fetch(url, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(options.requestTimeoutMs),
    });
  }

  async function expectOk(response: Response, what: string): Promise<Response> {
    if (!response.ok) throw new AriError(response.status, what, await response.text());
    return response;
  }

  const channelPath = (callId: string): string => `/channels/${encodeURIComponent(callId)}`;

  const telephony: Telephony = {
    async originate(request) {
      const response = await call(
        'POST',
        '/channels',
        {
          endpoint: options.dialEndpoint.replace('{number}', request.to),
          app: options.app,
          // StasisStart carries them: what the call is for, without a lookup
          appArgs: request.mode,
          channelId: request.callId,
          callerId: request.callerId,
          timeout: String(request.ringTimeoutSec),
        },
        { variables: request.variables ?? {} },
      );
      if (response.status === 409) return 'already-exists';
      await expectOk(response, `originate ${request.callId}`);
      return 'placed';
    },

    async hangUp(callId) {
      const response = await call('DELETE', channelPath(callId), { reason: 'normal' });
      if (response.status !== 404) await expectOk(response, `hang up ${callId}`);
    },

    async play(callId, media) {
      const response = await expectOk(await call('POST', `${channelPath(callId)}/play`, { media }), `play to ${callId}`);
      return ((await response.json()) as { id: string }).id;
    },

    async record(callId, name) {
      await expectOk(await call('POST', `${channelPath(callId)}/record`, { name, format: 'wav', ifExists: 'fail' }), `record ${callId}`);
    },

    async liveCalls() {
      const response = await expectOk(await call('GET', '/channels'), 'list channels');
      return AriChannel.array()
        .parse(await response.json())
        .map((c) => ({ callId: c.id, state: liveState(c.state) }));
    },

    async isLive(callId) {
      const response = await call('GET', channelPath(callId));
      if (response.status === 404) return false;
      await expectOk(response, `get ${callId}`);
      return true;
    },

    subscribe: (handlers) => subscribeEvents(telephony, base, authorization, options, handlers),
  };
  return telephony;
}

/** The event stream with its reconnect loop; on each (re)connect it reports the calls still live. */
function subscribeEvents(telephony: Telephony, base: string, authorization: string, options: AriOptions, handlers: EventHandlers): TelephonySubscription {
  const url = `${base.replace(/^http/, 'ws')}/events?${new URLSearchParams({ app: options.app }).toString()}`;
  const log = options.logger.child({ component: 'ari-events' });
  const normalize = eventNormalizer();
  let socket: WebSocket | undefined;
  let closed = false;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = (): void => {
    // a handshake with an unreachable host ends in an error (and a close) instead of hanging
    const ws = new WebSocket(url, { headers: { authorization }, handshakeTimeout: HEARTBEAT_MS });
    socket = ws;
    let answered = true;
    const heartbeat = setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (!answered) return ws.terminate();
      answered = false;
      ws.ping();
    }, HEARTBEAT_MS);
    ws.on('pong', () => (answered = true));
    ws.on('open', () => {
      log.info('ARI event stream connected');
      telephony.liveCalls().then(
        (live) => {
          // reconnects back off until a connection is really usable
          retryMs = RECONNECT_MIN_MS;
          handlers.onConnected(live);
        },
        (err: unknown) => {
          // without the list the gap cannot be reconciled: drop the stream and try again
          log.warn({ err }, 'could not list live calls after connecting');
          ws.terminate();
        },
      );
    });
    ws.on('message', (data) => {
      const raw = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
      for (const event of normalize(raw, log)) handlers.onEvent(event);
    });
    ws.on('error', (err) => log.warn({ err: err.message }, 'ARI event stream error'));
    ws.on('close', () => {
      clearInterval(heartbeat);
      if (closed) return;
      log.warn({ retryMs }, 'ARI event stream closed; reconnecting');
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
    });
  };
  connect();

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      const ws = socket;
      if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    },
  };
}

/**
 * Turns ARI events into ours. It remembers, per live channel, whether it was answered and how the
 * dialplan classified it, for Asterisks whose ari.conf lists no `channelvars` (the snapshot in
 * ChannelDestroyed then lacks the variable).
 */
function eventNormalizer(): (raw: string, log: Logger) => TelephonyEvent[] {
  const answered = new Set<string>();
  const classified = new Map<string, string>();

  return (raw, log) => {
    let message: { type?: unknown };
    try {
      message = JSON.parse(raw) as { type?: unknown };
    } catch {
      log.warn({ frame: raw.slice(0, 200) }, 'ARI event frame is not JSON; ignored');
      return [];
    }
    if (typeof message.type !== 'string' || !READ_EVENT_TYPES.has(message.type)) return [];
    const parsed = AriEvent.safeParse(message);
    if (!parsed.success) {
      log.warn({ type: message.type, issues: parsed.error.issues }, 'ARI event not understood; ignored');
      return [];
    }
    const event = parsed.data;
    const at = event.timestamp;
    switch (event.type) {
      case 'ChannelStateChange': {
        const { id, state } = event.channel;
        if (state === 'Up') answered.add(id);
        return state === 'Ring' || state === 'Ringing' ? [{ kind: 'progress', callId: id, at, state: 'ringing' }] : [];
      }
      case 'StasisStart':
        // an originated channel enters the application once answered: from now on it takes play and record
        answered.add(event.channel.id);
        return [{ kind: 'progress', callId: event.channel.id, at, state: 'answered' }];
      case 'ChannelDtmfReceived':
        return [{ kind: 'dtmf', callId: event.channel.id, at, digit: event.digit }];
      case 'ChannelVarset':
        if (event.channel && event.variable === OUTCOME_VARIABLE) classified.set(event.channel.id, event.value);
        return [];
      case 'PlaybackFinished': {
        const callId = channelOfTarget(event.playback.target_uri);
        return callId ? [{ kind: 'playback-finished', callId, at, playbackId: event.playback.id }] : [];
      }
      case 'RecordingFinished': {
        const callId = channelOfTarget(event.recording.target_uri);
        return callId ? [{ kind: 'recording', callId, at, recordingName: event.recording.name }] : [];
      }
      case 'ChannelDestroyed': {
        const { id, state, creationtime, channelvars } = event.channel;
        const outcome = outcomeOf({
          cause: event.cause,
          channelState: answered.has(id) ? 'Up' : state,
          classifiedAs: channelvars?.[OUTCOME_VARIABLE] || classified.get(id),
        });
        answered.delete(id);
        classified.delete(id);
        return [{ kind: 'ended', callId: id, at, outcome, cause: event.cause, causeText: event.cause_txt, durationMs: at.getTime() - creationtime.getTime() }];
      }
    }
  };
}
