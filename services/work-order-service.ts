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
   * When the engine cannot be reached the work order is still accepted: the reconciler starts
   * it later. Nothing accepted is lost, and the engine's one-instance-per-work-order guard
   * (see WorkOrderEngine) keeps a start sent again from running twice.
   */
  create(input: NewWorkOrder): Promise<WorkOrderDoc>;
  get(workOrderId: string): Promise<WorkOrderDoc>;
  /** Sends the start of a work order's process. True once the engine took it, false when it could not be reached. */
  startProcess(workOrder: WorkOrderDoc): Promise<boolean>;
}

export function createWorkOrderService(deps: WorkOrderServiceDeps): WorkOrderService {
  const { workOrders, engine, clock, logger } = deps;

  async function startProcess(workOrder: WorkOrderDoc): Promise<boolean> {
    const { workOrderId } = workOrder;
    try {
      await engine.startProcess(
        { workOrderId, recordId: String(workOrder._id) },
        { type: workOrder.type, category: workOrder.category, customerTier: workOrder.customerTier, region: workOrder.region },
      );
    } catch (err) {
      logger.warn({ err, workOrderId }, 'engine did not take the start; the reconciler will send it again');
      return false;
    }
    // a failure here is the database's, not the engine's: it propagates
    await workOrders.markStartAccepted(workOrderId, clock.now());
    return true;
  }

  return {
    async create(input) {
      const now = clock.now();
      const day = centerDayOf(now, deps.centerTimeZone);
      const workOrderId = formatWorkOrderId(day, await deps.nextSequence(`work-order:${day}`));
      const recorded = await workOrders.insertPending(workOrderId, input, now);
      // from here on the work order is accepted: nothing below may turn the answer into an
      // error that invites the client to create it a second time
      try {
        await startProcess(recorded);
        return (await workOrders.findById(workOrderId)) ?? recorded;
      } catch (err) {
        logger.error({ err, workOrderId }, 'work order recorded, its start left to the reconciler');
        return recorded;
      }
    },

    async get(workOrderId) {
      const found = await workOrders.findById(workOrderId);
      if (!found) throw new NotFoundError('work order', workOrderId);
      return found;
    },

    startProcess,
  };
}
