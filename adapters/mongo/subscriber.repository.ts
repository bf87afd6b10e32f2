import { Schema, type Connection } from 'mongoose';
import type { MongoBulkWriteError, WriteError } from 'mongodb';
import type { RecordValues } from '../../domain/subscriber/record-parser';
import type { RecordLayout } from '../../domain/subscriber/record-layouts';
import type { CorrectableField } from '../../domain/subscriber/customer';
import type { DocumentLocks } from './document-lock';
import { insertOnce, isDuplicateKey } from './errors';

/**
 * The local subscriber store. Every read is by `_id` (FerretDB v1 narrows only `_id` filters
 * through SQLite; any other filter, `$in` on `_id` included, decodes the whole collection), so
 * lookups by phone number and by customer go through small index collections keyed by the
 * looked-up value.
 *
 * Writes are built around what FerretDB does fast: an unordered insertMany (about 30,000
 * documents/s, one duplicate-key error per record already stored) for new records, then, only
 * for those, a read by `_id` and an update by `_id` when the record is newer. An update
 * filtered on `_id` and a version field would decode the whole collection, and bulk updates of
 * a few hundred statements stall FerretDB, so there are neither.
 */

/** A stored batch record: the layout's fields, `_id` made of its id fields. */
export type StoredRecord = RecordValues & { _id: string };

/** Index document: the ids filed under one looked-up value (a phone number, a customer id). */
interface IndexDoc {
  _id: string;
  ids: string[];
}

export type ImportSource = 'watch' | 'cli' | 'upload';
export type ImportState = 'queued' | 'importing' | 'done' | 'bad';

export interface ImportProgress {
  /** Records read so far (lines of the file). */
  records: number;
  applied: number;
  unchanged: number;
  bad: number;
}

/** One import of one version of a batch file (`subscriber_imports`). */
export interface SubscriberImport {
  /** `<file stem>-<first 12 hex of its SHA-256>`: a regenerated file of the same name is a new import. */
  _id: string;
  fileName: string;
  checksum: string;
  bytes: number;
  source: ImportSource;
  requestedBy: string | null;
  state: ImportState;
  progress: ImportProgress;
  badReason: string | null;
  /** Receipts written, by kind: file names under Ret/. */
  receipts: string[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Refreshed while importing: an old one means the importing process died and another may take over. */
  heartbeatAt: Date;
}

/** One local correction: the audit record of a change the center made to master data. */
export interface CorrectionEntry {
  field: CorrectableField;
  before: string | null;
  after: string;
  reason: string;
  by: string;
  at: Date;
  /** `at` on the center's wall clock (YYYYMMDDHH24MISS), compared with the batch record's UpdateTime. */
  atStamp: string;
}

/** A customer's corrections: the latest per field, and every one in order (`customer_corrections`, `_id` = CustID). */
export interface CustomerCorrections {
  _id: string;
  latest: Partial<Record<CorrectableField, CorrectionEntry>>;
  history: CorrectionEntry[];
}

export interface ApplyResult {
  readonly applied: StoredRecord[];
  /** The stored versions the applied records replaced (a line's earlier number, status ...). */
  readonly superseded: StoredRecord[];
  readonly unchanged: number;
}

export interface SubscriberRepository {
  /** Stores the records that are new or newer than the stored version; a record with the stored version and content changes nothing. */
  applyRecords(layout: RecordLayout, records: readonly StoredRecord[]): Promise<ApplyResult>;
  /** Files `id` under `key` in the index `index` (idempotent); answers the keys nothing was filed under before. */
  fileUnder(index: SubscriberIndex, entries: readonly (readonly [key: string, id: string])[]): Promise<Set<string>>;
  findRecord(layout: RecordLayout, id: string): Promise<StoredRecord | null>;
  /** Every stored record of `layout` (a scan: for one-off passes such as rebuilding the exempt lines). */
  allRecords(layout: RecordLayout): AsyncIterable<StoredRecord>;
  idsUnder(index: SubscriberIndex, key: string): Promise<string[]>;
  findCorrections(custId: string): Promise<CustomerCorrections | null>;
  /** Records corrections of one customer (one writer at a time per customer). */
  addCorrections(custId: string, entries: readonly CorrectionEntry[]): Promise<void>;

