import { z } from 'zod';
import { Channels, CustomerTiers, ExternalId, Text, WorkOrderTypes } from '../work-order/work-order';

/** Mainland mobile or fixed-line number, digits only (personal data: shown masked to most roles). */
const PhoneNumber = z.string().regex(/^\d{7,15}$/, '7 to 15 digits');

/** A customer contact an agent records (domain brief: contact id, customer, channel, time, place, description, memo). */
export const NewContactSchema = z.strictObject({
  customerId: ExternalId,
  customerName: Text(100),
  customerTier: z.enum(CustomerTiers),
  /** Area code of the branch that serves the customer, e.g. `021`. */
  region: z.string().regex(/^\d{3,4}$/, 'an area code of 3 or 4 digits'),
  phone: PhoneNumber,
  channel: z.enum(Channels),
  summary: Text(1_000),
  place: Text(200).optional(),
  memo: Text(2_000).optional(),
});
export type NewContact = z.infer<typeof NewContactSchema>;

/** Kinds of interaction event a contact produces; each work-order type has its event kind. */
export const InteractionKinds = [...WorkOrderTypes, 'proactive-service'] as const;
export type InteractionKind = (typeof InteractionKinds)[number];

/** `13912345678` -> `139****5678`: enough for an agent to recognise, not to call. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return `${phone.slice(0, 1)}${'*'.repeat(phone.length - 2)}${phone.slice(-1)}`;
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
