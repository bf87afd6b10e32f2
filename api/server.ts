import type { Server } from 'node:http';
import { boot, onShutdownSignal } from '../config/boot';
import { withTimeout } from '../domain/async';
import { composePlatform, type Platform } from '../services/compose';
import { createApp } from './app';

/** Readiness of the API process: its database and its engine answer within 2 s each. */
function readinessOf(platform: Platform) {
  const answers = (probe: Promise<unknown>): Promise<boolean> =>
    withTimeout(probe, 2_000, 'no answer').then(
      () => true,
      () => false,
    );
  return async (): Promise<Record<string, boolean>> => {
    const [database, engine] = await Promise.all([
      answers(platform.mongo.db?.admin().ping() ?? Promise.reject(new Error('not connected'))),
      answers(platform.zeebe.topology()),
    ]);
    return { database, engine };
  };
}

async function main(): Promise<void> {
  const { env, logger, connections } = boot('api');
  const platform = await composePlatform({ env, connections, logger });
  const app = createApp({ platform, checkReadiness: readinessOf(platform), logger });
  const server: Server = app.listen(env.API_PORT, env.API_HOST, (err?: Error) => {
    if (err) {
      // Express 5 hands listen errors (port in use) here: a process that cannot serve must not stay up
      logger.fatal({ err }, 'API cannot listen');
      process.exit(1);
    }
    logger.info({ url: `http://${env.API_HOST}:${env.API_PORT}` }, 'API listening');
  });
  platform.reconciler.start();
  // OA webhooks this API acknowledged before it stopped, and had not applied yet
  platform.oaInbound.recover().then(
    (n) => n > 0 && logger.info({ recovered: n }, 'OA webhooks applied after a restart'),
    (err: unknown) => logger.error({ err }, 'OA webhooks left pending by the last run could not be read; they are applied at the next start'),
  );

  onShutdownSignal(logger, async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await platform.oaInbound.settled();
    await platform.close();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
