import { setTimeout as delay } from 'node:timers/promises';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { resolveConnections } from '../../config/connections';
import { parseEnv } from '../../config/env';
import { createLogger } from '../../config/logger';
import { TEST_PROFILE } from '../../config/local-profiles';
import { composePlatform, type ComposeOptions, type Platform } from '../../services/compose';
import { startWorkers, workerDefinitions } from '../../workers';
import { SharedClock } from './shared-clock';
import type { RunningWorkers } from '../../workers/worker-kit';

export interface TestPlatform {
  readonly platform: Platform;
  readonly app: Express;
  /** The platform's clock, moved together with the engine's (see SharedClock). */
  readonly clock: SharedClock;
  /** Starts the job workers (tests that need a moment without them start them late). */
  startWorkers(): void;
  close(): Promise<void>;
}

/**
 * The platform as the API and worker processes wire it, on the engine and database that
 * global-setup.ts provides. Its clock follows the engine's controlled clock, which a test may
 * have moved by days: timers and the instants the platform stamps agree in every file. Only
 * `overrides` differ, and only where a test says so.
 */
export async function startTestPlatform({
  workers: withWorkers = true,
  ...overrides
}: Partial<Pick<ComposeOptions, 'engine'>> & { workers?: boolean } = {}): Promise<TestPlatform> {
  const env = parseEnv();
  const logger = createLogger(env, 'test');
  const clock = new SharedClock();
  await clock.sync();
  const platform = await composePlatform({ env, connections: resolveConnections(env, TEST_PROFILE), logger, clock, ...overrides });
  const app = createApp({
    platform,
    checkReadiness: () => Promise.resolve({ database: true, engine: true }),
    logger,
  });
  let workers: RunningWorkers | undefined;
  const start = (): void => {
    workers ??= startWorkers(platform.zeebe, workerDefinitions, platform, {
      maxJobsToActivate: env.WORKER_MAX_JOBS,
      longPollMs: env.WORKER_LONG_POLL_MS,
      pollIntervalMs: env.WORKER_POLL_INTERVAL_MS,
      logger,
    });
  };
  if (withWorkers) start();
  return {
    platform,
    app,
    clock,
    startWorkers: start,
    async close() {
      await workers?.close();
      await platform.close();
    },
  };
}

/**
 * Starts a test platform before the file's tests and closes it after them. Returns an
 * accessor, since the platform exists only once `beforeAll` has run.
 */
export function useTestPlatform(options: Parameters<typeof startTestPlatform>[0] = {}): () => TestPlatform {
  let started: TestPlatform | undefined;
  beforeAll(async () => {
    started = await startTestPlatform(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return () => {
    if (!started) throw new Error('the test platform starts in beforeAll');
    return started;
  };
}

/** Polls `probe` until it returns a value `accept` likes; fails with the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (accept(last)) return last;
    await delay(intervalMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}
