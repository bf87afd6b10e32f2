import { randomUUID } from 'node:crypto';
import type { EngineCommand, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { SlaClockProcess } from '../domain/sla/process';

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

/**
 * How long a message to a clock waits for the clock to listen (ms). Long, because tests move the
 * engine's clock by days, and a stop that finds its clock still planning must not expire.
 */
const CLOCK_MESSAGE_TTL_MS = 30 * 24 * 60 * 60_000;

/**
 * A message to one SLA clock (processes/sla-clock.bpmn). The start is not buffered (time to live
 * 0), like a work order's: a buffered copy would start the clock again once it ended.
 */
export const clockCommand = (messageName: string, clockId: string, messageId: string, variables: Record<string, unknown>, at: Date): EngineCommand => ({
  ...publishCommand(messageName, messageId, variables, at),
  correlationKey: clockId,
  timeToLiveMs: messageName === SlaClockProcess.messages.started ? 0 : CLOCK_MESSAGE_TTL_MS,
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
    return deps.engine.publish({
      name: command.messageName!,
      correlationKey: command.correlationKey ?? workOrderId,
      messageId: command.messageId!,
      variables: command.variables,
      ...(command.timeToLiveMs === undefined ? {} : { timeToLiveMs: command.timeToLiveMs }),
    });
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
