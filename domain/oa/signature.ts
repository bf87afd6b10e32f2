import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the signature is
 * `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, keyed with the
 * base64-decoded part of a `whsec_...` secret. A sender holding several secrets (during a
 * rotation) sends one signature per secret, separated by spaces; a receiver accepts a
 * message when any signature matches any of its secrets.
 */
export const SECRET_PREFIX = 'whsec_';

/** Seconds a webhook's timestamp may differ from the receiver's clock (replays older than this are refused outright). */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

export interface WebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** A new random secret of 32 bytes in the Standard Webhooks form. */
export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export function isSecret(value: string): boolean {
  if (!value.startsWith(SECRET_PREFIX)) return false;
  const key = Buffer.from(value.slice(SECRET_PREFIX.length), 'base64');
  return key.length >= 24 && key.length <= 64;
}

function sign1(secret: string, id: string, timestamp: string, body: string): Buffer {
  return createHmac('sha256', Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64'))
    .update(`${id}.${timestamp}.${body}`)
    .digest();
}

/** The three headers of one delivery attempt, signed with every secret given. */
export function signWebhook(id: string, at: Date, body: string, secrets: readonly string[]): WebhookHeaders {
  if (secrets.length === 0) throw new Error('a webhook needs at least one signing secret');
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': secrets.map((s) => `v1,${sign1(s, id, timestamp, body).toString('base64')}`).join(' '),
  };
}

export type VerifyFailure = 'WEBHOOK_HEADERS_MISSING' | 'WEBHOOK_TIMESTAMP_STALE' | 'WEBHOOK_SIGNATURE_INVALID';

/**
 * Which of `candidates` signed the message, or why none did. The timestamp is checked first so
 * an old captured message fails as stale even when its signature is genuine.
 */
export function verifyWebhook<C extends { readonly secret: string }>(
  headers: Partial<Record<keyof WebhookHeaders, string | undefined>>,
  body: string,
  candidates: readonly C[],
  now: Date,
): { ok: true; signer: C } | { ok: false; code: VerifyFailure } {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return { ok: false, code: 'WEBHOOK_HEADERS_MISSING' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_S) return { ok: false, code: 'WEBHOOK_TIMESTAMP_STALE' };
  const offered = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const candidate of candidates) {
    const expected = sign1(candidate.secret, id, timestamp, body);
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) return { ok: true, signer: candidate };
  }
  return { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
}
