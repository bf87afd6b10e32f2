import { Schema, type Connection, type UpdateQuery } from 'mongoose';
import type { ContactPreference } from '../../domain/outreach/do-not-call';
import type { BlacklistCategory } from '../../domain/outreach/blacklist';
import type { Condition, DocumentLocks } from './document-lock';
import { insertOnce } from './errors';

/**
 * The rules about calling a number that every campaign and callback obeys, each keyed by the
 * phone number (`_id`, the only filter FerretDB narrows): the blacklist, the customer's own
 * preferences, and the attempts made to the number across campaigns.
 */

/** A blacklist entry: an agent proposes it, a supervisor confirms it; only confirmed entries apply. */
export interface BlacklistEntry {
  _id: string;
  category: BlacklistCategory;
  reason: string;
  state: 'proposed' | 'confirmed';
  proposedBy: string;
  proposedAt: Date;
  confirmedBy?: string;
  confirmedAt?: Date;
}

export interface StoredPreference extends ContactPreference {
  _id: string;
  /** What the customer said, in the agent's words. */
  note?: string;
  updatedBy: string;
  updatedAt: Date;
}

/** Attempts to one number, each under the call id that made it (recording one twice counts it once). */
interface AttemptLog {
  _id: string;
  attempts: { callId: string; at: Date }[];
}

/**
 * A number whose calls within the counting period reached the center's cap, and the last instant
 * they still do (`attempt_caps`): the compact index a call list is screened against, where
 * reading every number's attempt log would take minutes on FerretDB (a center calls millions of
 * numbers a month). Written with the attempt that reaches the cap; a stale one is simply past.
 */
export interface AttemptCap {
  _id: string;
  until: Date;
}

export interface OutreachRulesRepository {
  blacklistEntry(phone: string): Promise<BlacklistEntry | null>;
  preference(phone: string): Promise<StoredPreference | null>;
  /** Attempts to `phone` at or after `since`, across campaigns and callbacks. */
  attemptsSince(phone: string, since: Date): Promise<number>;
  /**
   * Counts a placed call against the number; a call id already counted changes nothing. Entries
   * older than `forgetBefore` are dropped. When the calls kept reach `cap`, the number goes into
   * the attempt-cap index until enough of them are older than the period (`at` - `forgetBefore`).
   */
  recordAttempt(phone: string, callId: string, at: Date, forgetBefore: Date, cap?: number): Promise<void>;

  /** Every entry, newest proposal first (a center keeps thousands, not millions). */
  listBlacklist(): Promise<BlacklistEntry[]>;
  /** Stores a new entry; false when the number has one already. */
  addBlacklistEntry(entry: BlacklistEntry): Promise<boolean>;
  /** Applies `change` when `condition` holds; the changed entry, or null when it did not hold (or there is none). */
  changeBlacklistEntry(phone: string, condition: Condition<BlacklistEntry>, change: UpdateQuery<BlacklistEntry>): Promise<BlacklistEntry | null>;
  /** Removes the entry when `condition` holds; the removed entry, or null. */
  removeBlacklistEntry(phone: string, condition: Condition<BlacklistEntry>): Promise<BlacklistEntry | null>;
  savePreference(preference: StoredPreference): Promise<void>;
  removePreference(phone: string): Promise<void>;

  /** Whole-collection reads for screening a call list (one pass each instead of a query per row). */
  confirmedBlacklist(): AsyncIterable<string>;
  /** Every preference's number, refused kinds, date and quiet hours (no note, no author). */
  allPreferences(): AsyncIterable<ContactPreference & { _id: string }>;
  attemptCaps(): AsyncIterable<AttemptCap>;
}

/** Documents per round trip of a whole-collection read. */
const SCAN_BATCH = 5_000;

const BlacklistSchema = new Schema<BlacklistEntry>(
  {
    _id: String,
    category: String,
    reason: String,
    state: String,
    proposedBy: String,
    proposedAt: Date,
    confirmedBy: String,
    confirmedAt: Date,
  },
  { collection: 'blacklist', versionKey: false },
);

