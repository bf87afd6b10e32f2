import type { OaEndpointDoc, OaInboundDoc, OaRepository } from '../adapters/mongo/oa.repository';
import type { EngineCommand, HistoryEntry, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderChange, WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { decideOaEvent, InboundEventSchema, OaMessages, type InboundEvent, type OaDispatch, type OaStage } from '../domain/oa/events';
import { verifyWebhook } from '../domain/oa/signature';
import { DISPATCH_DESK, TaskActions, type WorkOrderStatus } from '../domain/work-order/lifecycle';
import { setTimeout as delay } from 'node:timers/promises';
import { concurrencyLimit } from '../domain/async';
import { publishCommand, type EngineCommandSender } from './engine-commands';
import { secretsInForce } from './oa-outbox';

/** The answer to one webhook: acknowledged, or refused with a status and a machine-readable code. */
export type InboundResult =
  | { ok: true; webhookId: string; workOrderId: string; type: InboundEvent['type'] }
  | { ok: false; status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

export interface OaInbound {
  /** Verifies, validates, checks and acknowledges one webhook (headers as received, the body byte for byte); applies it right after. */
  receive(headers: Record<string, string | undefined>, rawBody: string): Promise<InboundResult>;
  /** Applies webhooks acknowledged but not applied (an API process stopped in between); the API runs it at start. */
  recover(): Promise<number>;
  /** Resolves once every webhook acknowledged so far by this process is applied. */
  settled(): Promise<void>;
}

/** Endpoints and their secrets change rarely (an admin rotates a secret); reading them once a few seconds spares a query per webhook. */
const ENDPOINT_CACHE_MS = 5_000;
/** Another writer moving the work order between read and write: decide again, after a short pause, this many times. */
const ATTEMPTS = 20;
/** An application that still failed is tried again this much later (it stays pending meanwhile). */
const RETRY_LATER_MS = 30_000;
/**
 * Applications running at once. Each costs about ten database round trips; bounding them keeps
 * the acknowledgements (two, at once) quick under a burst, which then drains behind them.
 */
const APPLYING_AT_ONCE = 4;

const markOf = (webhookId: string): string => `webhook:${webhookId}`;

/**
 * OA's webhooks (POST /api/webhooks/oa, docs/oa-webhooks.md), acknowledged fast and applied once.
 *
 * The acknowledgement verifies the signature, validates the body, records the webhook (a replay
 * is refused: its id is taken) while it reads the work order, and checks the event against it (an
 * unknown work order, a wrong department, a stale dispatch or an event out of order get their 4xx
 * at once, and the record is dropped).
 * Then it answers 202 and applies the event: one work order's events one after another, in the
 * order received, so OA sending many at once costs no retries. Events acknowledged and not yet
 * applied count when the next one is checked ("resolved" right after "accepted" is in order). The change, its history entry
 * (which carries the webhook id) and the BPMN message it owes the engine (message id = webhook
 * id) are one revision-conditional update: a second application, however it races the first,
 * finds the entry and changes nothing.
 */
export function createOaInbound(deps: { repo: OaRepository; workOrders: WorkOrderRepository; commands: EngineCommandSender; clock: Clock; logger: Logger }): OaInbound {
  const { repo, workOrders, clock, logger } = deps;
  let cached: { at: number; endpoints: Promise<OaEndpointDoc[]> } | undefined;
  const endpoints = (): Promise<OaEndpointDoc[]> => {
    if (!cached || Date.now() - cached.at > ENDPOINT_CACHE_MS) cached = { at: Date.now(), endpoints: repo.endpoints() };
    return cached.endpoints;
  };
  /** The tail of each work order's chain of applications, and where its acknowledged events leave it. */
  const chains = new Map<string, Promise<void>>();
  const projected = new Map<string, Pick<OaDispatch, 'stage' | 'lastEventAt'>>();
  const applying = concurrencyLimit(APPLYING_AT_ONCE);

  const refuse = (status: number, code: string, detail: string, context: Record<string, unknown>, errors?: { path: string; message: string }[]): InboundResult => {
    logger.warn({ ...context, status, code, detail }, 'OA webhook refused');
    return { ok: false, status, code, detail, ...(errors ? { errors } : {}) };
  };

  const replayed = (webhookId: string, context: Record<string, unknown>): InboundResult =>
    refuse(409, 'WEBHOOK_REPLAYED', `webhook ${webhookId} was received before and had its effect; it has none again`, context);
  const decide = (doc: WorkOrderDoc | null, event: InboundEvent, endpoint: OaEndpointDoc, ahead?: Pick<OaDispatch, 'stage' | 'lastEventAt'>) =>
    decideOaEvent(doc ? { status: doc.status, department: doc.department, oa: doc.oa && { ...doc.oa, ...ahead } } : undefined, event, { endpointId: endpoint._id, departments: endpoint.departments });

  /** Applies one acknowledged webhook; a refusal now (the work order moved since) is logged and left. */
  async function apply(inbound: OaInboundDoc): Promise<void> {
    const event = InboundEventSchema.parse(inbound.event);
    const context = { webhookId: inbound._id, endpointId: inbound.endpointId, workOrderId: inbound.workOrderId, type: event.type };
    const endpoint = (await endpoints()).find((e) => e._id === inbound.endpointId) ?? (await repo.endpoint(inbound.endpointId));
    if (!endpoint) throw new Error(`OA endpoint ${inbound.endpointId} is gone; webhook ${inbound._id} stays pending`);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const doc = await workOrders.findById(inbound.workOrderId);
      if (doc?.history.some((h) => h.jobKey === markOf(inbound._id))) break;
      const decision = decide(doc, event, endpoint);
      if (!decision.ok) {
        // acknowledged, then overtaken (the owner cancelled it, say): the contract's "no effect"
        logger.error({ ...context, code: decision.code, detail: decision.detail }, 'OA webhook acknowledged but no longer applicable: the work order moved since');
        break;
      }
      const now = clock.now();
      const command = publishCommand(OaMessages[event.type], inbound._id, {}, now);
      const change = changeOf(doc!, endpoint, event, decision.stage, now, { mark: markOf(inbound._id), command });
      if (await workOrders.updateIf(inbound.workOrderId, { revision: doc!.revision }, change, now)) {
        await deps.commands.send({ workOrderId: inbound.workOrderId, engineCommands: [command] });
        logger.info(context, 'OA webhook applied');
        break;
      }
      if (attempt === ATTEMPTS) throw new Error(`work order ${inbound.workOrderId} kept changing; webhook ${inbound._id} stays pending`);
      await delay(20 + Math.random() * 30 * attempt);
    }
    await repo.settleInbound(inbound._id);
  }

  /** Queues the application behind the work order's earlier ones; failures stay pending for the recovery. */
  function enqueue(inbound: OaInboundDoc): void {
    const previous = chains.get(inbound.workOrderId) ?? Promise.resolve();
    const next = previous
      .then(() => applying(() => apply(inbound)))
      .catch((err: unknown) => {
        logger.error({ err, webhookId: inbound._id }, `OA webhook not applied yet; tried again in ${RETRY_LATER_MS / 1000} s`);
        setTimeout(() => enqueue(inbound), RETRY_LATER_MS).unref();
      });
    chains.set(inbound.workOrderId, next);
    void next.finally(() => {
      if (chains.get(inbound.workOrderId) !== next) return;
      chains.delete(inbound.workOrderId);
      projected.delete(inbound.workOrderId);
    });
  }

  async function recover(): Promise<number> {
    const seen = new Set<string>();
    for (;;) {
      // what failed stays pending and is retried later by its chain: stop at a batch of nothing new
      const fresh = (await repo.pendingInbound(500)).filter((inbound) => !seen.has(inbound._id));
      if (fresh.length === 0) return seen.size;
      for (const inbound of fresh) {
        seen.add(inbound._id);
        enqueue(inbound);
      }
      await Promise.all(chains.values());
    }
  }

  return {
    async receive(headers, rawBody) {
      // signatures carry wall-clock time, whatever the platform clock says (tests move that one)
      const candidates = (await endpoints()).flatMap((endpoint) => secretsInForce(endpoint.verifyingSecrets, new Date()).map((secret) => ({ secret, endpoint })));
      const verified = verifyWebhook(headers, rawBody, candidates, new Date());
      const webhookId = headers['webhook-id'];
      if (!verified.ok) {
        const status = verified.code === 'WEBHOOK_HEADERS_MISSING' ? 400 : 401;
        return refuse(status, verified.code, verified.code === 'WEBHOOK_TIMESTAMP_STALE' ? 'webhook-timestamp is more than 5 minutes away from now' : 'the webhook-id, webhook-timestamp and webhook-signature headers do not verify', { webhookId });
      }
      const { endpoint } = verified.signer;
      const id = webhookId!;
      const context = { webhookId: id, endpointId: endpoint._id };
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        return refuse(400, 'WEBHOOK_BODY_INVALID', 'the body is not JSON', context);
      }
      const parsed = InboundEventSchema.safeParse(json);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return refuse(400, 'WEBHOOK_BODY_INVALID', errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '), context, errors);
      }
      const event = parsed.data;
      const { workOrderId } = event.data;
      const inbound: OaInboundDoc = { _id: id, endpointId: endpoint._id, workOrderId, type: event.type, event: json as Record<string, unknown>, receivedAt: clock.now(), pending: true };
      // taken before the read: an application finishing meanwhile leaves the record ahead of this, never behind
      const ahead = projected.get(workOrderId);
      const [fresh, doc] = await Promise.all([repo.receiveInbound(inbound), workOrders.findById(workOrderId)]);
      if (!fresh) return replayed(id, { ...context, workOrderId });
      const decision = decide(doc, event, endpoint, ahead);
      if (!decision.ok) {
        await repo.forgetInbound(id);
        return refuse(decision.status, decision.code, decision.detail, { ...context, workOrderId, type: event.type });
      }
      const before = projected.get(workOrderId) ?? doc!.oa!;
      projected.set(workOrderId, { stage: decision.stage, lastEventAt: event.type === 'work_order.progress' ? before.lastEventAt : new Date(event.timestamp) });
      enqueue(inbound);
      return { ok: true, webhookId: id, workOrderId, type: event.type };
    },
    recover,
    async settled() {
      while (chains.size > 0) await Promise.all(chains.values());
    },
  };
}

