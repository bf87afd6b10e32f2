import { mean, median, percentile, poissonArrivals, rateWithin, round, seededRandom, summarize } from '../../bench/stats';

describe('benchmark statistics', () => {
  it('interpolates percentiles between the closest ranks', () => {
    const values = [15, 20, 35, 40, 50];
    expect(percentile(values, 0)).toBe(15);
    expect(percentile(values, 100)).toBe(50);
    expect(percentile(values, 50)).toBe(35);
    // rank 0.4 * 4 = 1.6: 20 + 0.6 * (35 - 20)
    expect(percentile(values, 40)).toBeCloseTo(29, 10);
    // rank 0.99 * 4 = 3.96: 40 + 0.96 * 10
    expect(percentile(values, 99)).toBeCloseTo(49.6, 10);
  });

  it('does not depend on the order of the values, nor change them', () => {
    const values = [50, 15, 40, 20, 35];
    expect(percentile(values, 50)).toBe(35);
    expect(values).toEqual([50, 15, 40, 20, 35]);
  });

  it('takes the mean of the middle values as the median of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('has no percentile, median or mean of nothing, and refuses percentiles outside 0..100', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(median([])).toBeUndefined();
    expect(mean([])).toBeUndefined();
    expect(summarize([])).toBeUndefined();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('summarizes 1..100 as expected', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const summary = summarize(values)!;
    expect(summary).toMatchObject({ count: 100, min: 1, p50: 50.5, max: 100, mean: 50.5 });
    // ranks 0.9 * 99 = 89.1 and 0.99 * 99 = 98.01 between the values 90, 91 and 99, 100
    expect(summary.p90).toBeCloseTo(90.1, 10);
    expect(summary.p99).toBeCloseTo(99.01, 10);
  });

  it('counts the rate of events within a window only', () => {
    const at = [0, 500, 1000, 1500, 2000, 2500, 3000];
    // [1000, 3000): 1000, 1500, 2000, 2500 in two seconds
    expect(rateWithin(at, 1000, 3000)).toBe(2);
    expect(() => rateWithin(at, 5, 5)).toThrow(RangeError);
  });

  it('rounds for reports and leaves undefined alone', () => {
    expect(round(1.25, 1)).toBe(1.3);
    expect(round(12.3456, 2)).toBe(12.35);
    expect(round(undefined)).toBeUndefined();
  });

  it('draws the same arrivals from the same seed, at about the asked rate', () => {
    const a = poissonArrivals(50, 60_000, seededRandom(42));
    const b = poissonArrivals(50, 60_000, seededRandom(42));
    expect(a).toEqual(b);
    // 3000 expected; a Poisson count's standard deviation is sqrt(3000) ~ 55
    expect(a.length).toBeGreaterThan(2800);
    expect(a.length).toBeLessThan(3200);
    expect(a.every((t, i) => t >= 0 && t < 60_000 && (i === 0 || t >= a[i - 1]!))).toBe(true);
    const c = poissonArrivals(50, 60_000, seededRandom(43));
    expect(c).not.toEqual(a);
  });

  it('keeps its random source within [0, 1)', () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 10_000 }, () => random());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    // roughly uniform: each tenth of the range gets about a tenth of the draws
    for (let d = 0; d < 10; d++) {
      const inDecile = draws.filter((r) => r >= d / 10 && r < (d + 1) / 10).length;
      expect(inDecile).toBeGreaterThan(850);
      expect(inDecile).toBeLessThan(1150);
    }
  });
});
