import { resolveConnections, type Connections } from './connections';
import { parseEnv, type Env } from './env';
import { createLogger, type Logger } from './logger';

export interface Booted {
  readonly env: Env;
  readonly logger: Logger;
  readonly connections: Connections;
}

/** Start-up common to every platform process: parse the environment once, make the logger. */
export function boot(component: string): Booted {
  const env = parseEnv();
  const logger = createLogger(env, component);
  return { env, logger, connections: resolveConnections(env) };
}

/**
 * Runs `shutdown` once on SIGINT or SIGTERM, then exits. A second signal exits at once, so a
 * stuck shutdown never traps the operator.
 */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    shutdown()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
