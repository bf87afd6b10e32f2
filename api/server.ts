import type { Server } from 'node:http';
import { boot, onShutdownSignal } from '../config/boot';
import { composePlatform, type Platform } from '../services/compose';
import { createApp } from './app';

/** Readiness of the API process: its database and its engine answer. */
function readinessOf(platform: Platform) {
  return async (): Promise<Record<string, boolean>> => {
    const [database, engine] = await Promise.all([
      platform.mongo.db
        ?.admin()
        .ping()
        .then(() => true)
        .catch(() => false) ?? Promise.resolve(false),
      Promise.race([
        platform.zeebe.topology().then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000)),
      ]).catch(() => false),
    ]);
    return { database, engine };
  };
}

async function main(): Promise<void> {
  const { env, logger, connections } = boot('api');
  const platform = await composePlatform({ env, connections, logger });
  const app = createApp({ workOrderService: platform.workOrderService, checkReadiness: readinessOf(platform), logger });
  const server: Server = app.listen(env.API_PORT, env.API_HOST, () => {
    logger.info({ url: `http://${env.API_HOST}:${env.API_PORT}` }, 'API listening');
  });
  platform.reconciler.start();

  onShutdownSignal(logger, async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await platform.close();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
