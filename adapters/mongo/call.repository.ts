import { Schema, type Connection, type UpdateQuery } from 'mongoose';
import type { CallMode, CallOutcome, CallState } from '../../domain/call/call';
import type { DocumentLocks } from './document-lock';
import { isDuplicateKey } from './errors';

/** One thing that happened to a call, as recorded (the call's own audit trail). */
export interface CallEventLine {
  kind: 'originating' | 'placed' | 'ringing' | 'answered' | 'dtmf' | 'playback-finished' | 'recording' | 'ended' | 'hung-up';
  at: Date;
  /** The digit, the recording name, the outcome ... */
  detail?: string;
}

/** A call the platform placed, keyed by its call id (lookups by `_id` only: FerretDB scans any other filter). */
export interface CallDoc {
  _id: string;
  to: string;
  mode: CallMode;
  /** The agent the call is placed for (agent mode). */
  agentId?: string;
  /** The department of the agent who asked for the call through the API: who else may read it. */
  departmentId?: string;
  /** The message played to the customer (IVR mode), a media URI such as `sound:survey-question`. */
  prompt?: string;
  /** Key presses an IVR survey waits for before it hangs up (0: a message only). */
  expectDigits: number;
  /** The phone-call instance that places it; unset while a call asked for through the API waits for its start. */
  processInstanceKey?: string;
  state: CallState;
  outcome?: CallOutcome;
  cause?: number;
  causeText?: string;
  createdAt: Date;
  ringingAt?: Date;
  answeredAt?: Date;
  endedAt?: Date;
  /** From the call's creation in the telephony system to its end (ms). */
  durationMs?: number;
  recordings: string[];
  /** Every key the customer pressed, in order. */
  dtmf: string;
  events: CallEventLine[];
  /** Grows with every change; updates are made against the revision read. */
  revision: number;
}

export type NewCall = Omit<CallDoc, 'state' | 'recordings' | 'dtmf' | 'events' | 'revision'>;

/** What to change in a call, decided on the record as read; undefined: nothing to do. */
export interface CallChange {
  readonly set: Partial<Omit<CallDoc, '_id' | 'revision' | 'events'>>;
  readonly line: CallEventLine;
}

/**
 * Calls not settled yet: placed and not ended, or ended with the end not yet handed to the
 * engine. A small collection read whole when the event stream reconnects, so that read never
 * scans the ever-growing `calls` collection.
 */
interface InFlightDoc {
  _id: string;
}

const EventLineSchema = new Schema<CallEventLine>({ kind: String, at: Date, detail: String }, { _id: false });
const CallSchema = new Schema<CallDoc>(
  {
    _id: String,
    to: { type: String, required: true },
    mode: { type: String, required: true },
    agentId: String,
    departmentId: String,
    prompt: String,
    expectDigits: { type: Number, required: true },
    processInstanceKey: String,
    state: { type: String, required: true },
    outcome: String,
    cause: Number,
    causeText: String,
    createdAt: { type: Date, required: true },
    ringingAt: Date,
    answeredAt: Date,
    endedAt: Date,
    durationMs: Number,
    recordings: { type: [String], default: [] },
    dtmf: { type: String, default: '' },
    events: { type: [EventLineSchema], default: [] },
    revision: { type: Number, required: true },
  },
  { collection: 'calls', versionKey: false },
);
const InFlightSchema = new Schema<InFlightDoc>({ _id: String }, { collection: 'calls_in_flight', versionKey: false });

/** Attempts at a revision-conditional change before giving up (each one re-reads the call). */
const ATTEMPTS = 20;

export interface CallRepository {
  /** Records a call about to be placed (and marks it in flight); a call recorded before is returned as it is. */
  begin(call: NewCall): Promise<CallDoc>;
  find(callId: string): Promise<CallDoc | undefined>;
  /** Binds the call to the process instance that places it (calls asked for through the API start theirs after the record). */
  bindInstance(callId: string, processInstanceKey: string): Promise<void>;
  /** Applies what `decide` makes of the call as read, against its revision; undefined when there was nothing to do. */
  change(callId: string, decide: (call: CallDoc) => CallChange | undefined): Promise<CallDoc | undefined>;
  inFlight(): Promise<string[]>;
  /** The call's end reached the engine: it needs no more attention. */
  settle(callId: string): Promise<void>;
}

export function mongoCallRepository(connection: Connection, locks: DocumentLocks): CallRepository {
  const Calls = connection.model<CallDoc>('Call', CallSchema);
  const InFlight = connection.model<InFlightDoc>('CallInFlight', InFlightSchema);
  const find = async (callId: string): Promise<CallDoc | undefined> => (await Calls.findById(callId).lean<CallDoc>().exec()) ?? undefined;

  return {
    async begin(call) {
      // in flight first: a crash between the two leaves a marker the reconnect pass clears
      try {
        await InFlight.create({ _id: call._id });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      try {
        const created = await Calls.create({
          ...call,
          state: 'originating',
          recordings: [],
          dtmf: '',
          events: [{ kind: 'originating', at: call.createdAt, detail: call.to }],
          revision: 0,
        });
        return created.toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return (await find(call._id))!;
      }
    },

    find,

    async bindInstance(callId, processInstanceKey) {
      // through the lock: on FerretDB a plain update writes back the whole document it read,
      // and the call's end may be recorded in between
      await locks.updateIf(Calls, callId, { filter: {}, holds: () => true }, { $set: { processInstanceKey } });
    },

    async change(callId, decide) {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const call = await find(callId);
        if (!call) return undefined;
        const change = decide(call);
        if (!change) return undefined;
        const update: UpdateQuery<CallDoc> = { $set: change.set, $push: { events: change.line }, $inc: { revision: 1 } };
        const { revision } = call;
        if (await locks.updateIf(Calls, callId, { filter: { revision }, holds: (d) => d.revision === revision }, update)) {
          return { ...call, ...change.set, events: [...call.events, change.line], revision: revision + 1 };
        }
      }
      throw new Error(`call ${callId} kept changing`);
    },

    async inFlight() {
      return (await InFlight.find({}).lean<InFlightDoc[]>().exec()).map((d) => d._id);
    },

    async settle(callId) {
      await InFlight.deleteOne({ _id: callId }).exec();
    },
  };
}
