import { boot, onShutdownSignal } from '../config/boot';
import { composePlatform } from '../services/compose';
import { startMailDelivery } from '../services/mail-delivery';
import { startBatchWatcher } from '../services/batch-watcher';
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

  // the operators' batch files: imported one at a time from Work/ (services/batch-watcher.ts)
  const batchWatcher = await startBatchWatcher({ importer: platform.subscriberImports, logger, pollMs: env.SUBSCRIBER_BATCH_POLL_MS, settleMs: 2_000 });

  onShutdownSignal(logger, async () => {
    await oaDrainer.stop();
    await batchWatcher.close();
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
