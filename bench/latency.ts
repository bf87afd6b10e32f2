import { setTimeout as delay } from 'node:timers/promises';
import { closedLoop } from './closed-loop';
import type { LifecycleDriver } from './platform';
import { poissonArrivals, seededRandom, summarize, type Summary } from './stats';

/**
 * Work-order creation under load. A creation is what an agent does to raise one: record the
 * contact (POST /api/contacts), then the work order from it (POST /api/work-orders, with an
 * Idempotency-Key). The engine and the workers route and dispatch every work order created
 * here, so they carry their share of the load too.
 */

export interface MaxCreationRun {
  readonly label: string;
  /** The measuring window (epoch ms). */
  readonly window: readonly [number, number];
  readonly concurrency: number;
  readonly measureSeconds: number;
  /** Creations (contact + work order) completed per second within the window. */
  readonly creationsPerSecond: number;
  readonly completedInWindow: number;
  /** Creations completed in the whole run (warm-up and window). */
  readonly completedTotal: number;
  readonly createMs: Summary | undefined;
  readonly contactMs: Summary | undefined;
  readonly errors: readonly string[];
}

/** Creations still in flight after the window are awaited this long (ms) at most. */
const DRAIN_TIMEOUT_MS = 60_000;

/** Closed loop at a high concurrency: as many creations as the platform completes. */
export async function maxCreationRate(driver: LifecycleDriver, label: string, settings: { concurrency: number; warmupMs: number; measureMs: number }): Promise<MaxCreationRun> {
  const { run, inWindow, errors } = await closedLoop(`max creation rate ${label}`, { ...settings, drainTimeoutMs: DRAIN_TIMEOUT_MS }, 20, () => driver.create());
  return {
    label,
    window: run.window,
    concurrency: run.concurrency,
    measureSeconds: run.measureSeconds,
    creationsPerSecond: run.lifecyclesPerSecond,
    completedInWindow: run.completedInWindow,
    completedTotal: run.completedTotal,
    createMs: summarize(inWindow.map((c) => c.createMs)),
    contactMs: summarize(inWindow.map((c) => c.contactMs)),
    errors,
  };
}

export interface OpenLoopRun {
  readonly targetPerSecond: number;
  readonly seconds: number;
  readonly arrivals: number;
  readonly completed: number;
  /** Completed creations per second over the arrival period (what the platform kept up with). */
  readonly achievedPerSecond: number;
  /** POST /api/work-orders, from sending it to its answer (ms). */
  readonly createMs: Summary | undefined;
  readonly contactMs: Summary | undefined;
  /** Contact + work order together, from the arrival's scheduled time (ms): includes any queueing in the driver. */
  readonly creationFromScheduleMs: Summary | undefined;
  /** How late the driver sent arrivals against their schedule (ms): large values would make its numbers suspect. */
  readonly scheduleLagMs: Summary | undefined;
  readonly maxInFlight: number;
  readonly errors: readonly string[];
  readonly seed: number;
}

/**
 * Open loop: creations arrive as a Poisson process at `ratePerSecond`, whether or not earlier
 * ones were answered (a closed loop would slow down with the platform and hide its queueing).
 */
export async function openLoopCreation(driver: LifecycleDriver, settings: { ratePerSecond: number; durationMs: number; seed: number; drainTimeoutMs: number }): Promise<OpenLoopRun> {
  const schedule = poissonArrivals(settings.ratePerSecond, settings.durationMs, seededRandom(settings.seed));
  const createMs: number[] = [];
  const contactMs: number[] = [];
  const fromSchedule: number[] = [];
  const lag: number[] = [];
  const errors: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (const at of schedule) {
    const wait = t0 + at - performance.now();
    if (wait > 1) await delay(wait);
    const sentAt = performance.now();
    lag.push(sentAt - (t0 + at));
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    pending.push(
      driver
        .create()
        .then((created) => {
          createMs.push(created.createMs);
          contactMs.push(created.contactMs);
          fromSchedule.push(performance.now() - (t0 + at));
        })
        .catch((err: unknown) => {
          errors.push(err instanceof Error ? err.message : String(err));
        })
        .finally(() => {
          inFlight -= 1;
        }),
    );
  }
  const drained = await Promise.race([Promise.all(pending).then(() => true), delay(settings.drainTimeoutMs).then(() => false)]);
  if (!drained) errors.push(`${inFlight} creations unanswered ${settings.drainTimeoutMs} ms after the last arrival`);
  return {
    targetPerSecond: settings.ratePerSecond,
    seconds: settings.durationMs / 1000,
    arrivals: schedule.length,
    completed: createMs.length,
    achievedPerSecond: createMs.length / (settings.durationMs / 1000),
    createMs: summarize(createMs),
    contactMs: summarize(contactMs),
    creationFromScheduleMs: summarize(fromSchedule),
    scheduleLagMs: summarize(lag),
    maxInFlight,
    errors,
    seed: settings.seed,
  };
}
