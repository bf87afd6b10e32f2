import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from './errors';

/**
 * A notification waiting for the mail adapter (issue 5) to send it: who is told what about
 * which work order. Keyed by its cause (the engine job or action that raised it), so a cause
 * seen twice notifies once.
 */
export interface NotificationDoc {
  key: string;
  kind: 'dispatched' | 'urged' | 'supervised' | 'escalated' | 'cancelled' | 'collaboration-requested' | 'sla-warning' | 'sla-escalated';
  workOrderId: string;
  /** Departments whose people are told (their handlers, or their supervisors for escalations). */
  departments: string[];
  /** Employees told by name (the handler, the owner agent). */
  employees: string[];
  audience: 'handlers' | 'supervisors';
  subject: string;
  state: 'pending' | 'sent';
  createdAt: Date;
}

const NotificationSchema = new Schema<NotificationDoc>(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, required: true },
    workOrderId: { type: String, required: true, index: true },
    departments: { type: [String], default: [] },
    employees: { type: [String], default: [] },
    audience: { type: String, required: true },
    subject: { type: String, required: true },
    state: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notification_outbox', versionKey: false },
);

export interface NotificationOutbox {
  enqueue(notification: Omit<NotificationDoc, 'state'>): Promise<void>;
  forWorkOrder(workOrderId: string): Promise<NotificationDoc[]>;
}

export function mongoNotificationOutbox(connection: Connection): NotificationOutbox {
  const Notifications = connection.model<NotificationDoc>('Notification', NotificationSchema);
  return {
    async enqueue(notification) {
      try {
        await Notifications.create({ ...notification, state: 'pending' });
      } catch (err) {
        // the same cause seen again (a redelivered job): it is queued already
        if (!isDuplicateKey(err)) throw err;
      }
    },
    forWorkOrder(workOrderId) {
      return Notifications.find({ workOrderId }).sort({ createdAt: 1 }).lean<NotificationDoc[]>().exec();
    },
  };
}
