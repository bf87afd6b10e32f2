import { Schema, type Connection, type UpdateQuery } from 'mongoose';
import type { CallbackMode, CallbackResult } from '../../domain/callback/process';
import type { CallbackPolicy, CallbackPolicyInput } from '../../domain/callback/policy';
import type { Retry, StopReason } from '../../domain/callback/plan';
import type { SurveyReply } from '../../domain/callback/survey';
import type { AttemptOutcome } from '../../domain/outreach/attempt-rules';
import type { VersionRef } from '../../domain/sla/journal';
import type { DocumentLocks } from './document-lock';
import { isDuplicateKey } from './errors';
import { insertNextVersion, newestVersions, versionKey, versionSchema, type VersionRow } from './versions';

/**
 * Where a callback stands: `planned` (a call is about to be placed), `waiting` (for the next
 * calling slot, the work order's clocks paused), `calling`, `survey` (the e-mail survey awaits
 * its answer), `finished`.
 */
export type CallbackState = 'planned' | 'waiting' | 'calling' | 'survey' | 'finished';

/** One call to the customer (or one preview call an agent reported). */
export interface CallbackAttempt {
  n: number;
  /** The call id, or `attempt-<element instance>` for a preview call reported without one: recorded once by it. */
  key: string;
  callId?: string;
  mode: CallbackMode;
  /** The slot the plan chose. */
  plannedAt?: Date;
  /** When the call was placed (the call record's creation, platform clock) and when it ended. */
  placedAt?: Date;
  endedAt: Date;
  /** As the attempt rules judged it: a call answered without a survey answer counts as no answer. */
  outcome: AttemptOutcome;
  /** The call's own outcome and the keys pressed (IVR), or the agent who reported it (preview). */
  callOutcome?: string;
  dtmf?: string;
  agentId?: string;
  reply?: SurveyReply;
  jobKey: string;
}

export interface CallbackPlan {
  jobKey: string;
  next: 'now' | 'later' | 'stop';
  at?: Date;
  /** With `now`: the end of the calling span the call must fall in. */
  until?: Date;
  because?: StopReason;
  decidedAt: Date;
}

export interface CallbackSurvey {
  channel: 'email';
  /** The address, masked (the customer store keeps the address itself). */
  to: string;
  sentAt: Date;
  expiresAt: Date;
  jobKey: string;
  answeredAt?: Date;
  reply?: SurveyReply;
}

export interface CallbackOutcome {
  outcome: CallbackResult;
  /** Why not satisfied (`not-solved`, `other: ...`) or why unreachable (the stop reason, `survey-unanswered`). */
  reason?: string;
  /** How the answer came: on a call, through the e-mail survey, or not at all. */
  via: 'call' | 'survey' | 'none';
  at: Date;
  jobKey: string;
}

/** A line of the callback's own audit trail. */
export interface CallbackJournalLine {
  at: Date;
  event: 'started' | 'planned' | 'attempt' | 'survey-sent' | 'survey-skipped' | 'survey-answered' | 'finished';
  detail?: string;
  /** The engine job that wrote it: a job delivered again finds its line and changes nothing. */
  jobKey?: string;
}

/** One callback, keyed by its callback id (reads by `_id` only: FerretDB scans any other filter). */
export interface CallbackDoc {
  _id: string;
  workOrderId?: string;
  processInstanceKey: string;
  phone: string;
  customerId?: string;
  customerName?: string;
  /** What the call is about, on the agent's screen and in the survey mail. */
  title: string;
  mode: CallbackMode;
  /** The policy version and the calendar version it runs on, pinned at its start. */
  policyVersion: number;
  calendar: VersionRef;
  startedAt: Date;
  state: CallbackState;
  /** The latest plan (the one the process follows now). */
  plan?: CallbackPlan;
  /** What the last attempt's rule allows next. */
  retry?: Retry;
  /** Why no further call is placed, once the plan or the attempt rules said so. */
  stoppedBecause?: StopReason;
  attempts: CallbackAttempt[];
  survey?: CallbackSurvey;
  result?: CallbackOutcome;
  journal: CallbackJournalLine[];
  revision: number;
  updatedAt: Date;
}

export type NewCallback = Omit<CallbackDoc, 'state' | 'attempts' | 'journal' | 'revision' | 'updatedAt'>;

/** What to change in a callback, decided on the record as read; undefined: nothing to do. */
export interface CallbackChange {
  readonly set: Partial<Omit<CallbackDoc, '_id' | 'revision' | 'journal'>>;
  readonly line: CallbackJournalLine;
}

export interface CallbackRepository {
  /** Records a callback at its start; one recorded before (a job delivered again) is returned as it is. */
  begin(callback: NewCallback, at: Date): Promise<CallbackDoc>;
  find(callbackId: string): Promise<CallbackDoc | undefined>;
  /** Applies what `decide` makes of the record as read, against its revision; undefined when there was nothing to do. */
  change(callbackId: string, decide: (callback: CallbackDoc) => CallbackChange | undefined): Promise<CallbackDoc | undefined>;
}

