import { z } from 'zod';

/** Work-order types a contact can produce (domain brief, "The closed loop"). */
export const WorkOrderTypes = ['complaint', 'fault-report', 'consultation', 'service-request'] as const;
export type WorkOrderType = (typeof WorkOrderTypes)[number];

/** Customer tiers, highest first (domain brief, "Tiered service"). */
export const CustomerTiers = ['diamond', 'platinum', 'gold', 'silver', 'standard'] as const;
export type CustomerTier = (typeof CustomerTiers)[number];

/** Channels a contact arrives on. */
export const Channels = ['hotline', 'ivr', 'web', 'email', 'sms', 'fax', 'account-manager'] as const;

/**
 * Where a work order stands. Each value mirrors a point in `processes/work-order.bpmn`:
 * - pending: accepted and recorded; the engine has not yet confirmed the start.
 * - routing: the engine took the start message; until an instance binds the record, the start
 *   reconciler keeps sending it.
 * - routed: routing.dmn decided and `ticket.route` recorded department, priority and limit class.
 */
export const WorkOrderStatuses = ['pending', 'routing', 'routed'] as const;
export type WorkOrderStatus = (typeof WorkOrderStatuses)[number];

/** Category path, e.g. `billing/charge-dispute`: lowercase segments joined by `/`. */
const CategoryPath = z
  .string()
  .regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, 'lowercase segments joined by "/", e.g. billing/charge-dispute')
  .max(120);

/** Identifiers of other systems (CRM customer id, contact id, employee id). */
const ExternalId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1-64 letters, digits or _ . : -');

/** Body of a new work order, as an agent or a system submits it. */
export const NewWorkOrderSchema = z.strictObject({
  type: z.enum(WorkOrderTypes),
  category: CategoryPath,
  customerId: ExternalId,
  customerTier: z.enum(CustomerTiers),
  /** Region (area code of the branch that serves the customer), e.g. `021`. */
  region: z.string().regex(/^\d{3,4}$/, 'an area code of 3 or 4 digits'),
  channel: z.enum(Channels),
  contactId: ExternalId.optional(),
  /** Agent who took the contact and owns the work order until closure (first-contact responsibility). */
  ownerAgentId: ExternalId,
  description: z.string().trim().min(1).max(4_000),
});
export type NewWorkOrder = z.infer<typeof NewWorkOrderSchema>;

/** Output of `processes/routing.dmn`, recorded on the work order by `ticket.route`. */
export const RoutingDecisionSchema = z.strictObject({
  department: z.string().min(1),
  priority: z.enum(['urgent', 'high', 'normal', 'low']),
  timeLimitClass: z.string().min(1),
});
export type RoutingDecision = z.infer<typeof RoutingDecisionSchema>;

const WORK_ORDER_ID = /^WO-(\d{8})-(\d{6})$/;

/** `WO-YYYYMMDD-NNNNNN`: the center's calendar day and that day's sequence number. */
export function formatWorkOrderId(centerDay: string, sequence: number): string {
  if (!/^\d{8}$/.test(centerDay)) throw new RangeError(`centerDay must be YYYYMMDD, got ${centerDay}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`daily sequence must be 1..999999, got ${sequence}`);
  }
  return `WO-${centerDay}-${String(sequence).padStart(6, '0')}`;
}

export function isWorkOrderId(value: string): boolean {
  return WORK_ORDER_ID.test(value);
}

/** The calendar day (YYYYMMDD) of `instant` in the center's time zone. */
export function centerDayOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}${part('month')}${part('day')}`;
}
