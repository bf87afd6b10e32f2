import { Schema, type Connection, type Model, type UpdateQuery } from 'mongoose';
import type { BusinessCalendar } from '../../domain/calendar';
import type { ClockPlan, ClockTerms, Pause } from '../../domain/sla/clock-plan';
import type { JournalEntry, VersionRef } from '../../domain/sla/journal';
import type { ClockKind, SlaPolicy, SlaPolicyInput } from '../../domain/sla/policy';
import type { DocumentLocks } from './document-lock';
import { isDuplicateKey } from './errors';

/** A calendar version as stored: who saved it, when, and why. */
export type StoredCalendar = BusinessCalendar & { readonly savedBy: string; readonly savedAt: Date; readonly comment: string };

export const ClockStates = ['running', 'paused', 'met', 'late', 'cancelled'] as const;
export type ClockState = (typeof ClockStates)[number];
export const isFinal = (state: ClockState): boolean => state === 'met' || state === 'late' || state === 'cancelled';

/**
 * The state of one SLA clock: a read model of its journal, kept for the workers (one read by
 * `_id` per job) and the auditors' reports. The journal stays the record of what happened.
 */
export interface ClockDoc {
  _id: string;
  clockId: string;
  workOrderId: string;
  kind: ClockKind;
  /** The work-order step it measures (work-order.bpmn element), absent for resolution. */
  stepElementId?: string;
  processInstanceKey: string;
  /** Report dimensions, as the work order stood when the clock started (department: when it stopped). */
  department?: string;
  type: string;
  tier: string;
  priority?: string;
  policy: VersionRef;
  calendar: VersionRef;
  terms: ClockTerms;
  startedAt: Date;
  pauses: Pause[];
  plan: ClockPlan;
  /** Warning percents already sent; re-planning never sends one twice. */
  warned: number[];
  breachedAt?: Date;
  levelReached: number;
  /** Re-plans by an admin already applied (their ids). */
  replans: string[];
  state: ClockState;
  stoppedAt?: Date;
  /** Wall-clock time past the due instant when a late clock stopped. */
  latenessMs?: number;
  /** Grows with every change; updates are made against the revision read. */
  revision: number;
  updatedAt: Date;
}

export interface ClockQuery {
  readonly stoppedFrom?: Date;
  readonly stoppedTo?: Date;
  readonly kind?: ClockKind;
  readonly department?: string;
  readonly states?: readonly ClockState[];
}

export interface SlaRepository {
  /** Saves a policy as its next version. */
  savePolicy(input: SlaPolicyInput, by: string, at: Date): Promise<SlaPolicy>;
  /** The newest version of every policy. */
  currentPolicies(): Promise<SlaPolicy[]>;
  policyVersion(ref: VersionRef): Promise<SlaPolicy | null>;
  policyVersions(policyId: string): Promise<SlaPolicy[]>;

  /** Saves a calendar as its next version (the version in `calendar` is ignored). */
  saveCalendar(calendar: Omit<BusinessCalendar, 'version'>, comment: string, by: string, at: Date): Promise<StoredCalendar>;
  /** The newest version of every calendar. */
  currentCalendars(): Promise<StoredCalendar[]>;
  calendarVersion(ref: VersionRef): Promise<StoredCalendar | null>;
  calendarVersions(calendarId: string): Promise<StoredCalendar[]>;

  findClock(clockId: string): Promise<ClockDoc | null>;
  /** Records a new clock; when it exists already (a redelivered job), returns the one recorded. */
  createClock(clock: Omit<ClockDoc, '_id' | 'revision'>): Promise<ClockDoc>;
  /** Changes the clock if it is still at `revision`; false when someone changed it first. */
  updateClock(clockId: string, revision: number, change: UpdateQuery<ClockDoc>): Promise<boolean>;
  findClocks(query: ClockQuery): Promise<ClockDoc[]>;

  /** Appends a journal line; the same entry id again is ignored (a redelivered job). */
  journal(entry: JournalEntry): Promise<void>;
  /** A work order's journal in the order it was written. */
  journalOf(workOrderId: string): Promise<JournalEntry[]>;
  /** The journal of every clock, clock by clock, each in the order it was written. */
  journalAll(): Promise<JournalEntry[]>;
}

