import type { OaEndpointDoc, OaRepository } from '../adapters/mongo/oa.repository';
import type { EngineCommand, HistoryEntry, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderChange, WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { decideOaEvent, InboundEventSchema, OaMessages, type InboundEvent, type OaDispatch, type OaStage } from '../domain/oa/events';
import { verifyWebhook } from '../domain/oa/signature';
import { DISPATCH_DESK, TaskActions, type WorkOrderStatus } from '../domain/work-order/lifecycle';
import { publishCommand, type EngineCommandSender } from './engine-commands';
import { secretsInForce } from './oa-outbox';

/** The answer to one webhook: accepted, or refused with a status and a machine-readable code. */
export type InboundResult =
  | { ok: true; webhookId: string; workOrderId: string; type: InboundEvent['type'] }
  | { ok: false; status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

export interface OaInbound {
  /** Verifies, validates and applies one webhook (headers as received, the body byte for byte). */
  receive(headers: Record<string, string | undefined>, rawBody: string): Promise<InboundResult>;
}

/** Endpoints and their secrets change rarely (an admin rotates a secret); reading them once a few seconds spares a query per webhook. */
const ENDPOINT_CACHE_MS = 5_000;
/** Another writer moving the work order between read and write: decide again this many times. */
const ATTEMPTS = 5;

const markOf = (webhookId: string): string => `webhook:${webhookId}`;

/**
 * OA's webhooks (POST /api/webhooks/oa, docs/oa-webhooks.md). A webhook is applied at most once:
 * the history entry its change writes carries the webhook id, in the same revision-conditional
 * update as the change and the BPMN message it owes the engine (message id = webhook id), so a
 * second copy, however it races the first, finds the entry and changes nothing. The ids applied
 * are also kept in `oa_inbound`, which answers a replay without reading the work order.
 */
export function createOaInbound(deps: { repo: OaRepository; workOrders: WorkOrderRepository; commands: EngineCommandSender; clock: Clock; logger: Logger }): OaInbound {
  const { repo, workOrders, clock, logger } = deps;
  let cached: { at: number; endpoints: Promise<OaEndpointDoc[]> } | undefined;
  const endpoints = (): Promise<OaEndpointDoc[]> => {
    if (!cached || Date.now() - cached.at > ENDPOINT_CACHE_MS) cached = { at: Date.now(), endpoints: repo.endpoints() };
    return cached.endpoints;
  };

  const replayed = (webhookId: string, context: Record<string, unknown>): InboundResult =>
    refuse(409, 'WEBHOOK_REPLAYED', `webhook ${webhookId} was received before and had its effect; it has none again`, context);
  const refuse = (status: number, code: string, detail: string, context: Record<string, unknown>, errors?: { path: string; message: string }[]): InboundResult => {
    logger.warn({ ...context, status, code, detail }, 'OA webhook refused');
    return { ok: false, status, code, detail, ...(errors ? { errors } : {}) };
  };

  async function apply(endpoint: OaEndpointDoc, webhookId: string, event: InboundEvent): Promise<InboundResult> {
    const { workOrderId } = event.data;
    const context = { webhookId, endpointId: endpoint._id, workOrderId, type: event.type };
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const doc = await workOrders.findById(workOrderId);
      if (doc?.history.some((h) => h.jobKey === markOf(webhookId))) return replayed(webhookId, context);
      const decision = decideOaEvent(doc ? { status: doc.status, department: doc.department, oa: doc.oa } : undefined, event, { endpointId: endpoint._id, departments: endpoint.departments });
      if (!decision.ok) return refuse(decision.status, decision.code, decision.detail, context);
      const now = clock.now();
      const command = publishCommand(OaMessages[event.type], webhookId, {}, now);
      const change = changeOf(doc!, endpoint, event, decision.stage, now, { mark: markOf(webhookId), command });
      if (await workOrders.updateIf(workOrderId, { revision: doc!.revision }, change, now)) {
        await deps.commands.send({ workOrderId, engineCommands: [command] });
        logger.info(context, 'OA webhook applied');
        return { ok: true, webhookId, workOrderId, type: event.type };
      }
    }
    return refuse(409, 'WORK_ORDER_BUSY', `work order ${workOrderId} kept changing; send the webhook again`, context);
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
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        return refuse(400, 'WEBHOOK_BODY_INVALID', 'the body is not JSON', { webhookId, endpointId: endpoint._id });
      }
      const parsed = InboundEventSchema.safeParse(json);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return refuse(400, 'WEBHOOK_BODY_INVALID', errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '), { webhookId, endpointId: endpoint._id }, errors);
      }
      const event = parsed.data;
      const id = webhookId!;
      if (await repo.seenInbound(id)) return replayed(id, { webhookId: id, endpointId: endpoint._id });
      const result = await apply(endpoint, id, event);
      if (result.ok) await repo.rememberInbound({ _id: id, endpointId: endpoint._id, workOrderId: event.data.workOrderId, type: event.type, receivedAt: clock.now() });
      return result;
    },
  };
}

/** What an OA event changes on the work order: the same fields the portal's steps change. */
function changeOf(doc: WorkOrderDoc, endpoint: OaEndpointDoc, event: InboundEvent, stage: OaStage, now: Date, { mark, command }: { mark: string; command: EngineCommand }): WorkOrderChange {
  const by = `oa:${endpoint._id}${event.data.handler ? `/${event.data.handler.id}` : ''}`;
  const oa: OaDispatch = { ...doc.oa!, stage, lastEventAt: new Date(event.timestamp) };
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
  const entry: HistoryEntry = { at: now, action: `oa-${event.type.slice('work_order.'.length)}`, by, jobKey: mark, ...(to ? { from: doc.status, to } : {}), ...(note ? { note } : {}) };
  return { $set: { ...set, oa, ...(to ? { status: to } : {}) }, $push: { history: entry, engineCommands: command } };
}
