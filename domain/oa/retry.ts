import { backoffStepMs } from '../async';

/**
 * When an OA delivery that failed is tried again: exponential backoff with full jitter (the
 * next wait is random in [0, min(cap, base·2^n)], so endpoints recovering from an outage are not
 * hit by every sender at once), never sooner than the endpoint's Retry-After. The last attempt
 * falls at the end of the retry window (72 hours after the first); a failure after it
 * dead-letters the delivery.
 */
export const RetryPolicy = {
  baseMs: 30_000,
  capMs: 6 * 60 * 60_000,
  windowMs: 72 * 60 * 60_000,
  /** The longest Retry-After honoured; a larger one is read as this much. */
  maxRetryAfterMs: 24 * 60 * 60_000,
} as const;

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now.getTime();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), RetryPolicy.maxRetryAfterMs);
}

/**
 * The instant of the next attempt after `failures` failed attempts, or undefined when the
 * delivery is to be dead-lettered. `random` is injectable for tests (default Math.random).
 */
export function nextAttemptAt(
  { firstAttemptAt, failures, retryAfter }: { firstAttemptAt: Date; failures: number; retryAfter?: number },
  now: Date,
  random: () => number = Math.random,
): Date | undefined {
  const ceiling = backoffStepMs(failures, RetryPolicy.baseMs, RetryPolicy.capMs);
  const windowEnd = firstAttemptAt.getTime() + RetryPolicy.windowMs;
  if (now.getTime() >= windowEnd) return undefined;
  const wait = Math.max(Math.round(random() * ceiling), retryAfter ?? 0, 1_000);
  return new Date(Math.min(now.getTime() + wait, windowEnd));
}
