import { Schema, type Connection, type UpdateQuery } from 'mongoose';
import type { BusinessCalendar } from '../../domain/calendar';
import type { ClockPlan, ClockTerms, Pause } from '../../domain/sla/clock-plan';
import type { JournalEntry, VersionRef } from '../../domain/sla/journal';
import type { ClockKind, SlaPolicy, SlaPolicyInput } from '../../domain/sla/policy';
import type { DocumentLocks } from './document-lock';
import { isDuplicateKey } from './errors';
import { insertNextVersion, insertVersion, newestVersions, versionKey, versionSchema, type VersionRow } from './versions';

/** A calendar version as stored: who saved it, when, and why. */
export type StoredCalendar = BusinessCalendar & { readonly savedBy: string; readonly savedAt: Date; readonly comment: string };

export const ClockStates = ['running', 'paused', 'met', 'late', 'cancelled'] as const;
export type ClockState = (typeof ClockStates)[number];
export const isFinal = (state: ClockState): boolean => state === 'met' || state === 'late' || state === 'cancelled';

/**
 * One SLA clock: its state, and its journal. A job reads the clock by `_id`, decides, and writes
 * the new state together with the journal lines that say what happened, in one update against
 * the revision it read: a line is in the journal exactly when its change was made, however jobs
 * race or are delivered again. Lines are only ever appended.
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
  /** Every event of the clock in the order it happened; append-only. */
  journal: JournalEntry[];
  /** Grows with every change; updates are made against the revision read. */
  revision: number;
  updatedAt: Date;
}

/** A clock as the reports read it: everything but its journal. */
export type ReportClockDoc = Omit<ClockDoc, 'journal'>;

/** What the reports ask for; every part left out matches every clock. */
export interface ReportClockQuery {
  readonly kinds?: readonly ClockKind[];
  /** Recorded for one of these departments (clocks without a department never match). */
  readonly departments?: readonly string[];
  readonly states?: readonly ClockState[];
  /** Stopped in [stoppedFrom, stoppedTo). */
  readonly stoppedFrom?: Date;
  readonly stoppedTo?: Date;
  /** Breached in [breachedFrom, breachedTo). */
  readonly breachedFrom?: Date;
  readonly breachedTo?: Date;
  readonly workOrderIds?: readonly string[];
}

export interface SlaRepository {
  /** Saves a policy as its next version. */
  savePolicy(input: SlaPolicyInput, by: string, at: Date): Promise<SlaPolicy>;
  /** Saves a policy as exactly `version`; null when that version exists already (another edit of the same version won). */
  savePolicyAs(input: SlaPolicyInput, version: number, by: string, at: Date): Promise<SlaPolicy | null>;
  /** The newest version of every policy. */
  currentPolicies(): Promise<SlaPolicy[]>;
  policyVersion(ref: VersionRef): Promise<SlaPolicy | null>;
  policyVersions(policyId: string): Promise<SlaPolicy[]>;

  /** Saves a calendar as its next version (the version in `calendar` is ignored). */
  saveCalendar(calendar: Omit<BusinessCalendar, 'version'>, comment: string, by: string, at: Date): Promise<StoredCalendar>;
  /** Saves a calendar as exactly `version`; null when that version exists already (another edit of the same version won). */
  saveCalendarAs(calendar: Omit<BusinessCalendar, 'version'>, version: number, comment: string, by: string, at: Date): Promise<StoredCalendar | null>;
  /** The newest version of every calendar. */
  currentCalendars(): Promise<StoredCalendar[]>;
  calendarVersion(ref: VersionRef): Promise<StoredCalendar | null>;
  calendarVersions(calendarId: string): Promise<StoredCalendar[]>;

  findClock(clockId: string): Promise<ClockDoc | null>;
  /** Records a new clock with its first journal line; when it exists already (a redelivered job), returns the one recorded. */
  createClock(clock: Omit<ClockDoc, '_id' | 'revision'>): Promise<ClockDoc>;
  /** Changes the clock (appending to its journal) if it is still at `revision`; false when someone changed it first. */
  updateClock(clockId: string, revision: number, change: UpdateQuery<ClockDoc>): Promise<boolean>;
  /** Clocks for the auditors' reports (compliance, breaches), without their journals. */
  findReportClocks(query: ReportClockQuery): Promise<ReportClockDoc[]>;
  /** The journal of every clock, clock by clock, each in the order it was written. */
  journalAll(): Promise<JournalEntry[]>;
}

const refSchema = { id: String, version: Number };
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
    journal: Schema.Types.Mixed,
    revision: Number,
    updatedAt: Date,
  },
  { collection: 'sla_clocks', versionKey: false, minimize: false },
);
// the auditors' reports select by period (on MongoDB; FerretDB v1 scans whatever the index)
ClockSchema.index({ stoppedAt: 1 });
ClockSchema.index({ breachedAt: 1 });