/** The receive task of work-order.bpmn an answer completes (shown as done on the diagram). */
const ANSWERED_AT: Partial<Record<InboundEvent['type'], string>> = {
  'work_order.accepted': 'Activity_AwaitOaAcceptance',
  'work_order.resolved': 'Activity_AwaitOaResolution',
};

/** What an OA event changes on the work order: the same fields the portal's steps change. */
function changeOf(doc: WorkOrderDoc, endpoint: OaEndpointDoc, event: InboundEvent, stage: OaStage, now: Date, { mark, command }: { mark: string; command: EngineCommand }): WorkOrderChange {
  const by = `oa:${endpoint._id}${event.data.handler ? `/${event.data.handler.id}` : ''}`;
  // a progress note says nothing about the order of the work order's steps
  const oa: OaDispatch = { ...doc.oa!, stage, ...(event.type === 'work_order.progress' ? {} : { lastEventAt: new Date(event.timestamp) }) };
  const set: Record<string, unknown> = {};
  let to: WorkOrderStatus | undefined;
  let note: string | undefined;
  switch (event.type) {
    case 'work_order.accepted':
      to = TaskActions.accept.next();
      set.acceptedAt = now;
      if (event.data.oaRef) oa.oaRef = event.data.oaRef;
      note = event.data.note;
      break;
    case 'work_order.progress':
      note = event.data.note;
      break;
    case 'work_order.resolved':
      to = TaskActions.feedback.next({ flow: doc.flow ?? 'standard' });
      set.feedback = { text: event.data.feedback, by, at: now };
      note = event.data.feedback;
      break;
    case 'work_order.returned':
      to = TaskActions.return.next();
      set.department = DISPATCH_DESK;
      note = event.data.reason;
      break;
  }
  const entry: HistoryEntry = {
    at: now,
    action: `oa-${event.type.slice('work_order.'.length)}`,
    by,
    jobKey: mark,
    ...(ANSWERED_AT[event.type] ? { elementId: ANSWERED_AT[event.type] } : {}),
    ...(to ? { from: doc.status, to } : {}),
    ...(note ? { note } : {}),
  };
  return { $set: { ...set, oa, ...(to ? { status: to } : {}) }, $push: { history: entry, engineCommands: command } };
}
