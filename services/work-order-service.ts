import { createHash } from 'node:crypto';
import type { ContactRepository } from '../adapters/mongo/contact.repository';
import type { IdempotencyStore } from '../adapters/mongo/idempotency.repository';
import type { WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { ListCursor, WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { NextSequence } from '../adapters/mongo/sequences';
import type { WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/identity/principal';
import { visibilityOf } from '../domain/work-order/access';
import { IdempotencyKeyReusedError, InvalidReferenceError, RequestInProgressError } from '../domain/work-order/errors';
import type { WorkOrderStatus } from '../domain/work-order/lifecycle';
import { centerDayOf, formatWorkOrderId, type CustomerTier, type NewWorkOrder, type WorkOrderType } from '../domain/work-order/work-order';

export interface WorkOrderServiceDeps {
  readonly workOrders: WorkOrderRepository;
  readonly contacts: ContactRepository;
  readonly idempotency: IdempotencyStore;
  readonly nextSequence: NextSequence;
  readonly engine: WorkOrderEngine;
  readonly clock: Clock;
  readonly centerTimeZone: string;
  /** Reopenings after which a complaint escalates; handed to each instance at its start. */
  readonly escalateAfterReopens: number;
  readonly logger: Logger;
}

export interface ListFilters {
  readonly status?: WorkOrderStatus;
  readonly department?: string;
  readonly type?: WorkOrderType;
  readonly tier?: CustomerTier;
  readonly overdue?: boolean;
  readonly text?: string;
  readonly limit: number;
  readonly after?: ListCursor;
}

export interface Created {
  readonly workOrder: WorkOrderDoc;
  /** True when an earlier request with the same idempotency key created it. */
  readonly replayed: boolean;
}

export interface WorkOrderService {
  /**
   * Records the work order first (status pending), then asks the engine to start its process.
   * When the engine cannot be reached the work order is still accepted: the reconciler starts
   * it later. With an idempotency key, a retried request gets the work order the first created.
   */
  create(principal: Principal, input: NewWorkOrder, idempotencyKey?: string): Promise<Created>;
  /** The work order if the principal may see it; not found otherwise, as if it did not exist. */
  get(principal: Principal, workOrderId: string): Promise<WorkOrderDoc>;
  list(principal: Principal, filters: ListFilters): Promise<{ items: WorkOrderDoc[]; next?: ListCursor }>;
  /** Sends the start of a work order's process. True once the engine took it, false when it could not be reached. */
  startProcess(workOrder: WorkOrderDoc): Promise<boolean>;
}

/** A key's first request may still be running for this long (ms); after it, a retry finishes the job. */
const IN_FLIGHT_MS = 10_000;

const fingerprint = (input: NewWorkOrder): string => createHash('sha256').update(JSON.stringify(input)).digest('hex');

export function createWorkOrderService(deps: WorkOrderServiceDeps): WorkOrderService {
  const { workOrders, engine, clock, logger } = deps;

  async function startProcess(workOrder: WorkOrderDoc): Promise<boolean> {
    const { workOrderId } = workOrder;
    try {
      await engine.startProcess(
        // the record's creation instant tells a re-issued id (after a restore) from the first
        { workOrderId, recordId: `${workOrderId}@${workOrder.createdAt.getTime()}` },
        {
          type: workOrder.type,
          category: workOrder.category,
          customerTier: workOrder.customer.tier,
          region: workOrder.customer.region,
          ownerAgentId: workOrder.ownerAgentId,
          reopenCount: workOrder.reopenCount,
          escalateAfterReopens: deps.escalateAfterReopens,
        },
      );
    } catch (err) {
      logger.warn({ err, workOrderId }, 'engine did not take the start; the reconciler will send it again');
      return false;
    }
    // a failure here is the database's, not the engine's: it propagates
    await workOrders.markStartAccepted(workOrderId, clock.now());
    return true;
  }

  /** Writes the record under `workOrderId` and starts it; a record already there (a retry) is returned as is. */
  async function recordAndStart(principal: Principal, input: NewWorkOrder, workOrderId: string): Promise<WorkOrderDoc> {
    const contact = await deps.contacts.findById(input.contactId);
    if (!contact) throw new InvalidReferenceError('UNKNOWN_CONTACT', `contact ${input.contactId} does not exist`);
    if (input.parentWorkOrderId && !(await workOrders.findVisible(input.parentWorkOrderId, visibilityOf(principal)))) {
      throw new InvalidReferenceError('UNKNOWN_WORK_ORDER', `work order ${input.parentWorkOrderId} does not exist`);
    }
    const now = clock.now();
    const eventId = `EV-${workOrderId.slice(3)}`;
    const recorded = await workOrders.insertPendingOnce(
      {
        workOrderId,
        type: input.type,
        category: input.category,
        description: input.description,
        contactId: contact.contactId,
        eventId,
        customer: { customerId: contact.customerId, name: contact.customerName, tier: contact.customerTier, region: contact.region, phone: contact.phone },
        channel: contact.channel,
        // first-contact responsibility: the agent who took the contact owns the work order
        ownerAgentId: contact.agentId,
        parentWorkOrderId: input.parentWorkOrderId,
        links: input.parentWorkOrderId ? [{ workOrderId: input.parentWorkOrderId, relation: 'parent' }] : [],
      },
      now,
    );
    // a concurrent retry of the same idempotent request recorded it first: that one starts it
    if (!recorded.inserted) return recorded.workOrder;
    // from here on the work order is accepted: nothing below may turn the answer into an
    // error that invites the client to create it a second time
    try {
      await deps.contacts.addEvent(contact.contactId, { eventId, kind: input.type, summary: input.description.slice(0, 200), at: now, workOrderIds: [workOrderId] });
      if (input.parentWorkOrderId) {
        await workOrders.updateLink(input.parentWorkOrderId, { workOrderId, relation: 'child' }, now);
      }
      await startProcess(recorded.workOrder);
      return (await workOrders.findById(workOrderId)) ?? recorded.workOrder;
    } catch (err) {
      logger.error({ err, workOrderId }, 'work order recorded, its start left to the reconciler');
      return recorded.workOrder;
    }
  }

  async function nextWorkOrderId(): Promise<string> {
    const day = centerDayOf(clock.now(), deps.centerTimeZone);
    return formatWorkOrderId(day, await deps.nextSequence(`work-order:${day}`));
  }

  return {
    async create(principal, input, idempotencyKey) {
      if (!idempotencyKey) return { workOrder: await recordAndStart(principal, input, await nextWorkOrderId()), replayed: false };
      const requestHash = fingerprint(input);
      let earlier = await deps.idempotency.find(principal.id, idempotencyKey);
      if (!earlier) {
        const workOrderId = await nextWorkOrderId();
        const reservation = await deps.idempotency.reserve({ principalId: principal.id, key: idempotencyKey, requestHash, resourceId: workOrderId, createdAt: clock.now() });
        if (reservation.reserved) return { workOrder: await recordAndStart(principal, input, workOrderId), replayed: false };
        earlier = reservation.existing;
      }
      if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedError(idempotencyKey);
      const done = await workOrders.findById(earlier.resourceId);
      if (done) return { workOrder: done, replayed: true };
      // the first request reserved the id but has not recorded it: still running, or it died
      if (clock.now().getTime() - earlier.createdAt.getTime() < IN_FLIGHT_MS) throw new RequestInProgressError(idempotencyKey);
      return { workOrder: await recordAndStart(principal, input, earlier.resourceId), replayed: true };
    },

    async get(principal, workOrderId) {
      const found = await workOrders.findVisible(workOrderId, visibilityOf(principal));
      if (!found) throw new NotFoundError('work order', workOrderId);
      return found;
    },

    list(principal, filters) {
      return workOrders.list({ ...filters, visibility: visibilityOf(principal), now: clock.now() });
    },

    startProcess,
  };
}
