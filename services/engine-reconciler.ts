import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import type { EngineCommandSender } from './engine-commands';
import type { WorkOrderService } from './work-order-service';

export interface EngineReconcilerOptions {
  readonly workOrders: WorkOrderRepository;
  readonly service: Pick<WorkOrderService, 'startProcess'>;
  readonly commands: EngineCommandSender;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Pause between passes (ms). */
  readonly intervalMs: number;
  /** Leave work orders younger than this (ms) to the request that created them and the workers. */
  readonly graceMs: number;
  /** Work orders per pass. */
  readonly batchSize?: number;
}

export interface EngineReconciler {
  /** One pass; resolves with how many work orders it started or sent owed commands of. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Finishes what a request began and could not end: work orders that no process instance has
 * bound (engine down, timeout, crash between recording and starting, a start sent before the
 * process was deployed), and steps or messages recorded but not yet taken by the engine. Sending
 * either again is safe: the engine runs at most one instance per work order, a completed job is
 * not completed twice, and messages carry ids.
 */
export function createEngineReconciler(options: EngineReconcilerOptions): EngineReconciler {
  const { workOrders, service, clock, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let active = false;

  async function runOnce(): Promise<number> {
    const before = new Date(clock.now().getTime() - options.graceMs);
    const batch = options.batchSize ?? 100;
    const unbound = await workOrders.findUnboundSince(before, batch);
    let started = 0;
    for (const workOrder of unbound) {
      if (await service.startProcess(workOrder)) started += 1;
      else break; // the engine is still away: the next pass tries again
    }
    const owing = await workOrders.findOwingCommands(before, batch);
    let sent = 0;
    for (const workOrder of owing) {
      if (await options.commands.send(workOrder)) sent += 1;
      else break;
    }
    if (unbound.length + owing.length > 0) logger.info({ unbound: unbound.length, started, owing: owing.length, sent }, 'engine reconciler pass');
    return started + sent;
  }

  function schedule(): void {
    timer = setTimeout(() => {
      running = runOnce()
        .catch((err: unknown) => {
          logger.error({ err }, 'engine reconciler pass failed');
          return 0;
        })
        .finally(() => {
          running = undefined;
          if (active) schedule();
        });
    }, options.intervalMs);
  }

  return {
    runOnce,
    start() {
      if (active) return;
      active = true;
      if (!running) schedule(); // else the pass under way schedules the next one
    },
    async stop() {
      active = false;
      clearTimeout(timer);
      await running;
    },
  };
}