const refSchema = { id: String, version: Number };
const versionKey = (id: string, version: number): string => `${id}@${version}`;

/** One saved version of a policy or a calendar; `_id` is `<id>@<version>`, so a version is saved once. */
interface VersionRow {
  _id: string;
  id: string;
  version: number;
  /** The policy or calendar as validated when saved (SlaPolicyInput, or a calendar without its version). */
  body: object;
  comment: string;
  savedBy: string;
  savedAt: Date;
}
const versionSchema = (collection: string) =>
  new Schema<VersionRow>(
    { _id: String, id: String, version: Number, body: Schema.Types.Mixed, comment: String, savedBy: String, savedAt: Date },
    // minimize: false keeps empty objects, e.g. a policy's `match: {}` (matches everything)
    { collection, versionKey: false, minimize: false },
  );
const ClockSchema = new Schema<ClockDoc>(
  {
    _id: String,
    clockId: String,
    workOrderId: String,
    kind: String,
    stepElementId: String,
    processInstanceKey: String,
    department: String,
    type: String,
    tier: String,
    priority: String,
    policy: refSchema,
    calendar: refSchema,
    terms: Schema.Types.Mixed,
    startedAt: Date,
    pauses: Schema.Types.Mixed,
    plan: Schema.Types.Mixed,
    warned: [Number],
    breachedAt: Date,
    levelReached: Number,
    replans: [String],
    state: String,
    stoppedAt: Date,
    latenessMs: Number,
    revision: Number,
    updatedAt: Date,
  },
  { collection: 'sla_clocks', versionKey: false, minimize: false },
);
const JournalSchema = new Schema(
  { _id: String, workOrderId: String, clockId: String, seq: Number, entry: Schema.Types.Mixed },
  { collection: 'sla_journal', versionKey: false },
);
JournalSchema.index({ workOrderId: 1, seq: 1 });

/** Dates inside Mixed fields come back as Dates from MongoDB and FerretDB alike; plans and pauses are revived explicitly anyway. */
const date = (value: unknown): Date => new Date(value as string | Date);
const revivePlan = (plan: ClockPlan): ClockPlan => ({
  dueAt: date(plan.dueAt),
  warnings: plan.warnings.map((w) => ({ percent: w.percent, at: date(w.at) })),
  ladder: plan.ladder.map((l) => ({ level: l.level, at: date(l.at) })),
});
const revivePauses = (pauses: readonly Pause[]): Pause[] => pauses.map((p) => ({ from: date(p.from), ...(p.to ? { to: date(p.to) } : {}) }));
const reviveClock = (doc: ClockDoc): ClockDoc => ({ ...doc, plan: revivePlan(doc.plan), pauses: revivePauses(doc.pauses) });
const reviveEntry = (entry: JournalEntry): JournalEntry => {
  const dates = ['at', 'startedAt', 'dueAt', 'firedAt', 'occurredAt'] as const;
  const revived: Record<string, unknown> = { ...entry };
  for (const key of dates) if (entry[key] !== undefined) revived[key] = date(entry[key]);
  if (entry.plan) revived.plan = revivePlan(entry.plan);
  if (entry.pauses) revived.pauses = revivePauses(entry.pauses);
  return revived as unknown as JournalEntry;
};

/** Orders journal lines as written, across processes: the machine's clock in microseconds plus a counter. */
let sequence = 0;
const nextSeq = (): number => Date.now() * 1000 + (sequence++ % 1000);

