import { nextAttemptAt, retryAfterMs, RetryPolicy } from '../../../domain/oa/retry';

const first = new Date('2026-11-22T00:00:00Z');
const after = (ms: number): Date => new Date(first.getTime() + ms);

describe('OA delivery retries', () => {
  it('waits a random time up to an exponentially growing ceiling, capped', () => {
    expect(nextAttemptAt({ firstAttemptAt: first, failures: 1 }, first, () => 1)).toEqual(after(RetryPolicy.baseMs));
    expect(nextAttemptAt({ firstAttemptAt: first, failures: 3 }, first, () => 1)).toEqual(after(4 * RetryPolicy.baseMs));
    expect(nextAttemptAt({ firstAttemptAt: first, failures: 30 }, first, () => 1)).toEqual(after(RetryPolicy.capMs));
    expect(nextAttemptAt({ firstAttemptAt: first, failures: 3 }, first, () => 0.5)).toEqual(after(2 * RetryPolicy.baseMs));
    // never a busy loop
    expect(nextAttemptAt({ firstAttemptAt: first, failures: 1 }, first, () => 0)).toEqual(after(1_000));
  });

  it('honours Retry-After in seconds or as a date, within reason', () => {
    expect(retryAfterMs('120', first)).toBe(120_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 00:10:00 GMT', first)).toBe(600_000);
    expect(retryAfterMs('999999999', first)).toBe(RetryPolicy.maxRetryAfterMs);
    expect(retryAfterMs('soon', first)).toBeUndefined();
    expect(retryAfterMs(null, first)).toBeUndefined();
    expect(nextAttemptAt({ firstAttemptAt: first, failures: 1, retryAfter: 600_000 }, first, () => 0)).toEqual(after(600_000));
  });

  it('tries at the end of the 72-hour window last, then dead-letters', () => {
    const late = after(RetryPolicy.windowMs - 60_000);
    expect(nextAttemptAt({ firstAttemptAt: first, failures: 20 }, late, () => 1)).toEqual(after(RetryPolicy.windowMs));
    expect(nextAttemptAt({ firstAttemptAt: first, failures: 21 }, after(RetryPolicy.windowMs), () => 1)).toBeUndefined();
  });

  it('keeps trying over at least 72 hours whatever the jitter draws', () => {
    for (const draw of [0, 0.3, 1]) {
      let now = first;
      let failures = 1;
      for (let next = nextAttemptAt({ firstAttemptAt: first, failures }, now, () => draw); next; next = nextAttemptAt({ firstAttemptAt: first, failures }, now, () => draw)) {
        now = next;
        failures++;
      }
      expect(now.getTime() - first.getTime()).toBe(RetryPolicy.windowMs);
    }
  });
});
