/** Rejects with `message` when `promise` has not settled within `ms`; the timer never outlives it. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs at most `limit` tasks at a time; the others wait their turn in arrival order. */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * Runs `pass` at once, then again `intervalMs` after each pass ends, never two at a time, until
 * stopped; a failing pass goes to `onError` and the next one comes as usual. `stop()` resolves
 * once the pass under way (if any) has ended.
 */
export function repeatEvery(intervalMs: number, pass: () => Promise<unknown>, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await pass();
      } catch (err) {
        onError(err);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** The exponential step of a retry schedule: `baseMs` after the first failure, doubling, at most `capMs`. */
export const backoffStepMs = (failures: number, baseMs: number, capMs: number): number => Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));

/**
 * The items of `source`, with a turn of the event loop after every `every` of them. An async
 * loop over buffered items runs on microtasks and would hold the loop until the buffer is empty
 * (a parser's thousands of rows, a cursor's batch); a request waiting meanwhile waits for all.
 */
export async function* withBreaks<T>(source: AsyncIterable<T>, every: number): AsyncIterable<T> {
  let count = 0;
  for await (const item of source) {
    yield item;
    if (++count % every === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
