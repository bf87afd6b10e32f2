import type { Connection, Types, UpdateQuery } from 'mongoose';
import type { DocumentLocks } from './document-lock';
import { notificationModel, type NotificationDoc } from './notification.repository';

/** An outbox entry as the mail drainer reads it. */
export type OutboxEntry = NotificationDoc & { _id: Types.ObjectId };

export const revisionOf = (entry: Pick<NotificationDoc, 'revision'>): number => entry.revision ?? 0;

/**
 * The delivery side of the notification outbox. Every change is made at the revision the caller
 * read and raises it, through DocumentLocks (FerretDB v1 does not apply conditional updates of
 * one document atomically): of two drainers that read an entry alike, one changes it and the
 * other is told it lost.
 */
export interface MailOutboxStore {
  /** Pending entries due at `now`, oldest first (the drainer skips those another holds a live lease on). */
  findDue(now: Date, limit: number): Promise<OutboxEntry[]>;
  findByKey(key: string): Promise<OutboxEntry | null>;
  /** Dead-lettered entries, latest first. */
  listDeadLetters(limit: number): Promise<OutboxEntry[]>;
  /** Applies `change` if the entry is still at `revision`; true when it did. */
  updateAt(entry: Pick<OutboxEntry, '_id' | 'revision'>, change: UpdateQuery<NotificationDoc>): Promise<boolean>;
}

export function mongoMailOutboxStore(connection: Connection, locks: DocumentLocks): MailOutboxStore {
  const Notifications = notificationModel(connection);
  return {
    findDue(now, limit) {
      // FerretDB v1 scans the collection for this filter (only `_id` is pushed down): one scan per drain pass
      return Notifications.find({ state: 'pending', $or: [{ nextAttemptAt: { $exists: false } }, { nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }] })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<OutboxEntry[]>()
        .exec();
    },
    findByKey(key) {
      return Notifications.findOne({ key }).lean<OutboxEntry>().exec();
    },
    listDeadLetters(limit) {
      return Notifications.find({ state: 'dead-letter' }).sort({ deadLetteredAt: -1 }).limit(limit).lean<OutboxEntry[]>().exec();
    },
    updateAt(entry, change) {
      const revision = revisionOf(entry);
      // entries stored before delivery existed have no revision: they are at 0
      const filter = revision === 0 ? { revision: { $in: [0, null] } } : { revision };
      const { $inc, ...rest } = change;
      return locks.updateIf(
        Notifications,
        String(entry._id),
        { filter, holds: (doc) => revisionOf(doc) === revision },
        { ...rest, $inc: { ...$inc, revision: 1 } },
      );
    },
  };
}
