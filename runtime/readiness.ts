import { setTimeout as delay } from 'node:timers/promises';

/** Polls `check` until it answers true; throws naming `label` after `timeoutMs`. */
export async function waitUntil(
  label: string,
  check: () => Promise<boolean>,
  { timeoutMs, intervalMs = 250, abortIf }: { timeoutMs: number; intervalMs?: number; abortIf?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const abort = abortIf?.();
    if (abort) throw new Error(`${label}: ${abort}`);
    if (Date.now() > deadline) throw new Error(`${label}: not ready after ${Math.round(timeoutMs / 1000)} s`);
    await delay(intervalMs);
  }
}

/** GET `url`: true on a 2xx answer within 2 s. */
export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return response.ok;
}

/** GET `url` and pass the parsed JSON body to `accept` (false on any error or non-2xx). */
export async function httpJsonOk(url: string, accept: (body: unknown) => boolean): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) return false;
  return accept(await response.json());
}
