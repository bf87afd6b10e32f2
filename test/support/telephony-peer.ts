import { parseEnv } from '../../config/env';
import { LOOPBACK, TEST_PROFILE } from '../../config/local-profiles';

/** A rule of the telephony peer's control API (peers/telephony/rules.ts). */
export interface PeerRule {
  outcome: 'answered' | 'no-answer' | 'busy' | 'invalid-number' | 'fax' | 'ring-forever';
  dtmf?: string;
  ringMs?: number;
  talkMs?: number;
}

/** A call the peer was asked to place. */
export interface PeerCall {
  channelId: string;
  number: string;
  endedAt?: string;
  cause?: number;
}

const base = `http://${LOOPBACK}:${TEST_PROFILE.peers.telephony}/control`;

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const env = parseEnv();
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${env.ARI_USERNAME}:${env.ARI_PASSWORD}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`telephony peer ${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The test profile's telephony peer, told and asked through its control API. */
export const telephonyPeer = {
  setRule: (number: string, rule: PeerRule): Promise<unknown> => control('PUT', `/rules/${encodeURIComponent(number)}`, rule),
  callsTo: (number: string): Promise<PeerCall[]> => control('GET', `/calls?number=${encodeURIComponent(number)}`),
  /** Ends every event stream as a network drop would. */
  dropConnections: (): Promise<{ dropped: number }> => control('POST', '/drop-connections'),
};
