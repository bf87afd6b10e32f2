import { signWebhook } from '../../domain/oa/signature';

/** What one delivery attempt got back. */
export interface DeliveryResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly retryAfter?: string;
  readonly error?: string;
  readonly durationMs: number;
}

/** Per attempt: OA answers within this long or the attempt counts as failed (and is retried). */
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * POSTs one Standard Webhooks delivery: the fixed body, signed now with every secret in force.
 * A 2xx answer is delivered; anything else, or no answer, is a failure the outbox retries.
 */
export async function postWebhook(url: string, delivery: { id: string; body: string }, secrets: readonly string[], now: Date): Promise<DeliveryResult> {
  const began = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Closeloop-Webhooks/1', ...signWebhook(delivery.id, now, delivery.body, secrets) },
      body: delivery.body,
      redirect: 'error',
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return {
      ok: response.ok,
      status: response.status,
      retryAfter: response.headers.get('retry-after') ?? undefined,
      durationMs: Math.round(performance.now() - began),
    };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), durationMs: Math.round(performance.now() - began) };
  }
}
