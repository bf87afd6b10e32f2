import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Schema, type Connection, type Model, type QueryFilter, type UpdateQuery } from 'mongoose';
import { RecordBusyError } from '../../domain/errors';
import { isDuplicateKey } from './errors';

/**
 * A condition on one document, said twice: as a query filter (what MongoDB evaluates atomically
 * with the update) and as a predicate on the document (what FerretDB's path checks, see below).
 */
export interface Condition<T> {
  readonly filter: QueryFilter<T>;
  readonly holds: (doc: T) => boolean;
}

/** Every condition at once. */
export function allOf<T>(...conditions: readonly Condition<T>[]): Condition<T> {
  return {
    filter: Object.assign({}, ...conditions.map((c) => c.filter)) as QueryFilter<T>,
    holds: (doc) => conditions.every((c) => c.holds(doc)),
  };
}

/**
 * Conditional single-document updates that hold on both servers.
 *
 * MongoDB applies each single-document update atomically: one `updateOne` with the condition in
 * its filter. FerretDB v1 does not: it reads the document, applies the update in its own process
 * and writes the result back, so two updates of one document at the same moment can lose one of
 * them (ten parallel `$inc` left 2) and two conditional updates can both succeed; and it narrows
 * a query through SQLite only when the filter is `_id` alone (any other filter decodes every
 * document of the collection). What it does keep apart is inserts into a unique index. So on
 * FerretDB a write first inserts a lock document named after the document it changes, reads the
 * document by `_id`, checks the condition in code, writes by `_id`, and removes the lock.
 */
export interface DocumentLocks {
  /** Updates the document `id` of `model` if `condition` holds; true when it did. */
  updateIf<T>(model: Model<T>, id: string, condition: Condition<T>, change: UpdateQuery<T>): Promise<boolean>;
  /** Runs `write` while no other writer of `key` runs (FerretDB), or at once (MongoDB). */
  run<R>(key: string, write: () => Promise<R>): Promise<R>;
  /**
   * Runs `work` while no other holder of `key` runs, on either server: for a rule that spans
   * documents (the last admin, a unit nobody uses, a process version), which no single-document
   * update keeps on MongoDB either. For rare administrative writes: it costs two round trips.
   */
  exclusive<R>(key: string, work: () => Promise<R>): Promise<R>;
}

interface LockDoc {
  _id: string;
  takenAt: Date;
  /** Who holds it: a holder removes or refreshes only its own lock, never one taken over from it. */
  owner: string;
}

const LockSchema = new Schema<LockDoc>({ _id: String, takenAt: Date, owner: String }, { collection: 'document_locks', versionKey: false });

/** A lock not refreshed for this long (ms) belongs to a process that died holding it: it is taken over. */
const STALE_MS = 5_000;
/** How often (ms) a holder refreshes its lock while its work runs (a deploy may wait on the engine longer than STALE_MS). */
const REFRESH_MS = STALE_MS / 3;
/** A holder refreshes for this long (ms) at most: a write that hangs loses its lock in the end, as a dead process's does. */
const REFRESH_FOR_MS = 30_000;
/** Give up after this long (ms): the caller's write fails and is retried like any database error. */
const GIVE_UP_MS = 15_000;

/** Locks for `connection`: document locks on FerretDB (its buildInfo says so); on MongoDB only `exclusive` takes one. */
export async function documentLocks(connection: Connection): Promise<DocumentLocks> {
  const Locks = connection.model<LockDoc>('DocumentLock', LockSchema);
  // lock times are the machine's, not the platform Clock's: tests move that one by days
  async function acquire(key: string, owner: string): Promise<void> {
    const giveUpAt = Date.now() + GIVE_UP_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await Locks.create({ _id: key, takenAt: new Date(), owner });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      if (Date.now() > giveUpAt) throw new RecordBusyError(key);
      await Locks.deleteOne({ _id: key, takenAt: { $lt: new Date(Date.now() - STALE_MS) } });
      // short, growing, jittered waits: writes to one document take a few milliseconds
      await delay(Math.min(50, 1 + attempt * 2) * Math.random());
    }
  }
  async function exclusive<R>(key: string, work: () => Promise<R>): Promise<R> {
    const owner = randomUUID();
    await acquire(key, owner);
    const stopRefreshingAt = Date.now() + REFRESH_FOR_MS;
    const refresh = setInterval(() => {
      if (Date.now() > stopRefreshingAt) clearInterval(refresh);
      else Locks.updateOne({ _id: key, owner }, { $set: { takenAt: new Date() } }).catch(() => undefined);
    }, REFRESH_MS);
    try {
      return await work();
    } finally {
      clearInterval(refresh);
      await Locks.deleteOne({ _id: key, owner });
    }
  }

  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
  if (info.ferretdbVersion === undefined) {
    return {
      async updateIf<T>(model: Model<T>, id: string, condition: Condition<T>, change: UpdateQuery<T>) {
        return (await model.updateOne({ ...condition.filter, _id: id } as QueryFilter<T>, change).exec()).modifiedCount === 1;
      },
      run: (_key, write) => write(),
      exclusive,
    };
  }

  return {
    updateIf<T>(model: Model<T>, id: string, condition: Condition<T>, change: UpdateQuery<T>) {
      return exclusive(`${model.collection.collectionName}/${id}`, async () => {
        const current = await model.findOne({ _id: id } as QueryFilter<T>).lean<T>().exec();
        if (!current || !condition.holds(current)) return false;
        return (await model.updateOne({ _id: id } as QueryFilter<T>, change).exec()).modifiedCount === 1;
      });
    },
    run: exclusive,
    exclusive,
  };
}
