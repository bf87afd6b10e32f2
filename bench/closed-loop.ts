import { rateWithin } from './stats';

export interface ClosedLoopSettings {
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Give up waiting for the lifecycles still in flight after the window this long (ms). */
  readonly drainTimeoutMs: number;
}

/** What every closed-loop run measures, on the bare engine or through the platform. */
export interface ClosedLoopRun {
  readonly label: string;
  /** The measuring window (epoch ms). */
  readonly window: readonly [number, number];
  readonly concurrency: number;
  readonly measureSeconds: number;
  /** Completed lifecycles per second within the measuring window (warm-up and drain left out). */
  readonly lifecyclesPerSecond: number;
  readonly completedInWindow: number;
  readonly completedTotal: number;
  readonly started: number;
}

/**
 * Keeps `concurrency` lifecycles in flight until the measuring window (after the warm-up) ends,
 * then waits up to `drainTimeoutMs` for those still running. Returns the run's counts, the
 * results of the lifecycles that ended inside the window, and the errors (more than
 * `maxErrors` abort the run).
 */
export async function closedLoop<T>(
  label: string,
  settings: ClosedLoopSettings,
  maxErrors: number,
  lifecycle: () => Promise<T>,
): Promise<{ run: ClosedLoopRun; inWindow: T[]; errors: string[] }> {
  const windowFrom = Date.now() + settings.warmupMs;
  const windowTo = windowFrom + settings.measureMs;
  const completions: number[] = [];
  const inWindow: T[] = [];
  const errors: string[] = [];
  let started = 0;

  async function loop(): Promise<void> {
    while (Date.now() < windowTo) {
      started += 1;
      try {
        const result = await lifecycle();
        const at = Date.now();
        completions.push(at);
        if (at >= windowFrom && at < windowTo) inWindow.push(result);
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
        if (errors.length > maxErrors) throw new Error(`${label}: too many errors, first: ${errors[0]}`);
      }
    }
  }

  const loops = Promise.all(Array.from({ length: settings.concurrency }, () => loop()));
  const drained = await Promise.race([loops.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), windowTo - Date.now() + settings.drainTimeoutMs).unref())]);
  if (!drained) errors.push(`lifecycles still in flight ${settings.drainTimeoutMs} ms after the window`);
  return {
    run: {
      label,
      window: [windowFrom, windowTo],
      concurrency: settings.concurrency,
      measureSeconds: settings.measureMs / 1000,
      lifecyclesPerSecond: rateWithin(completions, windowFrom, windowTo),
      completedInWindow: completions.filter((t) => t >= windowFrom && t < windowTo).length,
      completedTotal: completions.length,
      started,
    },
    inWindow,
    errors,
  };
}