export function mongoSlaRepository(connection: Connection, locks: DocumentLocks): SlaRepository {
  const Policies = connection.model('SlaPolicy', versionSchema('sla_policies'));
  const Calendars = connection.model('BusinessCalendar', versionSchema('business_calendars'));
  const Clocks = connection.model<ClockDoc>('SlaClock', ClockSchema);
  const Journal = connection.model('SlaJournalEntry', JournalSchema);

  const toPolicy = (row: VersionRow): SlaPolicy => ({ ...(row.body as SlaPolicyInput), version: row.version, savedBy: row.savedBy, savedAt: row.savedAt });
  const toCalendar = (row: VersionRow): StoredCalendar => ({ ...(row.body as Omit<BusinessCalendar, 'version'>), version: row.version, comment: row.comment, savedBy: row.savedBy, savedAt: row.savedAt });
  const newest = <R extends { id: string; version: number }>(rows: R[]): R[] => {
    const byId = new Map<string, R>();
    for (const row of rows) if ((byId.get(row.id)?.version ?? 0) < row.version) byId.set(row.id, row);
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  };

  /** Inserts version n+1; two saves at once both read n, one insert wins and the other tries n+2. */
  async function insertNextVersion(model: Model<VersionRow>, row: Omit<VersionRow, '_id' | 'version'>): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const versions = await model.find({ id: row.id }, { version: 1 }).lean<{ version: number }[]>().exec();
      const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
      try {
        await model.create({ ...row, _id: versionKey(row.id, version), version });
        return version;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error(`${row.id} is being saved by someone else; try again`);
  }

  return {
    async savePolicy(input, by, at) {
      const version = await insertNextVersion(Policies, { id: input.policyId, body: input, comment: input.comment, savedBy: by, savedAt: at });
      return { ...input, version, savedBy: by, savedAt: at };
    },
    async currentPolicies() {
      return newest(await Policies.find().lean<VersionRow[]>().exec()).map(toPolicy);
    },
    async policyVersion(ref) {
      const row = await Policies.findOne({ _id: versionKey(ref.id, ref.version) }).lean<VersionRow>().exec();
      return row ? toPolicy(row) : null;
    },
    async policyVersions(policyId) {
      const rows = await Policies.find({ id: policyId }).sort({ version: 1 }).lean<VersionRow[]>().exec();
      return rows.map(toPolicy);
    },

    async saveCalendar(calendar, comment, by, at) {
      const version = await insertNextVersion(Calendars, { id: calendar.id, body: calendar, comment, savedBy: by, savedAt: at });
      return { ...calendar, version, comment, savedBy: by, savedAt: at };
    },
    async currentCalendars() {
      return newest(await Calendars.find().lean<VersionRow[]>().exec()).map(toCalendar);
    },
    async calendarVersion(ref) {
      const row = await Calendars.findOne({ _id: versionKey(ref.id, ref.version) }).lean<VersionRow>().exec();
      return row ? toCalendar(row) : null;
    },
    async calendarVersions(calendarId) {
      const rows = await Calendars.find({ id: calendarId }).sort({ version: 1 }).lean<VersionRow[]>().exec();
      return rows.map(toCalendar);
    },

    async findClock(clockId) {
      const doc = await Clocks.findOne({ _id: clockId }).lean<ClockDoc>().exec();
      return doc ? reviveClock(doc) : null;
    },
    async createClock(clock) {
      try {
        await Clocks.create({ ...clock, _id: clock.clockId, revision: 0 });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return reviveClock((await Clocks.findOne({ _id: clock.clockId }).lean<ClockDoc>().exec())!);
    },
    updateClock(clockId, revision, change) {
      const withRevision: UpdateQuery<ClockDoc> = { ...change, $inc: { revision: 1 } };
      return locks.updateIf(Clocks, clockId, { filter: { revision }, holds: (d) => d.revision === revision }, withRevision);
    },
    async findClocks(query) {
      const filter: Record<string, unknown> = {};
      if (query.kind) filter.kind = query.kind;
      if (query.department) filter.department = query.department;
      if (query.states) filter.state = { $in: [...query.states] };
      if (query.stoppedFrom || query.stoppedTo) {
        filter.stoppedAt = { ...(query.stoppedFrom ? { $gte: query.stoppedFrom } : {}), ...(query.stoppedTo ? { $lt: query.stoppedTo } : {}) };
      }
      const docs = await Clocks.find(filter).sort({ startedAt: 1 }).lean<ClockDoc[]>().exec();
      return docs.map(reviveClock);
    },

    async journal(entry) {
      try {
        await Journal.create({ _id: entry.entryId, workOrderId: entry.workOrderId, clockId: entry.clockId, seq: nextSeq(), entry });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    async journalOf(workOrderId) {
      const rows = await Journal.find({ workOrderId }).sort({ seq: 1 }).lean<{ entry: JournalEntry }[]>().exec();
      return rows.map((r) => reviveEntry(r.entry));
    },
    async journalAll() {
      const rows = await Journal.find().sort({ clockId: 1, seq: 1 }).lean<{ entry: JournalEntry }[]>().exec();
      return rows.map((r) => reviveEntry(r.entry));
    },
  };
}
