import type { WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { NextSequence } from '../adapters/mongo/sequences';
import type { WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { NotFoundError } from '../domain/errors';
import { centerDayOf, formatWorkOrderId, type NewWorkOrder } from '../domain/work-order/work-order';

export interface WorkOrderServiceDeps {
  readonly workOrders: WorkOrderRepository;
  readonly nextSequence: NextSequence;
  readonly engine: WorkOrderEngine;
  readonly clock: Clock;
  readonly centerTimeZone: string;
  readonly logger: Logger;
}

export interface WorkOrderService {
  /**
   * Records the work order first (status pending), then asks the engine to start its process.
   * When the engine cannot be reached the work order stays pending and is still accepted: the
   * reconciler starts it later. Nothing accepted is lost, and the engine's duplicate guards
   * (see WorkOrderEngine) keep a retried start from running twice.
   */
  create(input: NewWorkOrder): Promise<WorkOrderDoc>;
  get(workOrderId: string): Promise<WorkOrderDoc>;
  /** Asks the engine to start a pending work order's process. True once the engine accepted it. */
  startProcess(workOrder: WorkOrderDoc): Promise<boolean>;
}

export function createWorkOrderService(deps: WorkOrderServiceDeps): WorkOrderService {
  const { workOrders, engine, clock, logger } = deps;

  async function startProcess(workOrder: WorkOrderDoc): Promise<boolean> {
    try {
      const start = { workOrderId: workOrder.workOrderId, recordId: String(workOrder._id) };
      const { repeated } = await engine.startProcess(start, {
        type: workOrder.type,
        category: workOrder.category,
        customerTier: workOrder.customerTier,
        region: workOrder.region,
      });
      await workOrders.markStartAccepted(workOrder.workOrderId, clock.now());
      if (repeated) logger.info({ workOrderId: workOrder.workOrderId }, 'start message was already accepted earlier');
      return true;
    } catch (err) {
      logger.warn({ err, workOrderId: workOrder.workOrderId }, 'engine did not accept the start; the reconciler will retry');
      return false;
    }
  }

  return {
    async create(input) {
      const now = clock.now();
      const day = centerDayOf(now, deps.centerTimeZone);
      const workOrderId = formatWorkOrderId(day, await deps.nextSequence(`work-order:${day}`));
      const recorded = await workOrders.insertPending(workOrderId, input, now);
      await startProcess(recorded);
      return (await workOrders.findById(workOrderId)) ?? recorded;
    },

    async get(workOrderId) {
      const found = await workOrders.findById(workOrderId);
      if (!found) throw new NotFoundError('work order', workOrderId);
      return found;
    },

    startProcess,
  };
}
