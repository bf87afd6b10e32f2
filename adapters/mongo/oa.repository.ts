import { Schema, type Connection } from 'mongoose';
import type { OutboundEventType } from '../../domain/oa/events';
import type { DocumentLocks } from './document-lock';
import { insertOnce, isDuplicateKey } from './errors';
import type { SecretBox } from './secret-box';

/** A signing secret of an OA endpoint; during a rotation the old one serves until it retires. */
export interface EndpointSecret {
  secretId: string;
  secret: string;
  createdAt: Date;
  /** From this instant on the secret is no longer used (set when a newer one replaces it). */
  retiresAt?: Date;
}

/**
 * The OA system of one or more departments: where their work orders are pushed, with which
 * secrets Closeloop signs the pushes (`signingSecrets`), and which secrets OA signs its webhooks
 * with (`verifyingSecrets`). The secrets are kept apart so a captured push cannot be played
 * back to Closeloop as OA's answer.
 */
export interface OaEndpointDoc {
  _id: string;
  name: string;
  url: string;
  departments: string[];
  signingSecrets: EndpointSecret[];
  verifyingSecrets: EndpointSecret[];
  /** How long OA may stay silent on a pushed work order before it is chased (ISO 8601 duration). */
  answerWithin: string;
  updatedAt: Date;
  updatedBy: string;
}

/** One attempt to deliver a push. */
export interface DeliveryAttempt {
  at: Date;
  status?: number;
  error?: string;
  durationMs: number;
}

/**
 * A push owed to an OA endpoint. `_id` is the Standard Webhooks `webhook-id`: every attempt and
 * every re-send carries the same id, so OA recognises a delivery it has seen. The body is fixed
 * when the push is queued; only the timestamp and signature are made per attempt.
 */
export interface OaDeliveryDoc {
  _id: string;
  endpointId: string;
  workOrderId: string;
  type: OutboundEventType;
  body: string;
  createdAt: Date;
  state: 'pending' | 'delivered' | 'dead';
  attempts: DeliveryAttempt[];
  nextAttemptAt: Date;
  /** A drainer working on it until then; another drainer leaves it alone. */
  leaseUntil?: Date;
  finishedAt?: Date;
  resentBy?: string;
  resentAt?: Date;
}

/**
 * An OA webhook received: its id is refused for ever after (at least the 24 hours the contract
 * promises). It is applied to the work order after the acknowledgement (`pending` until then; a
 * restarted API applies what it left pending).
 */
export interface OaInboundDoc {
  _id: string;
  endpointId: string;
  workOrderId: string;
  type: string;
  /** The event as received (validated). */
  event: Record<string, unknown>;
  receivedAt: Date;
  pending: boolean;
}

const SecretSchema = new Schema<EndpointSecret>({ secretId: String, secret: String, createdAt: Date, retiresAt: Date }, { _id: false });
const EndpointSchema = new Schema<OaEndpointDoc>(
  {
    _id: String,
    name: { type: String, required: true },
    url: { type: String, required: true },
    departments: { type: [String], default: [] },
    signingSecrets: { type: [SecretSchema], default: [] },
    verifyingSecrets: { type: [SecretSchema], default: [] },
    answerWithin: { type: String, required: true },
    updatedAt: Date,
    updatedBy: String,
  },
  { collection: 'oa_endpoints', versionKey: false },
);
const AttemptSchema = new Schema<DeliveryAttempt>({ at: Date, status: Number, error: String, durationMs: Number }, { _id: false });
const deliveryFields = {
  _id: String,
  endpointId: { type: String, required: true },
  workOrderId: { type: String, required: true },
  type: { type: String, required: true },
  body: { type: String, required: true },
  createdAt: Date,
  state: { type: String, required: true },
  attempts: { type: [AttemptSchema], default: [] },
  nextAttemptAt: Date,
  leaseUntil: Date,
  finishedAt: Date,
  resentBy: String,
  resentAt: Date,
};
const InboundSchema = new Schema<OaInboundDoc>(
  { _id: String, endpointId: String, workOrderId: String, type: String, event: { type: Schema.Types.Mixed }, receivedAt: Date, pending: Boolean },
  { collection: 'oa_inbound', versionKey: false, minimize: false },
);