  /** Numbers (national form) whose line may not take a call: see services/exempt-lines.ts. */
  markExempt(phones: readonly string[]): Promise<void>;
  clearExempt(phones: readonly string[]): Promise<void>;
  exemptPhones(): AsyncIterable<string>;

  /** Inserts the import; false when an import of the same id exists. */
  createImport(record: SubscriberImport): Promise<boolean>;
  findImport(importId: string): Promise<SubscriberImport | null>;
  listImports(limit: number): Promise<SubscriberImport[]>;
  /** Moves a queued import, or one whose importer stopped beating before `staleBefore`, to importing; true when this caller got it. */
  takeImport(importId: string, staleBefore: Date, now: Date): Promise<boolean>;
  updateImport(importId: string, change: Partial<Omit<SubscriberImport, '_id'>>): Promise<void>;
}

/** Index collections: the phone number (SvcNum) and the customer id to subscriber ids. */
export const SUBSCRIBER_INDEXES = { byPhone: 'subscriber_phones', byCustomer: 'customer_subscribers' } as const;
/** Numbers whose current line is exempt from calls (`_id` = the number in national form, nothing else). */
export const EXEMPT_LINES = 'exempt_lines';
export type SubscriberIndex = keyof typeof SUBSCRIBER_INDEXES;

/** Parallel reads and writes by `_id` on conflicts: FerretDB serves about 16 at once before it queues them. */
const CONFLICT_CONCURRENCY = 16;
/** Documents per round trip of a whole-collection scan. */
const SCAN_BATCH = 5_000;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Inserts `docs` unordered; returns the indexes that were already stored (duplicate `_id`). */
async function insertNew<T extends { _id: string }>(insert: (docs: T[]) => Promise<unknown>, docs: T[]): Promise<number[]> {
  if (docs.length === 0) return [];
  try {
    await insert(docs);
    return [];
  } catch (err) {
    const writeErrors = (err as MongoBulkWriteError).writeErrors as WriteError | WriteError[] | undefined;
    const list: WriteError[] = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0 || !list.every((e) => isDuplicateKey(e))) throw err;
    return list.map((e) => e.index);
  }
}

const sameContent = (a: RecordValues, b: RecordValues, keys: readonly string[]): boolean => keys.every((k) => a[k] === b[k]);

const ImportSchema = new Schema<SubscriberImport>(
  {
    _id: String,
    fileName: String,
    checksum: String,
    bytes: Number,
    source: String,
    requestedBy: String,
    state: String,
    progress: Schema.Types.Mixed,
    badReason: String,
    receipts: [String],
    createdAt: Date,
    startedAt: Date,
    finishedAt: Date,
    heartbeatAt: Date,
  },
  { collection: 'subscriber_imports', versionKey: false, minimize: false },
);

