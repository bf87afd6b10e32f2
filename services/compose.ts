import type { Connection } from 'mongoose';
import { connectMongo } from '../adapters/mongo/connect';
import { mongoSequences } from '../adapters/mongo/sequences';
import { mongoWorkOrderRepository, type WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import { zeebeWorkOrderEngine, type WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import { createZeebeClient, type ZeebeClient } from '../adapters/zeebe/zeebe-client';
import type { Connections } from '../config/connections';
import type { Env } from '../config/env';
import type { Logger } from '../config/logger';
import { systemClock, type Clock } from '../domain/clock';
import { createStartReconciler, type StartReconciler } from './start-reconciler';
import { createWorkOrderService, type WorkOrderService } from './work-order-service';

/** The platform's parts, wired once per process (API server, workers, tests). */
export interface Platform {
  readonly mongo: Connection;
  readonly zeebe: ZeebeClient;
  readonly workOrders: WorkOrderRepository;
  readonly workOrderService: WorkOrderService;
  readonly reconciler: StartReconciler;
  readonly clock: Clock;
  close(): Promise<void>;
}

export interface ComposeOptions {
  readonly env: Env;
  readonly connections: Connections;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Replaces the engine-facing part of the services (tests of an unreachable engine). */
  readonly engine?: WorkOrderEngine;
}

export async function composePlatform(options: ComposeOptions): Promise<Platform> {
  const { env, connections, logger } = options;
  const clock = options.clock ?? systemClock;
  const mongo = await connectMongo(connections.mongodbUri);
  const zeebe = createZeebeClient(connections, env);
  const workOrders = mongoWorkOrderRepository(mongo);
  const workOrderService = createWorkOrderService({
    workOrders,
    nextSequence: mongoSequences(mongo),
    engine:
      options.engine ??
      zeebeWorkOrderEngine(zeebe, { callTimeoutMs: env.ENGINE_CALL_TIMEOUT_MS }),
    clock,
    centerTimeZone: env.CENTER_TIME_ZONE,
    logger,
  });
  const reconciler = createStartReconciler({
    workOrders,
    service: workOrderService,
    clock,
    logger,
    intervalMs: env.RECONCILE_INTERVAL_MS,
    graceMs: env.RECONCILE_GRACE_MS,
  });
  return {
    mongo,
    zeebe,
    workOrders,
    workOrderService,
    reconciler,
    clock,
    async close() {
      await reconciler.stop();
      await zeebe.close();
      await mongo.close();
    },
  };
}
