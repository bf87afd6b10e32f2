import { WorkOrderProcess } from '../../domain/work-order/process';
import { withTimeout } from '../../domain/async';
import type { JSON } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import { isNotFound, type ZeebeClient } from './zeebe-client';

/** What the services need from the engine for work orders. */
export interface WorkOrderEngine {
  /**
   * Asks the engine to start the process of a work order. Resolves once the engine has taken
   * the start message, which is not yet proof that an instance runs: only `ticket.route`
   * binding the record is. Sending it again for the same work order is harmless (see below).
   */
  startProcess(start: { workOrderId: string; recordId: string }, variables: Record<string, unknown>): Promise<void>;
  /** Completes a human step's job. A job the engine no longer has (completed before, instance gone) counts as done. */
  completeJob(jobKey: string, variables: Record<string, unknown>): Promise<void>;
  /**
   * Publishes a message to a work order's instance (or, by its correlation key, one of its SLA
   * clocks); the same message id again within its time to live is dropped.
   */
  publish(message: { name: string; correlationKey: string; messageId: string; variables: Record<string, unknown>; timeToLiveMs?: number }): Promise<void>;
}

export interface WorkOrderEngineOptions {
  /** Stop waiting for the engine after this long; the reconcilers try again later. */
  readonly callTimeoutMs: number;
}

/**
 * How long urges, supervision and cancellation wait in the engine for the instance to listen
 * (ms): an instance still starting picks them up; dedupe by message id lasts as long.
 */
const MESSAGE_TTL_MS = 60 * 60_000;

/** Variables here come from zod-parsed requests and records: plain JSON by construction. */
const asJson = (variables: Record<string, unknown>): Record<string, JSON> => variables as Record<string, JSON>;

const GRPC_ALREADY_EXISTS = 6;
const alreadyPublished = (err: unknown): boolean =>
  (err as { code?: unknown } | null)?.code === GRPC_ALREADY_EXISTS || /ALREADY_EXISTS/.test(String(err));

/**
 * Starts work orders with the `ticket-created` message start event instead of a plain
 * create-instance call, because its correlation key (the work-order id) lets the engine run
 * only one active instance per work order: a start sent again while the instance runs starts
 * nothing. The message is not buffered (time to live 0): a buffered copy that found the
 * instance running would start a second one as soon as the first ended. The message id names
 * the record (storage id, so a human id re-issued after a restore is a different start).
 */
export function zeebeWorkOrderEngine(zeebe: ZeebeClient, options: WorkOrderEngineOptions): WorkOrderEngine {
  const timed = <T>(call: Promise<T>, what: string): Promise<T> => withTimeout(call, options.callTimeoutMs, `engine did not ${what} in time`);
  return {
    async startProcess({ workOrderId, recordId }, variables) {
      await timed(
        zeebe.publishMessage({
          name: WorkOrderProcess.messages.created,
          correlationKey: workOrderId,
          messageId: `work-order/${recordId}`,
          timeToLive: 0,
          variables: { ...variables, workOrderId },
        }),
        'take the start message',
      );
    },

    async completeJob(jobKey, variables) {
      try {
        await timed(zeebe.completeJob({ jobKey, variables: asJson(variables) }), 'complete the step');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },

    async publish({ name, correlationKey, messageId, variables, timeToLiveMs = MESSAGE_TTL_MS }) {
      try {
        await timed(zeebe.publishMessage({ name, correlationKey, messageId, timeToLive: timeToLiveMs, variables: asJson(variables) }), 'take the message');
      } catch (err) {
        if (!alreadyPublished(err)) throw err;
      }
    },
  };
}
