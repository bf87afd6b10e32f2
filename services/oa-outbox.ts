import { createHash } from 'node:crypto';
import type { WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { OaDeliveryDoc, OaEndpointDoc, OaRepository } from '../adapters/mongo/oa.repository';
import { postWebhook } from '../adapters/oa/webhook-client';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import type { OutboundEventType } from '../domain/oa/events';
import { repeatEvery } from '../domain/async';
import { nextAttemptAt, retryAfterMs } from '../domain/oa/retry';

export interface OaOutbox {
  /**
   * Queues a push of `type` about the work order to its OA endpoint. `cause` names what raised it
   * (the engine job, the urge): the same cause queues one delivery however often it is seen.
   */
  push(endpoint: OaEndpointDoc, workOrder: WorkOrderDoc, type: OutboundEventType, cause: string, extra?: Record<string, unknown>): Promise<string>;
  /** Delivers what is due now; resolves with how many attempts it made. */
  drainOnce(): Promise<number>;
  /** Drains every `intervalMs` until stopped (the workers process runs one). */
  start(intervalMs: number): { stop(): Promise<void> };
}

/** A drainer holds a delivery this long; a drainer that died mid-attempt lets it go after that. */
const LEASE_MS = 60_000;
const BATCH = 32;

/** The webhook id of a push: derived from its cause, so a redelivered job queues the same push. */
export const deliveryIdOf = (cause: string): string => `msg_${createHash('sha256').update(cause).digest('base64url').slice(0, 27)}`;

/** The secrets in force at `at` (a rotated-out one serves until it retires). */
export const secretsInForce = (secrets: OaEndpointDoc['signingSecrets'], at: Date): string[] =>
  secrets.filter((s) => !s.retiresAt || s.retiresAt.getTime() > at.getTime()).map((s) => s.secret);

/** What OA is told about a work order: what its handlers need to work on it, nothing more. */
function workOrderData(workOrder: WorkOrderDoc, dispatchRef: string): Record<string, unknown> {
  return {
    workOrderId: workOrder.workOrderId,
    dispatchRef,
    department: workOrder.department,
    type: workOrder.type,
    category: workOrder.category,
    priority: workOrder.priority,
    description: workOrder.description,
    dueAt: workOrder.dueAt?.toISOString(),
    customer: { name: workOrder.customer.name, tier: workOrder.customer.tier, region: workOrder.customer.region, phone: workOrder.customer.phone },
    urgeCount: workOrder.urgeCount,
  };
}

export function createOaOutbox(deps: { repo: OaRepository; clock: Clock; logger: Logger }): OaOutbox {
  const { repo, clock, logger } = deps;

  async function attempt(delivery: OaDeliveryDoc): Promise<void> {
    const endpoint = await repo.endpoint(delivery.endpointId);
    const now = clock.now();
    if (!endpoint) {
      await repo.recordAttempt(delivery._id, { at: now, error: `endpoint ${delivery.endpointId} no longer exists`, durationMs: 0 }, { state: 'dead' });
      return;
    }
    // signature timestamps are wall-clock time: the receiver checks them against its own clock
    const result = await postWebhook(endpoint.url, { id: delivery._id, body: delivery.body }, secretsInForce(endpoint.signingSecrets, new Date()), new Date());
    const at = clock.now();
    const record = { at, durationMs: result.durationMs, ...(result.status ? { status: result.status } : {}), ...(result.error ? { error: result.error } : {}) };
    if (result.ok) {
      await repo.recordAttempt(delivery._id, record, { state: 'delivered' });
      logger.info({ deliveryId: delivery._id, workOrderId: delivery.workOrderId, type: delivery.type, attempts: delivery.attempts.length + 1 }, 'OA push delivered');
      return;
    }
    const windowStart = delivery.resentAt ?? delivery.attempts[0]?.at ?? at;
    const next = nextAttemptAt({ firstAttemptAt: windowStart, failures: delivery.attempts.length + 1, retryAfter: retryAfterMs(result.retryAfter, at) }, at);
    await repo.recordAttempt(delivery._id, record, next ? { state: 'pending', nextAttemptAt: next } : { state: 'dead' });
    logger.warn({ deliveryId: delivery._id, workOrderId: delivery.workOrderId, status: result.status, error: result.error, nextAttemptAt: next }, next ? 'OA push failed; will retry' : 'OA push dead-lettered');
  }

  async function drainOnce(): Promise<number> {
    const now = clock.now();
    let attempted = 0;
    for (const delivery of await repo.due(now, BATCH)) {
      if (!(await repo.claim(delivery._id, now, LEASE_MS))) continue;
      await attempt(delivery);
      attempted++;
    }
    return attempted;
  }

  return {
    async push(endpoint, workOrder, type, cause, extra = {}) {
      const id = deliveryIdOf(cause);
      const now = clock.now();
      const dispatchRef = workOrder.oa?.dispatchRef ?? id;
      const body = JSON.stringify({ type, timestamp: now.toISOString(), data: { ...workOrderData(workOrder, dispatchRef), ...extra } });
      await repo.enqueue({ _id: id, endpointId: endpoint._id, workOrderId: workOrder.workOrderId, type, body, createdAt: now, nextAttemptAt: now });
      return id;
    },
    drainOnce,
    // one drain at a time: a slow endpoint makes the next pass wait, not pile up
    start: (intervalMs) => repeatEvery(intervalMs, drainOnce, (err) => logger.error({ err }, 'OA outbox drain failed')),
  };
}