export function mongoSubscriberRepository(connection: Connection, locks: DocumentLocks): SubscriberRepository {
  const db = connection.db!;
  const Imports = connection.model<SubscriberImport>('SubscriberImport', ImportSchema);
  const corrections = db.collection<CustomerCorrections>('customer_corrections');
  const collectionOf = (layout: RecordLayout) => db.collection<StoredRecord>(layout.collection);
  const indexOf = (index: SubscriberIndex) => db.collection<IndexDoc>(SUBSCRIBER_INDEXES[index]);
  const exempt = db.collection<{ _id: string }>(EXEMPT_LINES);

  return {
    async applyRecords(layout, batch) {
      const collection = collectionOf(layout);
      const keys = layout.fields.map((f) => f.key);
      // one version per record: two lines of one record in a batch must not race each other, and the newer wins
      const newest = new Map<string, StoredRecord>();
      for (const record of batch) {
        const kept = newest.get(record._id);
        if (!kept || String(kept[layout.versionKey]) <= String(record[layout.versionKey])) newest.set(record._id, record);
      }
      const records = [...newest.values()];
      const conflicts = await insertNew((docs) => collection.insertMany(docs, { ordered: false }), [...records]);
      const inserted = new Set(records.keys());
      conflicts.forEach((i) => inserted.delete(i));
      const applied = [...inserted].map((i) => records[i]!);
      const superseded: StoredRecord[] = [];
      let unchanged = 0;
      await inParallel(conflicts, CONFLICT_CONCURRENCY, async (i) => {
        const record = records[i]!;
        const stored = await collection.findOne({ _id: record._id });
        const version = String(record[layout.versionKey]);
        if (stored && (String(stored[layout.versionKey]) > version || sameContent(stored, record, keys))) {
          unchanged++;
          return;
        }
        const absent = keys.filter((k) => record[k] === undefined);
        const { _id, ...values } = record;
        await collection.updateOne({ _id }, absent.length > 0 ? { $set: values, $unset: Object.fromEntries(absent.map((k) => [k, ''])) } : { $set: values }, { upsert: true });
        applied.push(record);
        if (stored) superseded.push(stored);
      });
      return { applied, superseded, unchanged: unchanged + batch.length - records.length };
    },

    async fileUnder(index, entries) {
      const collection = indexOf(index);
      const grouped = new Map<string, Set<string>>();
      for (const [key, id] of entries) grouped.set(key, (grouped.get(key) ?? new Set()).add(id));
      const docs = [...grouped].map(([key, ids]) => ({ _id: key, ids: [...ids] }));
      const conflicts = await insertNew((d) => collection.insertMany(d, { ordered: false }), docs);
      const firstFiled = new Set(grouped.keys());
      await inParallel(conflicts, CONFLICT_CONCURRENCY, async (i) => {
        const doc = docs[i]!;
        firstFiled.delete(doc._id);
        const stored = await collection.findOne({ _id: doc._id });
        const missing = doc.ids.filter((id) => !stored?.ids.includes(id));
        if (missing.length > 0) await collection.updateOne({ _id: doc._id }, { $addToSet: { ids: { $each: missing } } }, { upsert: true });
      });
      return firstFiled;
    },

    findRecord: (layout, id) => collectionOf(layout).findOne({ _id: id }),
    allRecords: (layout) => collectionOf(layout).find({}, { batchSize: SCAN_BATCH }),
    async idsUnder(index, key) {
      return (await indexOf(index).findOne({ _id: key }))?.ids ?? [];
    },
    findCorrections: (custId) => corrections.findOne({ _id: custId }),
    async addCorrections(custId, entries) {
      await locks.run(`customer_corrections/${custId}`, async () => {
        const latest = Object.fromEntries(entries.map((e) => [`latest.${e.field}`, e]));
        await corrections.updateOne({ _id: custId }, { $set: latest, $push: { history: { $each: [...entries] } } }, { upsert: true });
      });
    },

    async markExempt(phones) {
      await insertNew((docs) => exempt.insertMany(docs, { ordered: false }), phones.map((_id) => ({ _id })));
    },
    async clearExempt(phones) {
      await inParallel(phones, CONFLICT_CONCURRENCY, async (_id) => {
        await exempt.deleteOne({ _id });
      });
    },
    async *exemptPhones() {
      for await (const doc of exempt.find({}, { batchSize: SCAN_BATCH })) yield doc._id;
    },

    createImport: (record) => insertOnce(() => Imports.create(record)),
    findImport: (importId) => Imports.findOne({ _id: importId }).lean<SubscriberImport>().exec(),
    // a small collection (one document per file received): the scan is cheap
    listImports: (limit) => Imports.find({}).sort({ createdAt: -1 }).limit(limit).lean<SubscriberImport[]>().exec(),
    takeImport(importId, staleBefore, now) {
      return locks.updateIf(
        Imports,
        importId,
        {
          filter: { $or: [{ state: 'queued' }, { state: 'importing', heartbeatAt: { $lt: staleBefore } }] },
          holds: (i) => i.state === 'queued' || (i.state === 'importing' && i.heartbeatAt < staleBefore),
        },
        { $set: { state: 'importing', startedAt: now, heartbeatAt: now } },
      );
    },
    async updateImport(importId, change) {
      await Imports.updateOne({ _id: importId }, { $set: change }).exec();
    },
  };
}