const PreferenceSchema = new Schema<StoredPreference>(
  {
    _id: String,
    refusedKinds: [String],
    notBefore: String,
    quietHours: [{ _id: false, start: String, end: String }],
    note: String,
    updatedBy: String,
    updatedAt: Date,
  },
  { collection: 'contact_preferences', versionKey: false },
);

const AttemptLogSchema = new Schema<AttemptLog>(
  { _id: String, attempts: [{ _id: false, callId: String, at: Date }] },
  { collection: 'contact_attempts', versionKey: false },
);

const AttemptCapSchema = new Schema<AttemptCap>({ _id: String, until: Date }, { collection: 'attempt_caps', versionKey: false });

export function mongoOutreachRules(connection: Connection, locks: DocumentLocks): OutreachRulesRepository {
  const Blacklist = connection.model<BlacklistEntry>('BlacklistEntry', BlacklistSchema);
  const Preferences = connection.model<StoredPreference>('ContactPreference', PreferenceSchema);
  const Attempts = connection.model<AttemptLog>('ContactAttempts', AttemptLogSchema);
  const Caps = connection.model<AttemptCap>('AttemptCap', AttemptCapSchema);
  return {
    blacklistEntry: (phone) => Blacklist.findById(phone).lean<BlacklistEntry>().exec(),
    preference: (phone) => Preferences.findById(phone).lean<StoredPreference>().exec(),
    async attemptsSince(phone, since) {
      const log = await Attempts.findById(phone).lean<AttemptLog>().exec();
      return log?.attempts.filter((a) => a.at >= since).length ?? 0;
    },
    async recordAttempt(phone, callId, at, forgetBefore, cap) {
      // read, change, write under the number's lock: FerretDB applies concurrent updates of one document non-atomically
      await locks.run(`contact_attempts/${phone}`, async () => {
        const log = await Attempts.findById(phone).lean<AttemptLog>().exec();
        const attempts = log?.attempts ?? [];
        if (attempts.some((a) => a.callId === callId)) return;
        const kept = [...attempts.filter((a) => a.at >= forgetBefore), { callId, at }];
        await Attempts.updateOne({ _id: phone }, { $set: { attempts: kept } }, { upsert: true }).exec();
        if (cap === undefined || kept.length < cap) return;
        // the cap holds while the cap-th latest call is within the period
        const times = kept.map((a) => a.at.getTime()).sort((a, b) => b - a);
        const until = new Date(times[cap - 1]! + (at.getTime() - forgetBefore.getTime()));
        await Caps.updateOne({ _id: phone }, { $set: { until } }, { upsert: true }).exec();
      });
    },

    listBlacklist: () => Blacklist.find().sort({ proposedAt: -1 }).lean<BlacklistEntry[]>().exec(),
    addBlacklistEntry: (entry) => insertOnce(() => Blacklist.create(entry)),
    async changeBlacklistEntry(phone, condition, change) {
      return (await locks.updateIf(Blacklist, phone, condition, change)) ? Blacklist.findById(phone).lean<BlacklistEntry>().exec() : null;
    },
    removeBlacklistEntry: (phone, condition) =>
      locks.run(`blacklist/${phone}`, async () => {
        const entry = await Blacklist.findById(phone).lean<BlacklistEntry>().exec();
        if (!entry || !condition.holds(entry)) return null;
        await Blacklist.deleteOne({ _id: phone }).exec();
        return entry;
      }),
    async savePreference(preference) {
      await Preferences.replaceOne({ _id: preference._id }, preference, { upsert: true }).exec();
    },
    async removePreference(phone) {
      await Preferences.deleteOne({ _id: phone }).exec();
    },

    async *confirmedBlacklist() {
      // the state is checked here, not in the filter: FerretDB would read every document either way
      for await (const entry of Blacklist.collection.find({}, { projection: { state: 1 }, batchSize: SCAN_BATCH })) {
        if (entry['state'] === 'confirmed') yield String(entry._id);
      }
    },
    allPreferences: () => Preferences.collection.find<StoredPreference>({}, { projection: { refusedKinds: 1, notBefore: 1, quietHours: 1 }, batchSize: SCAN_BATCH }),
    attemptCaps: () => Caps.collection.find<AttemptCap>({}, { batchSize: SCAN_BATCH }),
  };
}
