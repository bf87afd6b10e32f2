import { z } from 'zod';
import { VerificationModes } from '../callback/process';
import { Flows } from './lifecycle';

/** Work-order types a contact can produce (domain brief, "The closed loop"). */
export const WorkOrderTypes = ['complaint', 'fault-report', 'consultation', 'service-request'] as const;
export type WorkOrderType = (typeof WorkOrderTypes)[number];

/** Customer tiers, highest first (domain brief, "Tiered service"). */
export const CustomerTiers = ['diamond', 'platinum', 'gold', 'silver', 'standard'] as const;
export type CustomerTier = (typeof CustomerTiers)[number];

/** Channels a contact arrives on. */
export const Channels = ['hotline', 'ivr', 'web', 'email', 'sms', 'fax', 'account-manager'] as const;

export const Priorities = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof Priorities)[number];

/** Category path, e.g. `billing/charge-dispute`: lowercase segments joined by `/`. */
export const CategoryPath = z
  .string()
  .regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, 'lowercase segments joined by "/", e.g. billing/charge-dispute')
  .max(120);

/** Identifiers of other systems (CRM customer id, employee id). */
export const ExternalId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1-64 letters, digits or _ . : -');

/** Free text a person writes (reason, feedback, note): trimmed, never empty. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

/** Body of a new work order: what the agent classified from a contact already recorded. */
export const NewWorkOrderSchema = z.strictObject({
  contactId: z.string().regex(/^CT-\d{8}-\d{6}$/, 'a contact id looks like CT-20261121-000001'),
  type: z.enum(WorkOrderTypes),
  category: CategoryPath,
  description: Text(4_000),
  /** The work order this one continues (parent/child link). */
  parentWorkOrderId: z.string().regex(/^WO-\d{8}-\d{6}$/).optional(),
});
export type NewWorkOrder = z.infer<typeof NewWorkOrderSchema>;

/** Output of `processes/routing.dmn`, recorded on the work order by `ticket.route`. */
export const RoutingDecisionSchema = z.strictObject({
  department: z.string().min(1),
  priority: z.enum(Priorities),
  timeLimitClass: z.string().min(1),
  flow: z.enum(Flows),
  /** How the standard flow verifies with the customer; absent in instances routed before the column existed: the owner agent calls. */
  callback: z.enum(VerificationModes).default('agent'),
});
export type RoutingDecision = z.infer<typeof RoutingDecisionSchema>;

const WORK_ORDER_ID = /^WO-(\d{8})-(\d{6})$/;

/** `<prefix>-YYYYMMDD-NNNNNN`: the center's calendar day and that day's sequence number. */
export function formatDailyId(prefix: 'WO' | 'CT', centerDay: string, sequence: number): string {
  if (!/^\d{8}$/.test(centerDay)) throw new RangeError(`centerDay must be YYYYMMDD, got ${centerDay}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`daily sequence must be 1..999999, got ${sequence}`);
  }
  return `${prefix}-${centerDay}-${String(sequence).padStart(6, '0')}`;
}

export const formatWorkOrderId = (centerDay: string, sequence: number): string => formatDailyId('WO', centerDay, sequence);

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
