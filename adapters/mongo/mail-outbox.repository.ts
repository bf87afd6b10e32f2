import type { Connection, Types, UpdateQuery } from 'mongoose';
import type { DocumentLocks } from './document-lock';
import { isDuplicateKey } from './errors';
import { mailQueueModel, notificationModel, queueOnce, type MailQueueDoc, type NotificationDoc } from './notification.repository';

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
  /**
   * Pending entries due at `now`, earliest due first, found through the mail queue and read by
   * `_id` (the drainer skips those another holds a live lease on). Queue documents of entries that
   * are no longer pending are dropped; those of entries due later are moved to their time.
   */
  findDue(now: Date, limit: number): Promise<OutboxEntry[]>;
  /** Takes a sent or dead-lettered entry off the mail queue. */
  dequeue(key: string): Promise<void>;
  /** Puts a pending entry (back) on the mail queue, due at `dueAt`. */
  schedule(entry: Pick<OutboxEntry, '_id' | 'key'>, dueAt: Date): Promise<void>;
  /**
   * Puts every pending entry the queue misses back on it: entries whose writer stopped between
   * the outbox and the queue. A scan of the outbox on FerretDB, so run rarely. Returns how many.
   */
  sweep(now: Date): Promise<number>;
  findByKey(key: string): Promise<OutboxEntry | null>;
  /** One page of the dead-lettered entries, latest first, and how many there are (a scan of the outbox on FerretDB: an admin's screen). */
  listDeadLetters(page: { skip: number; limit: number }): Promise<{ items: OutboxEntry[]; total: number }>;
  /** Applies `change` if the entry is still at `revision`; true when it did. */
  updateAt(entry: Pick<OutboxEntry, '_id' | 'revision'>, change: UpdateQuery<NotificationDoc>): Promise<boolean>;
}

export function mongoMailOutboxStore(connection: Connection, locks: DocumentLocks): MailOutboxStore {
  const Notifications = notificationModel(connection);
  const Queue = mailQueueModel(connection);
  return {
    async findDue(now, limit) {
      // the queue holds only undelivered entries: reading it whole stays cheap as the outbox grows
      const due = await Queue.find({ dueAt: { $lte: now } }).sort({ dueAt: 1 }).limit(limit).lean<MailQueueDoc[]>().exec();
      const entries = await Promise.all(due.map((q) => Notifications.findOne({ _id: q.entryId }).lean<OutboxEntry>().exec()));
      const pending: OutboxEntry[] = [];
      for (const [i, entry] of entries.entries()) {
        const queued = due[i]!;
        // conditional on the time read: a resend that queued the entry again meanwhile stays queued
        if (entry?.state !== 'pending') await Queue.deleteOne({ _id: queued._id, dueAt: queued.dueAt });
        else if (entry.nextAttemptAt && entry.nextAttemptAt > now) await Queue.updateOne({ _id: queued._id }, { $set: { dueAt: entry.nextAttemptAt } });
        else pending.push(entry);
      }
      return pending;
    },
    async dequeue(key) {
      await Queue.deleteOne({ _id: key });
    },
    async schedule(entry, dueAt) {
      const change = { $set: { entryId: entry._id, dueAt } };
      try {
        await Queue.updateOne({ _id: entry.key }, change, { upsert: true });
      } catch (err) {
        // two upserts of one new key at once: the other inserted it; this one's time still counts
        if (!isDuplicateKey(err)) throw err;
        await Queue.updateOne({ _id: entry.key }, change);
      }
    },
    async sweep(now) {
      const pending = await Notifications.find({ state: 'pending' }, { _id: 1, key: 1, nextAttemptAt: 1 }).lean<Pick<OutboxEntry, '_id' | 'key' | 'nextAttemptAt'>[]>().exec();
      const queued = new Set((await Queue.find({}, { _id: 1 }).lean<Pick<MailQueueDoc, '_id'>[]>().exec()).map((q) => q._id));
      const missing = pending.filter((e) => !queued.has(e.key));
      for (const entry of missing) await queueOnce(Queue, entry.key, entry._id, entry.nextAttemptAt ?? now);
      return missing.length;
    },
    findByKey(key) {
      return Notifications.findOne({ key }).lean<OutboxEntry>().exec();
    },
    async listDeadLetters({ skip, limit }) {
      const [items, total] = await Promise.all([
        Notifications.find({ state: 'dead-letter' }).sort({ deadLetteredAt: -1, _id: -1 }).skip(skip).limit(limit).lean<OutboxEntry[]>().exec(),
        Notifications.countDocuments({ state: 'dead-letter' }).exec(),
      ]);
      return { items, total };
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
