import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Language } from '../../domain/identity/accounts';
import type { NotificationKind } from '../../domain/mail/notification-mail';
import type { SkippedRecipient } from '../../domain/mail/recipients';
import { isDuplicateKey } from './errors';

/** One recipient's mail of an outbox entry: marked `sending` before the SMTP transaction and `sent` after it. */
export interface RecipientDelivery {
  employeeId: string;
  name: string;
  email: string;
  language: Language;
  /** `uncertain`: a drainer stopped between `sending` and `sent`; never resent automatically (docs/mail.md). */
  state: 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';
  messageId: string;
  /** The SMTP server's answer to the message (sent) or the error (failed). */
  response?: string;
  at?: Date;
}

/** A line of an entry's delivery journal: its audit trail (who resent it, why it failed). */
export interface DeliveryJournalEntry {
  at: Date;
  event: 'recipients-resolved' | 'attempt-failed' | 'sent' | 'dead-lettered' | 'resend-requested' | 'delivery-uncertain';
  /** `system`, or the admin who asked for a resend. */
  by: string;
  detail: string;
}

/**
 * A notification waiting for the mail adapter (issue 5) to send it: who is told what about
 * which work order. Keyed by its cause (the engine job or action that raised it), so a cause
 * seen twice notifies once.
 */
export interface NotificationDoc {
  key: string;
  kind: NotificationKind;
  /** Absent for a department's daily digest. */
  workOrderId?: string;
  /** Departments whose people are told (their handlers, or their supervisors for escalations). */
  departments: string[];
  /** Employees told by name (the handler, the owner agent). */
  employees: string[];
  /** People outside the center told by address (a customer's survey). */
  addresses?: { employeeId: string; name: string; email: string; language: Language }[];
  /** The callback a survey belongs to (kind callback-survey): the mail links to its survey page. */
  callbackId?: string;
  audience: 'handlers' | 'supervisors';
  subject: string;
  /** `dead-letter`: the mail drainer gave up; an admin may resend it. */
  state: 'pending' | 'sent' | 'dead-letter';
  createdAt: Date;

  // Delivery, written by the mail drainer (services/mail-drainer.ts); absent on entries stored before it.
  /** Raised by every delivery change: drainers change an entry only at the revision they read. */
  revision?: number;
  /** Claims so far (attempts of delivery). */
  attempts?: number;
  /** Not to be claimed before this instant (the backoff after a failed attempt). */
  nextAttemptAt?: Date;
  /** The drainer holding the entry and until when; another may claim it only after that. */
  leaseOwner?: string;
  leaseUntil?: Date;
  /** Set once, at the first claim; absent while the recipients are not resolved yet. */
  recipients?: RecipientDelivery[];
  skipped?: SkippedRecipient[];
  lastError?: string;
  sentAt?: Date;
  deadLetteredAt?: Date;
  journal?: DeliveryJournalEntry[];
}

const NotificationSchema = new Schema<NotificationDoc>(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, required: true },
    workOrderId: { type: String, index: true },
    departments: { type: [String], default: [] },
    employees: { type: [String], default: [] },
    addresses: { type: [new Schema({ employeeId: String, name: String, email: String, language: String }, { _id: false })], default: undefined },
    callbackId: String,
    audience: { type: String, required: true },
    subject: { type: String, required: true },
    state: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revision: { type: Number, default: 0 },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: Date,
    leaseOwner: String,
    leaseUntil: Date,
    recipients: {
      type: [new Schema<RecipientDelivery>({ employeeId: String, name: String, email: String, language: String, state: String, messageId: String, response: String, at: Date }, { _id: false })],
      default: undefined,
    },
    skipped: { type: [new Schema<SkippedRecipient>({ employeeId: String, reason: String }, { _id: false })], default: undefined },
    lastError: String,
    sentAt: Date,
    deadLetteredAt: Date,
    journal: { type: [new Schema<DeliveryJournalEntry>({ at: Date, event: String, by: String, detail: String }, { _id: false })], default: [] },
  },
  { collection: 'notification_outbox', versionKey: false },
);

/** The outbox's model on `connection`, made once (the mail drainer shares it with the outbox writers). */
export function notificationModel(connection: Connection): Model<NotificationDoc> {
  return (connection.models.Notification as Model<NotificationDoc> | undefined) ?? connection.model<NotificationDoc>('Notification', NotificationSchema);
}

/**
 * The outbox entries still to be mailed, one small document each, keyed by the entry's key.
 * FerretDB v1 narrows only `_id` filters, so "which entries are due" cannot be asked of the
 * outbox itself without reading all of it, sent ones included, on every pass of the drainer;
 * this collection holds only the undelivered ones and names each entry's `_id` for a direct read.
 */
export interface MailQueueDoc {
  /** The outbox entry's key. */
  _id: string;
  entryId: Types.ObjectId;
  /** Not to be tried before this instant (the entry's nextAttemptAt, or its creation). */
  dueAt: Date;
}

const MailQueueSchema = new Schema<MailQueueDoc>({ _id: String, entryId: { type: Schema.Types.ObjectId, required: true }, dueAt: { type: Date, required: true } }, { collection: 'mail_queue', versionKey: false });

/** Puts the entry on the mail queue unless it is there; two writers at once both end with it queued once. */
export async function queueOnce(Queue: Model<MailQueueDoc>, key: string, entryId: Types.ObjectId, dueAt: Date): Promise<void> {
  try {
    await Queue.updateOne({ _id: key }, { $setOnInsert: { entryId, dueAt } }, { upsert: true });
  } catch (err) {
    // two upserts of one new key at once: the other inserted it
    if (!isDuplicateKey(err)) throw err;
  }
}

export function mailQueueModel(connection: Connection): Model<MailQueueDoc> {
  return (connection.models.MailQueue as Model<MailQueueDoc> | undefined) ?? connection.model<MailQueueDoc>('MailQueue', MailQueueSchema);
}

export interface NotificationOutbox {
  enqueue(notification: Omit<NotificationDoc, 'state'>): Promise<void>;
  forWorkOrder(workOrderId: string): Promise<NotificationDoc[]>;
}

export function mongoNotificationOutbox(connection: Connection): NotificationOutbox {
  const Notifications = notificationModel(connection);
  const Queue = mailQueueModel(connection);
  return {
    async enqueue(notification) {
      let entryId: Types.ObjectId;
      try {
        entryId = (await Notifications.create({ ...notification, state: 'pending' }))._id;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // the same cause seen again (a redelivered job): queued already, unless the first call
        // stopped before the mail queue heard of it (a scan by key, on this rare path only)
        const first = await Notifications.findOne({ key: notification.key }, { _id: 1, state: 1 }).lean<{ _id: Types.ObjectId; state: NotificationDoc['state'] }>().exec();
        if (first?.state !== 'pending') return;
        entryId = first._id;
      }
      await queueOnce(Queue, notification.key, entryId, notification.createdAt);
    },
    forWorkOrder(workOrderId) {
      return Notifications.find({ workOrderId }).sort({ createdAt: 1 }).lean<NotificationDoc[]>().exec();
    },
  };
}