export interface OaRepository {
  endpoints(): Promise<OaEndpointDoc[]>;
  endpoint(endpointId: string): Promise<OaEndpointDoc | null>;
  /** The endpoint serving `department`, if it works in OA. */
  endpointFor(department: string): Promise<OaEndpointDoc | null>;
  saveEndpoint(endpoint: OaEndpointDoc): Promise<void>;
  /**
   * Seals every stored secret not yet sealed under the current key (a plain one from before
   * sealing, or one of the previous key); how many endpoints changed. Run at start-up.
   */
  resealSecrets(): Promise<number>;
  /** False when there was no such endpoint. */
  removeEndpoint(endpointId: string): Promise<boolean>;
  /** How many open work orders wait for this endpoint's answers (a scan of work_orders: an admin's question, rare). */
  openWorkOrdersWith(endpointId: string): Promise<number>;
  /** Queues a push; the same delivery id queued again changes nothing. */
  enqueue(delivery: Omit<OaDeliveryDoc, 'state' | 'attempts'>): Promise<void>;
  /** Pushes due at `now` that no drainer holds. */
  due(now: Date, limit: number): Promise<OaDeliveryDoc[]>;
  /** Takes a due push for `leaseMs`; false when another drainer took it first. */
  claim(deliveryId: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Records an attempt: delivered, dead, or due again at `nextAttemptAt`. */
  recordAttempt(deliveryId: string, attempt: DeliveryAttempt, outcome: { state: 'delivered' | 'dead' } | { state: 'pending'; nextAttemptAt: Date }): Promise<void>;
  delivery(deliveryId: string): Promise<OaDeliveryDoc | null>;
  deliveriesOf(workOrderId: string): Promise<OaDeliveryDoc[]>;
  /** One page of the dead pushes, latest first, and how many there are (a scan of oa_deliveries on FerretDB: an admin's screen). */
  deadLetters(page: { skip: number; limit: number }): Promise<{ items: OaDeliveryDoc[]; total: number }>;
  /**
   * Puts a dead push back in the queue, due at once. `already-resent` when an earlier re-send
   * took it out of the dead letters (queued or delivered since: a double click sends once),
   * `missing` when no dead push has that id.
   */
  resend(deliveryId: string, by: string, now: Date): Promise<'queued' | 'already-resent' | 'missing'>;
  /** Records a webhook (pending); false when its id was received before (a replay). */
  receiveInbound(inbound: OaInboundDoc): Promise<boolean>;
  /** Forgets a webhook refused right after it was recorded (its id may come again, corrected). */
  forgetInbound(webhookId: string): Promise<void>;
  /** Webhooks received and not applied yet (the process stopped in between), oldest first. */
  pendingInbound(limit: number): Promise<OaInboundDoc[]>;
  /** The webhook has been applied (or finally refused): no longer pending. */
  settleInbound(webhookId: string): Promise<void>;
}

/**
 * Pending pushes live in `oa_outbox`, which stays small (FerretDB scans any filter but `_id`, so
 * the drainer's query must not grow with history); finished ones move to `oa_deliveries`. An
 * endpoint's secrets are sealed by `secrets` on the way in and opened on the way out.
 */
export function mongoOaRepository(connection: Connection, locks: DocumentLocks, secrets: SecretBox): OaRepository {
  const Endpoints = connection.model<OaEndpointDoc>('OaEndpoint', EndpointSchema);
  const withSecrets = (endpoint: OaEndpointDoc, change: (secret: string) => string): OaEndpointDoc => ({
    ...endpoint,
    signingSecrets: endpoint.signingSecrets.map((s) => ({ ...s, secret: change(s.secret) })),
    verifyingSecrets: endpoint.verifyingSecrets.map((s) => ({ ...s, secret: change(s.secret) })),
  });
  const opened = (endpoint: OaEndpointDoc | null): OaEndpointDoc | null => endpoint && withSecrets(endpoint, secrets.open);
  const Outbox = connection.model<OaDeliveryDoc>('OaOutbox', new Schema<OaDeliveryDoc>(deliveryFields, { collection: 'oa_outbox', versionKey: false }));
  const Finished = connection.model<OaDeliveryDoc>('OaDelivery', new Schema<OaDeliveryDoc>(deliveryFields, { collection: 'oa_deliveries', versionKey: false }));
  const Inbound = connection.model<OaInboundDoc>('OaInbound', InboundSchema);

  return {
    endpoints: async () => (await Endpoints.find().sort({ _id: 1 }).lean<OaEndpointDoc[]>().exec()).map((e) => opened(e)!),
    endpoint: async (endpointId) => opened(await Endpoints.findById(endpointId).lean<OaEndpointDoc>().exec()),
    endpointFor: async (department) => opened(await Endpoints.findOne({ departments: department }).lean<OaEndpointDoc>().exec()),
    async saveEndpoint(endpoint) {
      await Endpoints.replaceOne({ _id: endpoint._id }, withSecrets(endpoint, secrets.seal), { upsert: true }).exec();
    },
    async resealSecrets() {
      let changed = 0;
      for (const endpoint of await Endpoints.find().lean<OaEndpointDoc[]>().exec()) {
        let stale = false;
        const resealed = withSecrets(endpoint, (stored) => {
          const sealed = secrets.reseal(stored);
          stale ||= sealed !== undefined;
          return sealed ?? stored;
        });
        if (!stale) continue;
        await Endpoints.replaceOne({ _id: endpoint._id }, resealed).exec();
        changed++;
      }
      return changed;
    },
    async removeEndpoint(endpointId) {
      return (await Endpoints.deleteOne({ _id: endpointId }).exec()).deletedCount === 1;
    },
    openWorkOrdersWith: (endpointId) =>
      connection
        .collection('work_orders')
        .countDocuments({ 'oa.endpointId': endpointId, 'oa.stage': { $ne: 'finished' }, status: { $nin: ['closed', 'cancelled'] } }),
    async enqueue(delivery) {
      if (await Finished.exists({ _id: delivery._id })) return;
      try {
        await Outbox.create({ ...delivery, state: 'pending', attempts: [] });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    due: (now, limit) =>
      Outbox.find({ nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] })
        .sort({ nextAttemptAt: 1 })
        .limit(limit)
        .lean<OaDeliveryDoc[]>()
        .exec(),
    claim: (deliveryId, now, leaseMs) =>
      locks.updateIf(
        Outbox,
        deliveryId,
        {
          // due still: another drainer may have tried it since this one listed it, and rescheduled it
          filter: { nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] },
          holds: (doc) => doc.nextAttemptAt.getTime() <= now.getTime() && (!doc.leaseUntil || doc.leaseUntil.getTime() <= now.getTime()),
        },
        { $set: { leaseUntil: new Date(now.getTime() + leaseMs) } },
      ),
    async recordAttempt(deliveryId, attempt, outcome) {
      if (outcome.state === 'pending') {
        await Outbox.updateOne({ _id: deliveryId }, { $push: { attempts: attempt }, $set: { nextAttemptAt: outcome.nextAttemptAt }, $unset: { leaseUntil: 1 } }).exec();
        return;
      }
      const doc = await Outbox.findById(deliveryId).lean<OaDeliveryDoc>().exec();
      if (!doc) return;
      const { leaseUntil: _lease, ...rest } = doc;
      // the finished record first: a crash in between leaves a duplicate the next enqueue and drain ignore
      await Finished.replaceOne({ _id: deliveryId }, { ...rest, attempts: [...doc.attempts, attempt], state: outcome.state, finishedAt: attempt.at }, { upsert: true }).exec();
      await Outbox.deleteOne({ _id: deliveryId }).exec();
    },
    async delivery(deliveryId) {
      return (await Outbox.findById(deliveryId).lean<OaDeliveryDoc>().exec()) ?? Finished.findById(deliveryId).lean<OaDeliveryDoc>().exec();
    },
    async deliveriesOf(workOrderId) {
      const [pending, finished] = await Promise.all([
        Outbox.find({ workOrderId }).lean<OaDeliveryDoc[]>().exec(),
        Finished.find({ workOrderId }).lean<OaDeliveryDoc[]>().exec(),
      ]);
      return [...finished, ...pending].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    async deadLetters({ skip, limit }) {
      const [items, total] = await Promise.all([
        Finished.find({ state: 'dead' }).sort({ finishedAt: -1, _id: -1 }).skip(skip).limit(limit).lean<OaDeliveryDoc[]>().exec(),
        Finished.countDocuments({ state: 'dead' }).exec(),
      ]);
      return { items, total };
    },
    async resend(deliveryId, by, now) {
      const dead = await Finished.findById(deliveryId).lean<OaDeliveryDoc>().exec();
      if (dead?.state !== 'dead') {
        const current = dead ?? (await Outbox.findById(deliveryId).lean<OaDeliveryDoc>().exec());
        return current?.resentAt ? 'already-resent' : 'missing';
      }
      const { finishedAt: _finished, ...rest } = dead;
      // the outbox's `_id` admits one copy: of two re-sends at once, the second finds it taken
      if (!(await insertOnce(() => Outbox.create({ ...rest, state: 'pending', nextAttemptAt: now, resentBy: by, resentAt: now })))) return 'already-resent';
      await Finished.deleteOne({ _id: deliveryId }).exec();
      return 'queued';
    },
    receiveInbound: (inbound) => insertOnce(() => Inbound.create(inbound)),
    async forgetInbound(webhookId) {
      await Inbound.deleteOne({ _id: webhookId }).exec();
    },
    // a scan, run when an API process starts: the one that received a webhook applies it itself
    pendingInbound: (limit) => Inbound.find({ pending: true }).sort({ receivedAt: 1 }).limit(limit).lean<OaInboundDoc[]>().exec(),
    async settleInbound(webhookId) {
      await Inbound.updateOne({ _id: webhookId }, { $set: { pending: false } }).exec();
    },
  };
}
