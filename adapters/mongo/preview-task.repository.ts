import { Schema, type Connection, type UpdateQuery } from 'mongoose';
import type { Preview, ResultVariables } from '../../domain/outreach/preview';
import type { Condition, DocumentLocks } from './document-lock';
import { isDuplicateKey } from './errors';

/** A customer the engine handed to agents for preview dialing: one job-based user task, keyed by its job key. */
export interface PreviewTaskDoc {
  _id: string;
  /** The process and the user task it came from (`customer-callback`, `campaign-contact` ...). */
  processId: string;
  processInstanceKey: string;
  elementId: string;
  preview: Preview;
  candidateGroups: string[];
  assignee?: string;
  createdAt: Date;
  /** The queue pages the task was filed in: where it is taken out again. Unset until filed. */
  filedIn?: { queue: string; page: number }[];
  /** The agent who took the customer, until `claimedUntil` (platform clock). */
  claimedBy?: string;
  claimedUntil?: Date;
  /** The one call placed for this attempt through the queue. */
  callId?: string;
  /** The agent's statement and the job variables made of it; set once. */
  result?: { variables: ResultVariables; by: string; at: Date; note?: string };
  /** The engine no longer had the job when the result came: the process had left the task. */
  withdrawnAt?: Date;
}

export type NewPreviewTask = Pick<PreviewTaskDoc, '_id' | 'processId' | 'processInstanceKey' | 'elementId' | 'preview' | 'candidateGroups' | 'assignee' | 'createdAt'>;

/** A queue's pages from `first` to `last`; pages before `first` were emptied and removed. */
interface QueueHead {
  _id: string;
  first: number;
  last: number;
}

/** Task ids in the order they were filed. */
interface QueuePage {
  _id: string;
  ids: string[];
}

const PreviewTaskSchema = new Schema<PreviewTaskDoc>(
  {
    _id: String,
    processId: { type: String, required: true },
    processInstanceKey: { type: String, required: true },
    elementId: { type: String, required: true },
    preview: { type: Schema.Types.Mixed, required: true },
    candidateGroups: { type: [String], default: [] },
    assignee: String,
    createdAt: { type: Date, required: true },
    filedIn: { type: [{ _id: false, queue: String, page: Number }], default: undefined },
    claimedBy: String,
    claimedUntil: Date,
    callId: String,
    result: { type: Schema.Types.Mixed, default: undefined },
    withdrawnAt: Date,
  },
  { collection: 'preview_tasks', versionKey: false },
);

/**
 * Ids per page. FerretDB rewrites a whole document on every update: one queue document took
 * 15 ms per change (lock included) at a few hundred ids and 52 ms at 10,000, and 53 ms to read.
 * With pages a change takes 10 ms at any length and reading 200 ids 3 ms (measured on FerretDB
 * v1 + SQLite, 10,000 tasks in one queue).
 */
const PAGE_SIZE = 100;

export interface PreviewTaskRepository {
  /** Stores a task the engine handed over; a task stored before (the job delivered again) is returned as it is. */
  insert(task: NewPreviewTask): Promise<PreviewTaskDoc>;
  find(taskId: string): Promise<PreviewTaskDoc | undefined>;
  /** Changes the task if `condition` holds; true when it did. */
  updateIf(taskId: string, condition: Condition<PreviewTaskDoc>, change: UpdateQuery<PreviewTaskDoc>): Promise<boolean>;
  /** Appends the task to `queue`; returns the page it went to. */
  file(queue: string, taskId: string): Promise<number>;
  /** Takes the task out of `queue`'s page. */
  unfile(queue: string, page: number, taskId: string): Promise<void>;
  /** The first ids of `queue`, oldest filed first: at least `atLeast` while the queue has them. */
  queued(queue: string, atLeast: number): Promise<string[]>;
}

/**
 * Preview tasks and their queues. Every read is by `_id` (FerretDB narrows no other filter): an
 * agent's queue is read through small index documents, one head per queue (a candidate group,
 * or an employee the diagram assigned tasks to) and pages of task ids. A queue is changed under
 * its lock; each change is one `$push`, `$pull` or `$max`, atomic on MongoDB by itself.
 */
export function mongoPreviewTaskRepository(connection: Connection, locks: DocumentLocks): PreviewTaskRepository {
  const Tasks = connection.model<PreviewTaskDoc>('PreviewTask', PreviewTaskSchema);
  const heads = connection.db!.collection<QueueHead>('preview_queue_heads');
  const pages = connection.db!.collection<QueuePage>('preview_queue_pages');
  const find = async (taskId: string): Promise<PreviewTaskDoc | undefined> => (await Tasks.findById(taskId).lean<PreviewTaskDoc>().exec()) ?? undefined;
  const pageId = (queue: string, page: number): string => `${queue}#${page}`;
  const headOf = async (queue: string): Promise<QueueHead> => (await heads.findOne({ _id: queue })) ?? { _id: queue, first: 0, last: 0 };
  const underLock = <R>(queue: string, write: () => Promise<R>): Promise<R> => locks.run(`preview_queues/${queue}`, write);

  return {
    async insert(task) {
      try {
        return (await Tasks.create(task)).toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return (await find(task._id))!;
      }
    },

    find,

    updateIf: (taskId, condition, change) => locks.updateIf(Tasks, taskId, condition, change),

    file: (queue, taskId) =>
      underLock(queue, async () => {
        const { last } = await headOf(queue);
        const page = await pages.findOneAndUpdate({ _id: pageId(queue, last) }, { $push: { ids: taskId } }, { upsert: true, returnDocument: 'after' });
        if (page!.ids.length >= PAGE_SIZE) await heads.updateOne({ _id: queue }, { $max: { last: last + 1 }, $setOnInsert: { first: 0 } }, { upsert: true });
        return last;
      }),

    unfile: (queue, page, taskId) =>
      underLock(queue, async () => {
        await pages.updateOne({ _id: pageId(queue, page) }, { $pull: { ids: taskId } });
        // drop emptied pages from the front; the last page stays, new ids go there
        const head = await headOf(queue);
        let first = head.first;
        while (first < head.last && ((await pages.findOne({ _id: pageId(queue, first) }))?.ids.length ?? 0) === 0) {
          await pages.deleteOne({ _id: pageId(queue, first) });
          first++;
        }
        if (first > head.first) await heads.updateOne({ _id: queue }, { $max: { first } });
      }),

    async queued(queue, atLeast) {
      const { first, last } = await headOf(queue);
      const ids: string[] = [];
      for (let page = first; page <= last && ids.length < atLeast; page++) ids.push(...((await pages.findOne({ _id: pageId(queue, page) }))?.ids ?? []));
      return ids;
    },
  };
}
