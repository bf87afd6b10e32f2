import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../config/logger';
import type { WorkOrderService } from '../services/work-order-service';
import { problemHandler, routeNotFound } from './problem';
import { healthRouter, type ReadinessCheck } from './routes/health.router';
import { workOrdersRouter } from './routes/work-orders.router';

export interface AppDeps {
  readonly workOrderService: WorkOrderService;
  readonly checkReadiness: ReadinessCheck;
  readonly logger: Logger;
}

/** Builds the HTTP app without listening, so tests drive it with supertest and no port. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false } }));
  // work-order bodies are small; a large body is a mistake or an attack
  app.use(express.json({ limit: '64kb', strict: true }));

  app.use('/health', healthRouter(deps.checkReadiness));
  app.use('/api/work-orders', workOrdersRouter(deps.workOrderService));

  app.use(routeNotFound);
  app.use(problemHandler(deps.logger));
  return app;
}
