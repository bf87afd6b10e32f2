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

/** What has happened to the campaign's contacts so far (kept as counters: a report must not read a million documents). */
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

export interface CampaignDoc extends CampaignSettings {
  _id: string;
  state: CampaignState;
  createdBy: string;
  createdAt: Date;
  list?: ListSummary;
  /** The next list position a wave launches: page and index within it. */
  cursor: { page: number; index: number };
  stats: CampaignStats;
  /** The campaign's own process instance, once launched. */
  processInstanceKey?: string;
  history: CampaignHistoryLine[];
  /** Counts every change: conditional updates name the revision they read. */
  revision: number;
}

export interface AttemptLine {
  /** 1-based attempt number within the chain. */
  n: number;
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
  result?: ContactResult;
  excludedAs?: ExclusionReason;
  launchedAt: Date;
  endedAt?: Date;
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

const CampaignSchema = new Schema<CampaignDoc>(
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
    stats: { type: Schema.Types.Mixed },
    processInstanceKey: String,
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
    result: String,
    excludedAs: String,
    launchedAt: Date,
    endedAt: Date,
  },
  { collection: 'campaign_contacts', versionKey: false, minimize: false },
);

export interface CampaignRepository {
  create(doc: CampaignDoc): Promise<void>;
  find(id: string): Promise<CampaignDoc | null>;
  /** Every campaign, newest first (a center runs dozens, not millions). */
  list(): Promise<CampaignDoc[]>;
  /** Applies `change` (and counts a revision) when `condition` holds; the changed campaign, or null when it did not hold. */
  change(id: string, condition: Condition<CampaignDoc>, change: UpdateQuery<CampaignDoc>): Promise<CampaignDoc | null>;
  /** Adds to the counters (under the campaign's lock on FerretDB, where `$inc` is not atomic). */
  count(id: string, delta: { launched?: number; attempts?: number; reached?: number; done?: number; result?: ContactResult }): Promise<void>;

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
  /** Every launched contact of a campaign, for the final report (a scan: run once per export). */
  contactsOf(campaignId: string): AsyncIterable<CampaignContactDoc>;
}

/** The campaign is in one of these states. */
export const campaignIn = (...states: CampaignState[]): Condition<CampaignDoc> => ({
  filter: { state: { $in: states } },
  holds: (doc) => states.includes(doc.state),
});

export function mongoCampaignRepository(connection: Connection, locks: DocumentLocks): CampaignRepository {
  const Campaign = connection.model<CampaignDoc>('Campaign', CampaignSchema);
  const ListPage = connection.model<StoredListPage>('CampaignListPage', ListPageSchema);
  const Contact = connection.model<CampaignContactDoc>('CampaignContact', ContactSchema);

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
    find: (id) => Campaign.findById(id).lean<CampaignDoc>().exec(),
    list: () => Campaign.find().sort({ createdAt: -1 }).lean<CampaignDoc[]>().exec(),
    async change(id, condition, change) {
      const changed = await locks.updateIf(Campaign, id, condition, { ...change, $inc: { ...(change.$inc ?? {}), revision: 1 } });
      return changed ? Campaign.findById(id).lean<CampaignDoc>().exec() : null;
    },
    async count(id, delta) {
      const inc: Record<string, number> = {};
      for (const key of ['launched', 'attempts', 'reached', 'done'] as const) if (delta[key]) inc[`stats.${key}`] = delta[key];
      if (delta.result) inc[`stats.results.${delta.result}`] = 1;
      if (Object.keys(inc).length === 0) return;
      await locks.run(`campaigns/${id}`, () => Campaign.updateOne({ _id: id }, { $inc: inc }).exec());
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
    contactsOf: (campaignId) => Contact.find({ campaignId }).lean<CampaignContactDoc>().cursor(),
  };
}