const sub = <T>(definition: ConstructorParameters<typeof Schema<T>>[0]) => new Schema<T>(definition, { _id: false });

const CallbackSchema = new Schema<CallbackDoc>(
  {
    _id: String,
    workOrderId: String,
    processInstanceKey: { type: String, required: true },
    phone: { type: String, required: true },
    customerId: String,
    customerName: String,
    title: { type: String, required: true },
    mode: { type: String, required: true },
    policyVersion: { type: Number, required: true },
    calendar: { type: sub<VersionRef>({ id: String, version: Number }), required: true },
    startedAt: { type: Date, required: true },
    state: { type: String, required: true },
    plan: { type: sub<CallbackPlan>({ jobKey: String, next: String, at: Date, until: Date, because: String, decidedAt: Date }), default: undefined },
    retry: { type: sub<Retry>({ notBefore: Date, inNextWindow: Boolean }), default: undefined },
    stoppedBecause: String,
    attempts: {
      type: [
        sub<CallbackAttempt>({
          n: Number,
          key: String,
          callId: String,
          mode: String,
          plannedAt: Date,
          placedAt: Date,
          endedAt: Date,
          outcome: String,
          callOutcome: String,
          dtmf: String,
          agentId: String,
          reply: Schema.Types.Mixed,
          jobKey: String,
        }),
      ],
      default: [],
    },
    survey: {
      type: sub<CallbackSurvey>({ channel: String, to: String, sentAt: Date, expiresAt: Date, jobKey: String, answeredAt: Date, reply: Schema.Types.Mixed }),
      default: undefined,
    },
    result: { type: sub<CallbackOutcome>({ outcome: String, reason: String, via: String, at: Date, jobKey: String }), default: undefined },
    journal: { type: [sub<CallbackJournalLine>({ at: Date, event: String, detail: String, jobKey: String })], default: [] },
    revision: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'callbacks', versionKey: false },
);

/** Attempts at a revision-conditional change before giving up (each one re-reads the record). */
const ATTEMPTS = 10;

export function mongoCallbackRepository(connection: Connection, locks: DocumentLocks): CallbackRepository {
  const Callbacks = connection.model<CallbackDoc>('Callback', CallbackSchema);
  const find = async (callbackId: string): Promise<CallbackDoc | undefined> => (await Callbacks.findById(callbackId).lean<CallbackDoc>().exec()) ?? undefined;

  return {
    async begin(callback, at) {
      try {
        const created = await Callbacks.create({ ...callback, state: 'planned', attempts: [], journal: [{ at, event: 'started', detail: callback.mode }], revision: 0, updatedAt: at });
        return created.toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return (await find(callback._id))!;
      }
    },

    find,

    async change(callbackId, decide) {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const callback = await find(callbackId);
        if (!callback) return undefined;
        const change = decide(callback);
        if (!change) return undefined;
        const update: UpdateQuery<CallbackDoc> = { $set: { ...change.set, updatedAt: change.line.at }, $push: { journal: change.line }, $inc: { revision: 1 } };
        const { revision } = callback;
        if (await locks.updateIf(Callbacks, callbackId, { filter: { revision }, holds: (d) => d.revision === revision }, update)) {
          return { ...callback, ...change.set, journal: [...callback.journal, change.line], revision: revision + 1 };
        }
      }
      throw new Error(`callback ${callbackId} kept changing`);
    },
  };
}

/** The center's callback policy, version by version (one policy: id `callback`). */
export interface CallbackPolicyRepository {
  save(input: CallbackPolicyInput, by: string, at: Date): Promise<CallbackPolicy>;
  current(): Promise<CallbackPolicy | null>;
  version(version: number): Promise<CallbackPolicy | null>;
  versions(): Promise<CallbackPolicy[]>;
}

const POLICY_ID = 'callback';

export function mongoCallbackPolicies(connection: Connection): CallbackPolicyRepository {
  const Policies = connection.model('CallbackPolicy', versionSchema('callback_policies'));
  const toPolicy = (row: VersionRow): CallbackPolicy => ({ ...(row.body as CallbackPolicyInput), version: row.version, savedBy: row.savedBy, savedAt: row.savedAt });
  const rows = () => Policies.find({ id: POLICY_ID }).lean<VersionRow[]>().exec();
  return {
    async save(input, by, at) {
      const version = await insertNextVersion(Policies, { id: POLICY_ID, body: input, comment: input.comment, savedBy: by, savedAt: at });
      return { ...input, version, savedBy: by, savedAt: at };
    },
    async current() {
      const [newest] = newestVersions(await rows());
      return newest ? toPolicy(newest) : null;
    },
    async version(version) {
      const row = await Policies.findById(versionKey(POLICY_ID, version)).lean<VersionRow>().exec();
      return row ? toPolicy(row) : null;
    },
    async versions() {
      return (await rows()).sort((a, b) => a.version - b.version).map(toPolicy);
    },
  };
}
