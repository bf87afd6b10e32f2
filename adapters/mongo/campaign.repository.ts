import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Schema, type Connection, type UpdateQuery } from 'mongoose';
import type { CampaignSettings, CampaignState, ContactResult, ListMapping } from '../../domain/campaign/campaign';
import type { AttemptOutcome } from '../../domain/outreach/attempt-rules';
import type { ExclusionReason } from '../../domain/outreach/do-not-call';
import type { Condition, DocumentLocks } from './document-lock';
import { isDuplicateKey } from './errors';

/**
 * Campaigns, their imported lists and their contacts' chains. Everything is read by `_id`
 * (FerretDB narrows no other filter): a list is stored as immutable pages of
 * LIST_PAGE_SIZE contacts, `<campaignId>/p<page>`, written once at import and read one page per
 * wave; a contact gets a document of its own, `contactIdOf(campaignId, seq)`, only when a wave
 * launches it, so importing a million rows writes a thousand documents.
 */

/** One row of the list as imported: its number in the file, the mapped fields, and why it is kept out, if it is. */
export interface ListedContact {
  seq: number;
  phone: string;
  name?: string;
  custId?: string;
  extra?: Record<string, string>;
  excluded?: ExclusionReason;
}

export interface ListPageDoc {
  _id: string;
  campaignId: string;
  page: number;
  contacts: ListedContact[];
}

export interface ListSummary {
  /** This import (a random id): its own progress writes and its end apply only while it is the campaign's import. */
  importId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  /** CSV: the text's encoding. */
  encoding?: 'utf-8' | 'gb18030';
  /** SHA-256 of the file and its size: the same file imported again is recognisable in the audit trail. */
  sha256: string;
  bytes: number;
  mapping: ListMapping;
  state: 'importing' | 'done' | 'failed';
  /** The file's row holding the header (1 = the first); a contact's row in the file is `headerRow + seq`. */
  headerRow: number;
  /** CSV: the rows the file holds, known before reading it (progress can be shown against it). */
  expectedRows?: number;
  /** Data rows read so far (the header row and blank rows not counted). */
  rows: number;
  /** Rows that may be called: `rows` less every filtered one. */
  eligible: number;
  filtered: Partial<Record<ExclusionReason, number>>;
  /** Pages written so far (LIST_PAGE_SIZE contacts each, the last one fewer). */
  pages: number;
  importedBy: string;
  startedAt: Date;
  /** Written with each progress report: an import whose heartbeat stopped died with its process. */
  heartbeatAt: Date;
  finishedAt?: Date;
  /** Why a failed import failed: a machine-readable code and a message for people. */
  errorCode?: string;
  error?: string;
}

/**
 * What has happened to the campaign's contacts so far: counters, since live statistics must not
 * read a million documents. They are kept in STAT_SHARDS documents per campaign, each contact
 * counting in the shard its id hashes to, so thousands of chains ending at once do not all wait
 * for one document's lock (FerretDB applies `$inc` non-atomically, so each shard is locked).
 */
export interface CampaignStats {
  launched: number;
  attempts: number;
  reached: number;
  done: number;
  results: Partial<Record<ContactResult, number>>;
}

export interface CampaignHistoryLine {
  at: Date;
  by: string;
  action: string;
  note?: string;
}

/** A campaign as stored; `stats` are summed from its counter shards when read with them. */
export interface CampaignRecord extends CampaignSettings {
  _id: string;
  state: CampaignState;
  createdBy: string;
  createdAt: Date;
  list?: ListSummary;
  /** The next list position a wave launches: page and index within it. */
  cursor: { page: number; index: number };
  /** Contacts launched so far: counted with the cursor, in the same change. */
  launched: number;
  /** The campaign's own process instance, once launched. */
  processInstanceKey?: string;
  /** The last wave's job and what it decided: a redelivered job answers the same. */
  lastWave?: { jobKey: string; allLaunched: boolean; nextWaveAt: string };
  history: CampaignHistoryLine[];
  /** Counts every change: conditional updates name the revision they read. */
  revision: number;
}

export interface CampaignDoc extends CampaignRecord {
  stats: CampaignStats;
}

export interface AttemptLine {
  /** 1-based attempt number within the chain. */
  n: number;
  /** The element instance of the step that recorded it: a redelivered job finds its attempt recorded. */
  key: string;
  callId?: string;
  outcome: AttemptOutcome;
  answer?: string;
  reason?: string;
  endedAt: Date;
}