/** Dates inside Mixed fields come back as Dates from MongoDB and FerretDB alike; plans and pauses are revived explicitly anyway. */
const date = (value: unknown): Date => new Date(value as string | Date);
const revivePlan = (plan: ClockPlan): ClockPlan => ({
  dueAt: date(plan.dueAt),
  warnings: plan.warnings.map((w) => ({ percent: w.percent, at: date(w.at) })),
  ladder: plan.ladder.map((l) => ({ level: l.level, at: date(l.at) })),
});
const revivePauses = (pauses: readonly Pause[]): Pause[] => pauses.map((p) => ({ from: date(p.from), ...(p.to ? { to: date(p.to) } : {}) }));
const reviveEntry = (entry: JournalEntry): JournalEntry => {
  const dates = ['at', 'startedAt', 'dueAt', 'firedAt', 'occurredAt'] as const;
  const revived: Record<string, unknown> = { ...entry };
  for (const key of dates) if (entry[key] !== undefined) revived[key] = date(entry[key]);
  if (entry.plan) revived.plan = revivePlan(entry.plan);
  if (entry.pauses) revived.pauses = revivePauses(entry.pauses);
  return revived as unknown as JournalEntry;
};
const reviveClock = (doc: ClockDoc): ClockDoc => ({ ...doc, plan: revivePlan(doc.plan), pauses: revivePauses(doc.pauses), journal: doc.journal.map(reviveEntry) });

export function mongoSlaRepository(connection: Connection, locks: DocumentLocks): SlaRepository {
  const Policies = connection.model('SlaPolicy', versionSchema('sla_policies'));
  const Calendars = connection.model('BusinessCalendar', versionSchema('business_calendars'));
  const Clocks = connection.model<ClockDoc>('SlaClock', ClockSchema);

  const policyRow = (input: SlaPolicyInput, by: string, at: Date): Omit<VersionRow, '_id' | 'version'> => ({ id: input.policyId, body: input, comment: input.comment, savedBy: by, savedAt: at });
  const toPolicy = (row: VersionRow): SlaPolicy => ({ ...(row.body as SlaPolicyInput), version: row.version, savedBy: row.savedBy, savedAt: row.savedAt });
  const toCalendar = (row: VersionRow): StoredCalendar => ({ ...(row.body as Omit<BusinessCalendar, 'version'>), version: row.version, comment: row.comment, savedBy: row.savedBy, savedAt: row.savedAt });

  return {
    async savePolicy(input, by, at) {
      const version = await insertNextVersion(Policies, policyRow(input, by, at));
      return { ...input, version, savedBy: by, savedAt: at };
    },
    async savePolicyAs(input, version, by, at) {
      return (await insertVersion(Policies, policyRow(input, by, at), version)) ? { ...input, version, savedBy: by, savedAt: at } : null;
    },
    async currentPolicies() {
      return newestVersions(await Policies.find().lean<VersionRow[]>().exec()).map(toPolicy);
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
    async saveCalendarAs(calendar, version, comment, by, at) {
      const saved: StoredCalendar = { ...calendar, version, comment, savedBy: by, savedAt: at };
      return (await insertVersion(Calendars, { id: calendar.id, body: calendar, comment, savedBy: by, savedAt: at }, version)) ? saved : null;
    },
    async currentCalendars() {
      return newestVersions(await Calendars.find().lean<VersionRow[]>().exec()).map(toCalendar);
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
    async findReportClocks(query) {
      // FerretDB v1 hands SQLite only a filter of exactly {_id}: this one decodes every clock of
      // sla_clocks in Go (MongoDB narrows a period by the stoppedAt/breachedAt indexes). Fine for
      // reports an auditor asks for now and then; the workers keep reading clocks by _id.
      const range = (from?: Date, to?: Date): Record<string, Date> => ({ ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) });
      const filter: Record<string, unknown> = {};
      if (query.kinds) filter.kind = { $in: [...query.kinds] };
      if (query.departments) filter.department = { $in: [...query.departments] };
      if (query.states) filter.state = { $in: [...query.states] };
      if (query.workOrderIds) filter.workOrderId = { $in: [...query.workOrderIds] };
      if (query.stoppedFrom || query.stoppedTo) filter.stoppedAt = range(query.stoppedFrom, query.stoppedTo);
      if (query.breachedFrom || query.breachedTo) filter.breachedAt = range(query.breachedFrom, query.breachedTo);
      const docs = await Clocks.find(filter, { journal: 0 }).lean<ReportClockDoc[]>().exec();
      return docs.map((doc) => ({ ...doc, plan: revivePlan(doc.plan), pauses: revivePauses(doc.pauses) }));
    },

    async journalAll() {
      // every clock: a scan (FerretDB v1 narrows only by _id), for the auditors' re-derivation
      const clocks = await Clocks.find({}, { journal: 1 }).sort({ _id: 1 }).lean<Pick<ClockDoc, 'journal'>[]>().exec();
      return clocks.flatMap((c) => c.journal.map(reviveEntry));
    },
  };
}
