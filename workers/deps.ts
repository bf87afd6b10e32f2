import type { NotificationOutbox } from '../adapters/mongo/notification.repository';
import type { OaRepository } from '../adapters/mongo/oa.repository';
import type { SlaRepository } from '../adapters/mongo/sla.repository';
import type { JobGuard, WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Clock } from '../domain/clock';
import type { EngineCommandSender } from '../services/engine-commands';
import type { IdentityService } from '../services/identity-service';
import type { OaOutbox } from '../services/oa-outbox';
import type { SlaService } from '../services/sla-service';

/**
 * What the workers use: the work-order record, the SLA store, the notification outbox, the
 * sender of owed engine commands, the units and who supervises them, the OA outbox, and the platform clock.
 */
export interface WorkOrderWorkerDeps {
  readonly workOrders: WorkOrderRepository;
  readonly notifications: NotificationOutbox;
  readonly sla: SlaRepository;
  readonly slaService: SlaService;
  readonly commands: EngineCommandSender;
  readonly identity: Pick<IdentityService, 'supervisorsFor' | 'unitNow'>;
  /** OA endpoints and the outbox of pushes to them. */
  readonly oa: OaRepository;
  readonly oaOutbox: OaOutbox;
  readonly clock: Clock;
}

/** The flow's steps no longer touch a work order whose end was recorded first (closed or cancelled). */
export const NOT_ENDED: JobGuard = { statusNotIn: ['closed', 'cancelled'] };

/** Sends what the work order owes the engine (the commands a worker's update recorded); the reconciler retries what fails. */
export async function sendOwedCommands(deps: Pick<WorkOrderWorkerDeps, 'workOrders' | 'commands'>, workOrderId: string): Promise<void> {
  const doc = await deps.workOrders.findById(workOrderId);
  if (doc && doc.engineCommands.length > 0) await deps.commands.send(doc);
}
