import { WorkOrderProcess } from '../../domain/work-order/process';
import { isAlreadyExists, type ZeebeClient } from './zeebe-client';

/** What the services need from the engine for work orders. */
export interface WorkOrderEngine {
  /**
   * Asks the engine to start the process of a work order. Resolves once the engine has
   * accepted the start; a repeat for the same work order is harmless (see below).
   */
  startProcess(
    start: { workOrderId: string; recordId: string },
    variables: Record<string, unknown>,
  ): Promise<{ messageKey?: string; repeated: boolean }>;
}

export interface WorkOrderEngineOptions {
  /** How long the engine buffers the start message; a repeat inside it is rejected as a duplicate. */
  readonly messageTtlMs: number;
  /** Stop waiting for the engine after this long; the reconciler tries again later. */
  readonly callTimeoutMs: number;
}

/**
 * Starts work orders with the `ticket-created` message start event instead of a plain
 * create-instance call, because the engine then guards against duplicates twice over:
 * message id = the record's storage id rejects a repeat while the first message is buffered,
 * and correlation key = work-order id lets only one instance per work order be active.
 * (The storage id, not the human id, names the message: a human id re-issued after a restore
 * must start its own process, not be taken for a repeat.)
 */
export function zeebeWorkOrderEngine(zeebe: ZeebeClient, options: WorkOrderEngineOptions): WorkOrderEngine {
  return {
    async startProcess({ workOrderId, recordId }, variables) {
      try {
        const response = await withTimeout(
          zeebe.publishMessage({
            name: WorkOrderProcess.messages.created,
            correlationKey: workOrderId,
            messageId: `work-order/${recordId}`,
            timeToLive: options.messageTtlMs,
            variables: { ...variables, workOrderId },
          }),
          options.callTimeoutMs,
          'engine did not accept the start message in time',
        );
        return { messageKey: String(response.key), repeated: false };
      } catch (err) {
        if (isAlreadyExists(err)) return { repeated: true };
        throw err;
      }
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
