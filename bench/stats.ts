/**
 * Small, dependency-free statistics for the benchmark: percentiles, medians, summaries and a
 * seeded random source for open-loop arrivals. Pure functions, unit-tested
 * (test/unit/bench-stats.unit.spec.ts).
 */

/**
 * The p-th percentile (0..100) of `values`, by linear interpolation between the closest ranks
 * (the default of numpy and of most spreadsheets: rank = p/100 * (n - 1)). Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

/** As `percentile`, for values already sorted ascending (no copy). */
export function percentileOfSorted(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  return low + (high - low) * (rank - lower);
}

/** The median (50th percentile); the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | undefined {
  return percentile(values, 50);
}

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** count, min, p50, p90, p99, max and mean of `values`; undefined for no values. */
export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0]!,
    p50: percentileOfSorted(sorted, 50)!,
    p90: percentileOfSorted(sorted, 90)!,
    p99: percentileOfSorted(sorted, 99)!,
    max: sorted[sorted.length - 1]!,
    mean: mean(sorted)!,
  };
}

/**
 * Events per second among `timestamps` (ms) that fall within [from, to): the steady-state rate
 * of a closed-loop run, leaving out its warm-up and its drain.
 */
export function rateWithin(timestamps: readonly number[], from: number, to: number): number {
  if (!(to > from)) throw new RangeError('the window must have a positive length');
  const inside = timestamps.filter((t) => t >= from && t < to).length;
  return inside / ((to - from) / 1000);
}

/** Rounds for reports: `digits` decimals, undefined stays undefined. */
export function round(value: number | undefined, digits = 1): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A seeded uniform random source in [0, 1) (mulberry32): the same seed gives the same arrivals. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Arrival times (ms from 0) of a Poisson process of `ratePerSecond` over `durationMs`: the
 * open-loop load whose requests do not wait for each other's answers.
 */
export function poissonArrivals(ratePerSecond: number, durationMs: number, random: () => number): number[] {
  if (!(ratePerSecond > 0)) throw new RangeError('the rate must be positive');
  const meanGapMs = 1000 / ratePerSecond;
  const arrivals: number[] = [];
  let t = 0;
  for (;;) {
    // 1 - random() lies in (0, 1]: the logarithm stays finite
    t += -Math.log(1 - random()) * meanGapMs;
    if (t >= durationMs) return arrivals;
    arrivals.push(t);
  }
}
