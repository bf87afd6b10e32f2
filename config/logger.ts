import pino, { type Logger } from 'pino';
import type { Env } from './env';

export type { Logger } from 'pino';

/** One JSON logger per process; `component` tells API, workers and runtime lines apart. */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>, component: string): Logger {
  return pino({
    level: env.LOG_LEVEL,
    base: { component },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
