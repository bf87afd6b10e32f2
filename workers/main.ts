import { boot, onShutdownSignal } from '../config/boot';
import { composePlatform } from '../services/compose';
import { startMailDelivery } from '../services/mail-delivery';
import { startWorkers, workerDefinitions } from './index';

async function main(): Promise<void> {
  const { env, logger, connections } = boot('workers');
  const platform = await composePlatform({ env, connections, logger });
  const workers = startWorkers(platform.zeebe, workerDefinitions, platform, { maxJobsToActivate: env.WORKER_MAX_JOBS, longPollMs: env.WORKER_LONG_POLL_MS, pollIntervalMs: env.WORKER_POLL_INTERVAL_MS, logger });
  logger.info({ jobTypes: workerDefinitions.map((w) => w.type) }, 'workers started');
  const oaDrainer = platform.oaOutbox.start(env.OA_DRAIN_INTERVAL_MS);
  const callListener = platform.listenToCalls();
  // the notification outbox's mail and the daily digests (services/mail-drainer.ts)
  const mail = startMailDelivery(platform, env, connections, logger);

  onShutdownSignal(logger, async () => {
    await oaDrainer.stop();
    await workers.close();
    await callListener.close();
    await mail.stop();
    await platform.close();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