export interface CampaignContactDoc {
  _id: string;
  campaignId: string;
  seq: number;
  phone: string;
  name?: string;
  custId?: string;
  extra?: Record<string, string>;
  /** active: its chain runs; parked: the campaign was paused, a later wave relaunches it; done: `result` says how it ended. */
  state: 'active' | 'parked' | 'done';
  /** Launches so far: a parked contact is launched again under a new number (the start message's id). */
  launches: number;
  attempts: AttemptLine[];
  /** Set after an attempt that is to be retried: no call before this instant. */
  retryNotBefore?: Date;
  result?: ContactResult;
  excludedAs?: ExclusionReason;
  launchedAt: Date;
  endedAt?: Date;
  /** A change's share of the campaign's counters, noted with the change until it is counted. */
  pendingCount?: ContactCounts;
}

/** A contact's share of its campaign's counters. */
export interface ContactCounts {
  attempts?: number;
  reached?: number;
  done?: number;
  result?: ContactResult;
}

/** What a contact adds to its campaign's counters, read off its record. */
export function countsOf(contact: Pick<CampaignContactDoc, 'attempts' | 'state' | 'result'>): ContactCounts {
  return {
    attempts: contact.attempts.length,
    reached: contact.attempts.filter((a) => a.outcome === 'answered').length,
    done: contact.state === 'done' ? 1 : 0,
    ...(contact.state === 'done' && contact.result ? { result: contact.result } : {}),
  };
}

export const listPageId = (campaignId: string, page: number): string => `${campaignId}/p${String(page).padStart(5, '0')}`;

/**
 * Pages an importer writes in one unordered insertMany, one such write at a time: an import that
 * died mid-write left at most this many minus one missing pages between two written ones.
 */
export const PAGES_PER_INSERT = 4;
/** Page deletions by `_id` in parallel. */
const PAGE_REMOVAL_CONCURRENCY = 8;

const HistorySchema = new Schema<CampaignHistoryLine>({ at: Date, by: String, action: String, note: String }, { _id: false });

const CampaignSchema = new Schema<CampaignRecord>(
  {
    _id: String,
    name: String,
    kind: String,
    script: String,
    dialMode: String,
    ivr: { type: Schema.Types.Mixed },
    departmentId: String,
    agentTeam: String,
    windows: { type: Schema.Types.Mixed },
    rules: { type: Schema.Types.Mixed },
    pacing: { type: Schema.Types.Mixed },
    firstDay: String,
    lastDay: String,
    state: String,
    createdBy: String,
    createdAt: Date,
    list: { type: Schema.Types.Mixed },
    cursor: { type: Schema.Types.Mixed },
    launched: Number,
    processInstanceKey: String,
    lastWave: { type: Schema.Types.Mixed },
    history: [HistorySchema],
    revision: Number,
  },
  { collection: 'campaigns', versionKey: false, minimize: false },
);

/**
 * A list page as stored: its contacts as gzipped JSON. A thousand contacts as nested documents
 * cost FerretDB about 22 ms of CPU to write and 78 ms to read back (every field goes from BSON
 * to JSON and back); packed they cost under 1 ms and 11 ms, and take a tenth of the space.
 * Nothing queries inside a page: it is written once and read by `_id`.
 */
interface StoredListPage {
  _id: string;
  campaignId: string;
  page: number;
  count: number;
  packed: Buffer;
}

const ListPageSchema = new Schema<StoredListPage>(
  { _id: String, campaignId: String, page: Number, count: Number, packed: Buffer },
  { collection: 'campaign_list_pages', versionKey: false },
);

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

// compressed on libuv's thread pool: the API's event loop stays free while an import writes
const pack = async (page: ListPageDoc): Promise<StoredListPage> => ({
  _id: page._id,
  campaignId: page.campaignId,
  page: page.page,
  count: page.contacts.length,
  packed: await gzipAsync(JSON.stringify(page.contacts), { level: 1 }),
});

const unpack = async (stored: { _id: string; campaignId: string; page: number; packed: { buffer: Uint8Array } | Buffer }): Promise<ListPageDoc> => {
  const bytes = Buffer.isBuffer(stored.packed) ? stored.packed : Buffer.from(stored.packed.buffer);
  return { _id: stored._id, campaignId: stored.campaignId, page: stored.page, contacts: JSON.parse((await gunzipAsync(bytes)).toString('utf8')) as ListedContact[] };
};

const ContactSchema = new Schema<CampaignContactDoc>(
  {
    _id: String,
    campaignId: String,
    seq: Number,
    phone: String,
    name: String,
    custId: String,
    extra: { type: Schema.Types.Mixed },
    state: String,
    launches: Number,
    attempts: { type: Schema.Types.Mixed, default: [] },
    retryNotBefore: Date,
    result: String,
    excludedAs: String,
    launchedAt: Date,
    endedAt: Date,
    pendingCount: { type: Schema.Types.Mixed },
  },
  { collection: 'campaign_contacts', versionKey: false, minimize: false },
);

