import { setTimeout as delay } from 'node:timers/promises';
import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from './errors';

/**
 * Runs writes to one document one at a time across every process of the platform.
 *
 * MongoDB applies each single-document update atomically, so there this does nothing. FerretDB
 * v1 does not: it reads the document, applies the update in its own process and writes the
 * result back, so two updates of one document at the same moment can lose one of them (ten
 * parallel `$inc` left 2) and two conditional updates can both succeed. What it does keep
 * apart is inserts into a unique index, so on FerretDB a write first inserts a lock document
 * named after the document it changes, and removes it after.
 */
export interface DocumentLocks {
  readonly enabled: boolean;
  run<T>(key: string, write: () => Promise<T>): Promise<T>;
}

interface LockDoc {
  _id: string;
  takenAt: Date;
}

const LockSchema = new Schema<LockDoc>({ _id: String, takenAt: Date }, { collection: 'document_locks', versionKey: false });

/** A lock older than this (ms) belongs to a process that died mid-write: it is taken over. */
const STALE_MS = 5_000;
/** Give up after this long (ms): the caller's write fails and is retried like any database error. */
const GIVE_UP_MS = 15_000;

/** Locks for `connection`: real ones when the server is FerretDB (its buildInfo says so), none on MongoDB. */
export async function documentLocks(connection: Connection): Promise<DocumentLocks> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
  if (info.ferretdbVersion === undefined) return { enabled: false, run: (_key, write) => write() };

  const Locks = connection.model<LockDoc>('DocumentLock', LockSchema);
  // lock times are the machine's, not the platform Clock's: tests move that one by days
  async function acquire(key: string): Promise<void> {
    const giveUpAt = Date.now() + GIVE_UP_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await Locks.create({ _id: key, takenAt: new Date() });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      if (Date.now() > giveUpAt) throw new Error(`document ${key} stayed locked for ${GIVE_UP_MS} ms`);
      await Locks.deleteOne({ _id: key, takenAt: { $lt: new Date(Date.now() - STALE_MS) } });
      // short, growing, jittered waits: writes to one document take a few milliseconds
      await delay(Math.min(50, 1 + attempt * 2) * Math.random());
    }
  }
  return {
    enabled: true,
    async run(key, write) {
      await acquire(key);
      try {
        return await write();
      } finally {
        await Locks.deleteOne({ _id: key });
      }
    },
  };
}
