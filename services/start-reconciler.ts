import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import type { WorkOrderService } from './work-order-service';

export interface StartReconcilerOptions {
  readonly workOrders: WorkOrderRepository;
  readonly service: Pick<WorkOrderService, 'startProcess'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Pause between passes (ms). */
  readonly intervalMs: number;
  /** Leave work orders younger than this (ms) to the request that created them. */
  readonly graceMs: number;
  /** Work orders per pass. */
  readonly batchSize?: number;
}

export interface StartReconciler {
  /** One pass; resolves with how many work orders it started. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Finishes what a request began and could not end: work orders recorded as pending whose
 * process start the engine never confirmed (engine down, timeout, crash between the two).
 */
export function createStartReconciler(options: StartReconcilerOptions): StartReconciler {
  const { workOrders, service, clock, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function runOnce(): Promise<number> {
    const before = new Date(clock.now().getTime() - options.graceMs);
    const pending = await workOrders.findPendingSince(before, options.batchSize ?? 100);
    let started = 0;
    for (const workOrder of pending) {
      if (await service.startProcess(workOrder)) started += 1;
      else break; // the engine is still away: the next pass tries again
    }
    if (pending.length > 0) logger.info({ pending: pending.length, started }, 'start reconciler pass');
    return started;
  }

  function schedule(): void {
    timer = setTimeout(() => {
      running = runOnce()
        .catch((err: unknown) => {
          logger.error({ err }, 'start reconciler pass failed');
          return 0;
        })
        .finally(() => {
          running = undefined;
          if (timer) schedule();
        });
    }, options.intervalMs);
  }

  return {
    runOnce,
    start() {
      if (!timer) schedule();
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