const STAT_SHARDS = 16;
const STAT_FIELDS = ['attempts', 'reached', 'done'] as const;

interface StatShardDoc {
  _id: string;
  attempts?: number;
  reached?: number;
  done?: number;
  results?: Partial<Record<ContactResult, number>>;
}

const StatShardSchema = new Schema<StatShardDoc>(
  { _id: String, attempts: Number, reached: Number, done: Number, results: { type: Schema.Types.Mixed } },
  { collection: 'campaign_stats', versionKey: false },
);

const shardOf = (key: string): number => {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return hash % STAT_SHARDS;
};

/** Contacts whose chain parked itself while the campaign was paused, for the next waves to relaunch. */
interface ParkedDoc {
  _id: string;
  ids: string[];
}

const ParkedSchema = new Schema<ParkedDoc>({ _id: String, ids: [String] }, { collection: 'campaign_parked', versionKey: false });

export interface CampaignRepository {
  create(doc: CampaignRecord): Promise<void>;
  /** The campaign with its statistics. */
  find(id: string): Promise<CampaignDoc | null>;
  /** The campaign's record alone (settings, state, cursor): what the steps read on every contact. */
  findRecord(id: string): Promise<CampaignRecord | null>;
  /** Every campaign with its statistics, newest first (a center runs dozens, not millions). */
  list(): Promise<CampaignDoc[]>;
  /** Applies `change` (and counts a revision) when `condition` holds; the changed campaign, or null when it did not hold. */
  change(id: string, condition: Condition<CampaignRecord>, change: UpdateQuery<CampaignRecord>): Promise<CampaignRecord | null>;
  /** Adds a contact's share to the counters, in the shard of its id. */
  count(id: string, contactId: string, delta: ContactCounts): Promise<void>;

  /** Stores list pages (a page written before is left as it is: imports are repeatable). */
  insertPages(pages: readonly ListPageDoc[]): Promise<void>;
  readPage(campaignId: string, page: number): Promise<ListPageDoc | null>;
  /**
   * Removes the pages of an earlier import: pages 1..count, and any found after them (an import
   * that died may have written a few after its last progress report).
   */
  removePages(campaignId: string, count: number): Promise<void>;

  /** Inserts contacts not launched before; answers the ids that are new. */
  insertContacts(contacts: readonly CampaignContactDoc[]): Promise<string[]>;
  findContact(id: string): Promise<CampaignContactDoc | null>;
  changeContact(id: string, condition: Condition<CampaignContactDoc>, change: UpdateQuery<CampaignContactDoc>): Promise<boolean>;
  /** Adds a parked contact to its campaign's list (once). */
  park(campaignId: string, contactId: string): Promise<void>;
  /** Up to `limit` parked contacts, oldest first; they stay listed until `unpark`. */
  parked(campaignId: string, limit: number): Promise<string[]>;
  unpark(campaignId: string, contactIds: readonly string[]): Promise<void>;
  /** Every launched contact of a campaign, for the final report (a scan: run once per export). */
  contactsOf(campaignId: string): AsyncIterable<CampaignContactDoc>;
}

/** The campaign is in one of these states. */
export const campaignIn = (...states: CampaignState[]): Condition<CampaignRecord> => ({
  filter: { state: { $in: states } },
  holds: (doc) => states.includes(doc.state),
});

/** The campaign is still at the revision the caller read. */
export const revisionIs = (revision: number): Condition<CampaignRecord> => ({ filter: { revision }, holds: (doc) => doc.revision === revision });

