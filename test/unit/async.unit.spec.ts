import { concurrencyLimit, repeatEvery } from '../../domain/async';

describe('concurrencyLimit', () => {
  it('runs at most the limit at once, the rest in arrival order, and passes results and errors through', async () => {
    const limit = concurrencyLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (i === 3) throw new Error('task 3 failed');
      return i * 10;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => limit(task(i))));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 10, 20, 'task 3 failed', 40]);
  });
});

describe('repeatEvery', () => {
  it('runs a pass at once and after each pause, one at a time, survives a failing pass, and stop waits for the pass under way', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    let running = 0;
    let most = 0;
    let release: () => void = () => undefined;
    const loop = repeatEvery(
      1,
      async () => {
        passes++;
        running++;
        most = Math.max(most, running);
        try {
          if (passes === 2) throw new Error('pass 2 failed');
          if (passes === 4) await new Promise<void>((resolve) => (release = resolve));
        } finally {
          running--;
        }
      },
      (err) => errors.push(err),
    );
    while (passes < 4) await new Promise((resolve) => setTimeout(resolve, 2));
    const stopped = loop.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done).toBe(false);
    release();
    await stopped;
    expect(passes).toBe(4);
    expect(most).toBe(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['pass 2 failed']);
  });
});
