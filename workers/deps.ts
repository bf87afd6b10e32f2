import type { NotificationOutbox } from '../adapters/mongo/notification.repository';
import type { JobGuard, WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Clock } from '../domain/clock';

/** What the work-order workers use: the record, the notification outbox and the platform clock. */
export interface WorkOrderWorkerDeps {
  readonly workOrders: WorkOrderRepository;
  readonly notifications: NotificationOutbox;
  readonly clock: Clock;
}

/** The flow's steps no longer touch a work order whose end was recorded first (closed or cancelled). */
export const NOT_ENDED: JobGuard = { statusNotIn: ['closed', 'cancelled'] };
