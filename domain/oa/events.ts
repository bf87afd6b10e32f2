import { z } from 'zod';
import { Text } from '../work-order/work-order';

/**
 * The OA contract (docs/oa-webhooks.md): what Closeloop pushes to a department's OA endpoint and
 * what OA sends back to POST /api/webhooks/oa. Both use the Standard Webhooks payload shape
 * `{ type, timestamp, data }`. `dispatchRef` names one dispatch of a work order to OA: an answer
 * about an earlier dispatch (the work order was re-routed since) is stale.
 */
export const OutboundEventTypes = ['work_order.dispatched', 'work_order.urged', 'work_order.supervised', 'work_order.cancelled'] as const;
export type OutboundEventType = (typeof OutboundEventTypes)[number];

const Ref = z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/, '1-80 letters, digits or _ . : -');
const Handler = z.strictObject({ id: Ref, name: Text(100).optional() });
const Common = {
  workOrderId: z.string().regex(/^WO-\d{8}-\d{6}$/, 'a work-order id, WO-YYYYMMDD-NNNNNN'),
  dispatchRef: Ref,
};

export const InboundEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('work_order.accepted'),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.strictObject({ ...Common, handler: Handler, oaRef: Ref.optional(), note: Text(2_000).optional() }),
  }),
  z.strictObject({
    type: z.literal('work_order.progress'),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.strictObject({ ...Common, handler: Handler.optional(), note: Text(2_000) }),
  }),
  z.strictObject({
    type: z.literal('work_order.resolved'),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.strictObject({ ...Common, handler: Handler, feedback: Text(4_000) }),
  }),
  z.strictObject({
    type: z.literal('work_order.returned'),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.strictObject({ ...Common, handler: Handler.optional(), reason: Text(1_000) }),
  }),
]);
export type InboundEvent = z.infer<typeof InboundEventSchema>;
export type InboundEventType = InboundEvent['type'];

/** Where a dispatch to OA stands, as recorded on the work order. */
export type OaStage = 'awaiting-acceptance' | 'accepted' | 'finished';

export interface OaDispatch {
  endpointId: string;
  department: string;
  dispatchRef: string;
  stage: OaStage;
  /** OA's own reference, from its acceptance. */
  oaRef?: string;
  /** The latest OA event applied (OA's timestamp): an older one arriving later is out of order. */
  lastEventAt?: Date;
}

/** The BPMN messages the events become (work-order.bpmn, correlation key = work-order id). */
export const OaMessages: Record<InboundEventType, string> = {
  'work_order.accepted': 'oa-accepted',
  'work_order.progress': 'oa-progress',
  'work_order.resolved': 'oa-resolved',
  'work_order.returned': 'oa-returned',
};

/** Which stages each event may arrive in, and the stage it leaves behind. */
const Transitions: Record<InboundEventType, { from: readonly OaStage[]; to: OaStage }> = {
  'work_order.accepted': { from: ['awaiting-acceptance'], to: 'accepted' },
  'work_order.progress': { from: ['accepted'], to: 'accepted' },
  'work_order.resolved': { from: ['accepted'], to: 'finished' },
  'work_order.returned': { from: ['awaiting-acceptance', 'accepted'], to: 'finished' },
};

export type RefusalCode = 'WORK_ORDER_NOT_FOUND' | 'WRONG_DEPARTMENT' | 'WORK_ORDER_ENDED' | 'EVENT_STALE' | 'EVENT_OUT_OF_ORDER';

export interface Refusal {
  readonly status: 404 | 403 | 409;
  readonly code: RefusalCode;
  readonly detail: string;
}

/** What the decision reads of the work order. */
export interface OaFacts {
  readonly status: string;
  readonly department: string | undefined;
  readonly oa: OaDispatch | undefined;
}

/**
 * Whether an OA event sent by `endpoint` may change the work order now: it must be with a
 * department that endpoint serves, about the dispatch in force, in the order the contract
 * allows, and not older than what was applied already. Returns the stage it leads to.
 */
export function decideOaEvent(
  facts: OaFacts | undefined,
  event: InboundEvent,
  endpoint: { readonly endpointId: string; readonly departments: readonly string[] },
): { ok: true; stage: OaStage } | ({ ok: false } & Refusal) {
  const id = event.data.workOrderId;
  if (!facts) return { ok: false, status: 404, code: 'WORK_ORDER_NOT_FOUND', detail: `no work order ${id}` };
  const { oa } = facts;
  if (!oa || oa.endpointId !== endpoint.endpointId || !endpoint.departments.includes(oa.department)) {
    return { ok: false, status: 403, code: 'WRONG_DEPARTMENT', detail: `work order ${id} was not sent to a department this OA endpoint serves` };
  }
  if (oa.dispatchRef !== event.data.dispatchRef) {
    return { ok: false, status: 409, code: 'EVENT_STALE', detail: `dispatch ${event.data.dispatchRef} of ${id} is no longer in force (now ${oa.dispatchRef})` };
  }
  if (facts.status === 'closed' || facts.status === 'cancelled') {
    return { ok: false, status: 409, code: 'WORK_ORDER_ENDED', detail: `work order ${id} is ${facts.status}` };
  }
  const transition = Transitions[event.type];
  if (!transition.from.includes(oa.stage)) {
    return { ok: false, status: 409, code: 'EVENT_OUT_OF_ORDER', detail: `${event.type} cannot follow stage ${oa.stage} of ${id}` };
  }
  if (oa.lastEventAt && new Date(event.timestamp).getTime() < oa.lastEventAt.getTime()) {
    return { ok: false, status: 409, code: 'EVENT_OUT_OF_ORDER', detail: `${event.type} of ${event.timestamp} is older than the last event applied to ${id}` };
  }
  return { ok: true, stage: transition.to };
}
