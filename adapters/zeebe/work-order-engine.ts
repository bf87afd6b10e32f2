import { WorkOrderProcess } from '../../domain/work-order/process';
import { withTimeout } from '../../domain/async';
import type { ZeebeClient } from './zeebe-client';

/** What the services need from the engine for work orders. */
export interface WorkOrderEngine {
  /**
   * Asks the engine to start the process of a work order. Resolves once the engine has taken
   * the start message, which is not yet proof that an instance runs: only `ticket.route`
   * binding the record is. Sending it again for the same work order is harmless (see below).
   */
  startProcess(start: { workOrderId: string; recordId: string }, variables: Record<string, unknown>): Promise<void>;
}

export interface WorkOrderEngineOptions {
  /** Stop waiting for the engine after this long; the reconciler tries again later. */
  readonly callTimeoutMs: number;
}

/**
 * Starts work orders with the `ticket-created` message start event instead of a plain
 * create-instance call, because its correlation key (the work-order id) lets the engine run
 * only one active instance per work order: a start sent again while the instance runs starts
 * nothing. The message is not buffered (time to live 0): a buffered copy that found the
 * instance running would start a second one as soon as the first ended. The message id names
 * the record (storage id, so a human id re-issued after a restore is a different start).
 */
export function zeebeWorkOrderEngine(zeebe: ZeebeClient, options: WorkOrderEngineOptions): WorkOrderEngine {
  return {
    async startProcess({ workOrderId, recordId }, variables) {
      await withTimeout(
        zeebe.publishMessage({
          name: WorkOrderProcess.messages.created,
          correlationKey: workOrderId,
          messageId: `work-order/${recordId}`,
          timeToLive: 0,
          variables: { ...variables, workOrderId },
        }),
        options.callTimeoutMs,
        'engine did not take the start message in time',
      );
    },
  };
}
