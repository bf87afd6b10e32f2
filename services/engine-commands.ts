import { randomUUID } from 'node:crypto';
import type { EngineCommand, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';

export const completeJobCommand = (jobKey: string, variables: Record<string, unknown>, at: Date): EngineCommand => ({
  commandId: randomUUID(),
  kind: 'complete-job',
  jobKey,
  variables,
  createdAt: at,
});

export const publishCommand = (messageName: string, messageId: string, variables: Record<string, unknown>, at: Date): EngineCommand => ({
  commandId: randomUUID(),
  kind: 'publish-message',
  messageName,
  messageId,
  variables,
  createdAt: at,
});

export interface EngineCommandSender {
  /** Sends the work order's owed commands in order; stops at the first the engine does not take. True when none is left. */
  send(workOrder: Pick<WorkOrderDoc, 'workOrderId' | 'engineCommands'>): Promise<boolean>;
}

/**
 * Sends what a change promised the engine. Each command is dropped only after the engine took
 * it, and sending one twice is harmless (a completed job is not found, a message id is deduped),
 * so the request that recorded it and the reconciler may both try.
 */
export function createEngineCommandSender(deps: { workOrders: WorkOrderRepository; engine: WorkOrderEngine; clock: Clock; logger: Logger }): EngineCommandSender {
  const execute = (workOrderId: string, command: EngineCommand): Promise<void> => {
    if (command.kind === 'complete-job') return deps.engine.completeJob(command.jobKey!, command.variables);
    return deps.engine.publish({ name: command.messageName!, workOrderId, messageId: command.messageId!, variables: command.variables });
  };
  return {
    async send({ workOrderId, engineCommands }) {
      for (const command of engineCommands) {
        try {
          await execute(workOrderId, command);
        } catch (err) {
          deps.logger.warn({ err, workOrderId, command: command.kind }, 'engine did not take the command; the reconciler sends it again');
          return false;
        }
        await deps.workOrders.dropCommand(workOrderId, command.commandId, deps.clock.now());
      }
      return true;
    },
  };
}
