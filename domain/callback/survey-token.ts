import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The link of an e-mail survey: `<payload>.<signature>`, both base64url. The payload names the
 * callback and when the link expires (seconds since the epoch); the signature is HMAC-SHA256 of
 * the payload with the platform's survey secret (SURVEY_TOKEN_SECRET). Nothing is stored for it:
 * a link whose signature holds was made by the platform, and the callback's record decides
 * whether an answer is still wanted.
 */
const Payload = z.strictObject({ c: z.string().min(1).max(80), e: z.number().int().positive() });

const sign = (payload: string, secret: string): Buffer => createHmac('sha256', secret).update(payload).digest();

export function signSurveyToken(callbackId: string, expiresAt: Date, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ c: callbackId, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

export type SurveyTokenCheck = { ok: true; callbackId: string; expiresAt: Date } | { ok: false; why: 'malformed' | 'forged' | 'expired' };

/** Whose survey the token opens, if the platform signed it and it has not expired at `now`. */
export function verifySurveyToken(token: string, secret: string, now: Date): SurveyTokenCheck {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0 || !/^[\w-]+$/.test(payload) || !/^[\w-]+$/.test(signature)) return { ok: false, why: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'forged' };
  const parsed = Payload.safeParse(safeJson(Buffer.from(payload, 'base64url').toString('utf8')));
  if (!parsed.success) return { ok: false, why: 'malformed' };
  const expiresAt = new Date(parsed.data.e * 1000);
  return expiresAt.getTime() <= now.getTime() ? { ok: false, why: 'expired' } : { ok: true, callbackId: parsed.data.c, expiresAt };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