export function mongoCampaignRepository(connection: Connection, locks: DocumentLocks): CampaignRepository {
  const Campaign = connection.model<CampaignRecord>('Campaign', CampaignSchema);
  const StatShard = connection.model<StatShardDoc>('CampaignStatShard', StatShardSchema);
  const shardId = (id: string, shard: number): string => `${id}/${String(shard).padStart(2, '0')}`;
  async function statsOf(record: CampaignRecord): Promise<CampaignStats> {
    const shards = await Promise.all(Array.from({ length: STAT_SHARDS }, (_, k) => StatShard.findById(shardId(record._id, k)).lean<StatShardDoc>().exec()));
    const stats: CampaignStats = { launched: record.launched, attempts: 0, reached: 0, done: 0, results: {} };
    for (const shard of shards) {
      if (!shard) continue;
      for (const field of STAT_FIELDS) stats[field] += shard[field] ?? 0;
      for (const [result, n] of Object.entries(shard.results ?? {}) as [ContactResult, number][]) stats.results[result] = (stats.results[result] ?? 0) + n;
    }
    return stats;
  }
  const withStats = async (record: CampaignRecord | null): Promise<CampaignDoc | null> => (record ? { ...record, stats: await statsOf(record) } : null);
  const ListPage = connection.model<StoredListPage>('CampaignListPage', ListPageSchema);
  const Contact = connection.model<CampaignContactDoc>('CampaignContact', ContactSchema);
  const Parked = connection.model<ParkedDoc>('CampaignParked', ParkedSchema);
  const changeParked = (campaignId: string, edit: (ids: string[]) => string[]): Promise<void> =>
    locks.run(`campaign_parked/${campaignId}`, async () => {
      const doc = await Parked.findById(campaignId).lean<ParkedDoc>().exec();
      await Parked.updateOne({ _id: campaignId }, { $set: { ids: edit(doc?.ids ?? []) } }, { upsert: true }).exec();
    });

  const insertIgnoringDuplicates = async (insert: () => Promise<unknown>): Promise<void> => {
    try {
      await insert();
    } catch (err) {
      const writeErrors = (err as { writeErrors?: unknown[] }).writeErrors;
      if (!(isDuplicateKey(err) || (writeErrors && writeErrors.every(isDuplicateKey)))) throw err;
    }
  };

  return {
    async create(doc) {
      await Campaign.create(doc);
    },
    find: async (id) => withStats(await Campaign.findById(id).lean<CampaignRecord>().exec()),
    findRecord: (id) => Campaign.findById(id).lean<CampaignRecord>().exec(),
    async list() {
      const records = await Campaign.find().sort({ createdAt: -1 }).lean<CampaignRecord[]>().exec();
      return Promise.all(records.map(async (r) => ({ ...r, stats: await statsOf(r) })));
    },
    async change(id, condition, change) {
      const changed = await locks.updateIf(Campaign, id, condition, { ...change, $inc: { ...(change.$inc ?? {}), revision: 1 } });
      return changed ? Campaign.findById(id).lean<CampaignRecord>().exec() : null;
    },
    async count(id, contactId, delta) {
      const inc: Record<string, number> = {};
      for (const field of STAT_FIELDS) if (delta[field]) inc[field] = delta[field];
      if (delta.result) inc[`results.${delta.result}`] = 1;
      if (Object.keys(inc).length === 0) return;
      const shard = shardId(id, shardOf(contactId));
      await locks.run(`campaign_stats/${shard}`, () => StatShard.updateOne({ _id: shard }, { $inc: inc }, { upsert: true }).exec());
    },

    async insertPages(pages) {
      if (pages.length === 0) return;
      const packed = await Promise.all(pages.map(pack));
      await insertIgnoringDuplicates(() => ListPage.insertMany(packed, { ordered: false, lean: true }));
    },
    async readPage(campaignId, page) {
      const stored = await ListPage.findById(listPageId(campaignId, page)).lean<StoredListPage>().exec();
      return stored && unpack(stored);
    },
    async removePages(campaignId, count) {
      const remove = async (page: number): Promise<boolean> => (await ListPage.deleteOne({ _id: listPageId(campaignId, page) }).exec()).deletedCount > 0;
      let next = 1;
      const lane = async (): Promise<void> => {
        while (next <= count) await remove(next++);
      };
      await Promise.all(Array.from({ length: PAGE_REMOVAL_CONCURRENCY }, lane));
      // a gap as long as one write means nothing was written beyond it
      for (let page = count + 1, missing = 0; missing < PAGES_PER_INSERT; page++) missing = (await remove(page)) ? 0 : missing + 1;
    },

    async insertContacts(contacts) {
      if (contacts.length === 0) return [];
      const taken = new Set<string>();
      try {
        await Contact.insertMany(contacts, { ordered: false, lean: true });
      } catch (err) {
        const writeErrors = (err as { writeErrors?: { index: number; err?: unknown }[] }).writeErrors ?? [];
        if (writeErrors.length === 0 && !isDuplicateKey(err)) throw err;
        for (const e of writeErrors) {
          if (!isDuplicateKey(e) && !isDuplicateKey(e.err)) throw err;
          taken.add(contacts[e.index]!._id);
        }
      }
      return contacts.map((c) => c._id).filter((id) => !taken.has(id));
    },
    findContact: (id) => Contact.findById(id).lean<CampaignContactDoc>().exec(),
    changeContact: (id, condition, change) => locks.updateIf(Contact, id, condition, change),
    park: (campaignId, contactId) => changeParked(campaignId, (ids) => (ids.includes(contactId) ? ids : [...ids, contactId])),
    async parked(campaignId, limit) {
      return ((await Parked.findById(campaignId).lean<ParkedDoc>().exec())?.ids ?? []).slice(0, limit);
    },
    unpark: (campaignId, contactIds) => changeParked(campaignId, (ids) => ids.filter((id) => !contactIds.includes(id))),
    contactsOf: (campaignId) => Contact.find({ campaignId }).lean<CampaignContactDoc>().cursor(),
  };
}
