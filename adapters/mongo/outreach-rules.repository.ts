import { Schema, type Connection } from 'mongoose';
import type { ContactPreference } from '../../domain/outreach/do-not-call';
import type { DocumentLocks } from './document-lock';

/**
 * The rules about calling a number that every campaign and callback obeys, each keyed by the
 * phone number (`_id`, the only filter FerretDB narrows): the blacklist, the customer's own
 * preferences, and the attempts made to the number across campaigns.
 */

/** A blacklist entry: an agent proposes it, a supervisor confirms it; only confirmed entries apply. */
export interface BlacklistEntry {
  _id: string;
  category: string;
  reason: string;
  state: 'proposed' | 'confirmed';
  proposedBy: string;
  proposedAt: Date;
  confirmedBy?: string;
  confirmedAt?: Date;
}

export interface StoredPreference extends ContactPreference {
  _id: string;
  updatedBy: string;
  updatedAt: Date;
}

/** Attempts to one number, each under the call id that made it (recording one twice counts it once). */
interface AttemptLog {
  _id: string;
  attempts: { callId: string; at: Date }[];
}

export interface OutreachRulesRepository {
  blacklistEntry(phone: string): Promise<BlacklistEntry | null>;
  preference(phone: string): Promise<StoredPreference | null>;
  /** Attempts to `phone` at or after `since`, across campaigns and callbacks. */
  attemptsSince(phone: string, since: Date): Promise<number>;
  /** Counts a placed call against the number; a call id already counted changes nothing. Entries older than `forgetBefore` are dropped. */
  recordAttempt(phone: string, callId: string, at: Date, forgetBefore: Date): Promise<void>;
}

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
    updatedBy: String,
    updatedAt: Date,
  },
  { collection: 'contact_preferences', versionKey: false },
);

const AttemptLogSchema = new Schema<AttemptLog>(
  { _id: String, attempts: [{ _id: false, callId: String, at: Date }] },
  { collection: 'contact_attempts', versionKey: false },
);

export function mongoOutreachRules(connection: Connection, locks: DocumentLocks): OutreachRulesRepository {
  const Blacklist = connection.model<BlacklistEntry>('BlacklistEntry', BlacklistSchema);
  const Preferences = connection.model<StoredPreference>('ContactPreference', PreferenceSchema);
  const Attempts = connection.model<AttemptLog>('ContactAttempts', AttemptLogSchema);
  return {
    blacklistEntry: (phone) => Blacklist.findById(phone).lean<BlacklistEntry>().exec(),
    preference: (phone) => Preferences.findById(phone).lean<StoredPreference>().exec(),
    async attemptsSince(phone, since) {
      const log = await Attempts.findById(phone).lean<AttemptLog>().exec();
      return log?.attempts.filter((a) => a.at >= since).length ?? 0;
    },
    async recordAttempt(phone, callId, at, forgetBefore) {
      // read, change, write under the number's lock: FerretDB applies concurrent updates of one document non-atomically
      await locks.run(`contact_attempts/${phone}`, async () => {
        const log = await Attempts.findById(phone).lean<AttemptLog>().exec();
        const attempts = log?.attempts ?? [];
        if (attempts.some((a) => a.callId === callId)) return;
        const kept = [...attempts.filter((a) => a.at >= forgetBefore), { callId, at }];
        await Attempts.updateOne({ _id: phone }, { $set: { attempts: kept } }, { upsert: true }).exec();
      });
    },
  };
}
