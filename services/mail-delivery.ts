import { senderDomain, smtpMailSender } from '../adapters/mail/mail-sender';
import type { Connections } from '../config/connections';
import type { Env } from '../config/env';
import type { Logger } from '../config/logger';
import { repeatEvery } from '../domain/async';
import type { Platform } from './compose';
import type { DigestScheduler } from './mail-digest';
import { createMailDrainer, type MailDrainer, type MailDrainerOptions } from './mail-drainer';

/** The drainer's settings from the environment. */
export function drainerOptions(env: Env): MailDrainerOptions {
  return {
    leaseMs: env.MAIL_LEASE_MS,
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    retryBaseMs: env.MAIL_RETRY_BASE_MS,
    retryMaxMs: env.MAIL_RETRY_MAX_MS,
    batchSize: 50,
    concurrency: 4,
    messageIdDomain: senderDomain(env.MAIL_FROM),
  };
}

export interface RunningMailDelivery {
  stop(): Promise<void>;
}

/**
 * The workers process's mail loop: every MAIL_DRAIN_INTERVAL_MS, queue the daily digests that
 * are due, then send what the outbox holds. A failed pass is logged and the next one tries again.
 */
export function startMailDelivery(platform: Pick<Platform, 'mail' | 'identity' | 'clock'>, env: Env, connections: Connections, logger: Logger): RunningMailDelivery {
  const sender = smtpMailSender(connections.smtpUrl, env.MAIL_FROM);
  const drainer = createMailDrainer({ store: platform.mail.store, sender, composer: platform.mail.composer, identity: platform.identity, clock: platform.clock, logger }, drainerOptions(env));
  const sweep = async (): Promise<void> => {
    const requeued = await platform.mail.store.sweep(platform.clock.now());
    if (requeued > 0) logger.warn({ requeued }, 'pending notifications were missing from the mail queue');
  };
  return runMailLoop({ drainer, digests: platform.mail.digests, sweep }, env.MAIL_DRAIN_INTERVAL_MS, logger, () => sender.close());
}

/** How often (ms) the loop looks for pending entries the mail queue misses (a scan of the outbox on FerretDB). */
const SWEEP_EVERY_MS = 10 * 60_000;

interface MailLoopParts {
  readonly drainer: MailDrainer;
  readonly digests: DigestScheduler;
  readonly sweep: () => Promise<void>;
}

function runMailLoop({ drainer, digests, sweep }: MailLoopParts, intervalMs: number, logger: Logger, onStop: () => void): RunningMailDelivery {
  // at start first: entries queued before the mail queue existed, or whose writer stopped halfway
  let sweptAt = -Infinity;
  const loop = repeatEvery(
    intervalMs,
    async () => {
      if (Date.now() - sweptAt >= SWEEP_EVERY_MS) {
        await sweep();
        sweptAt = Date.now();
      }
      await digests.enqueueDue();
      await drainer.drainOnce();
    },
    (err) => logger.error({ err }, 'mail pass failed'),
  );
  return {
    async stop() {
      await loop.stop();
      onStop();
    },
  };
}
