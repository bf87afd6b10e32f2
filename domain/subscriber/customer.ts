import { z } from 'zod';
import { maskPhone } from '../contact/contact';
import { hasRole, type Principal } from '../identity/principal';
import { RECORD_LAYOUTS, type PersonalData } from './record-layouts';

/**
 * Fields the service center may correct locally: contact details only. Everything else either
 * identifies the customer (name, certificate, type) or decides fees and service (credit, tier,
 * level, status), and changes only at the customer master (domain brief).
 */
export const CorrectableFields = ['contactPerson', 'contactPhone', 'email', 'address'] as const;
export type CorrectableField = (typeof CorrectableFields)[number];

/** The other customer fields a correction may name: refused with CORRECTION_NOT_ALLOWED, not "unknown field". */
export const UNCORRECTABLE_FIELDS: readonly string[] = RECORD_LAYOUTS['00101'].fields
  .map((f) => f.key)
  .filter((k) => !(CorrectableFields as readonly string[]).includes(k));

const correctableValue: Record<CorrectableField, z.ZodType<string>> = {
  contactPerson: z.string().trim().min(1).max(30),
  contactPhone: z.string().regex(/^[0-9+-]{5,20}$/, '5 to 20 digits, + or -'),
  email: z.string().max(64).regex(/^[^@\s]+@[^@\s]+$/, 'an e-mail address'),
  address: z.string().trim().min(1).max(120),
};

/** Body of a correction: the new values, and why (kept in the customer's correction history). */
export const CorrectionSchema = z.strictObject({
  changes: z.record(z.string(), z.string()).refine((c) => Object.keys(c).length > 0, 'name at least one field'),
  reason: z.string().trim().min(3).max(500),
});
export type Correction = z.infer<typeof CorrectionSchema>;

/** Validates the values of correctable fields; the caller refused the others first. */
export function parseCorrectionValues(changes: Readonly<Record<string, string>>): Partial<Record<CorrectableField, string>> {
  const shape = Object.fromEntries(CorrectableFields.map((f) => [f, correctableValue[f].optional()]));
  return z.strictObject(shape).parse(changes);
}

/** What each role sees of personal data in full: the rest is masked. */
export function seesInFull(principal: Principal, kind: PersonalData): boolean {
  if (hasRole(principal, 'supervisor', 'admin')) return true;
  // the agent serves the customer on the line: contact details yes, the certificate only masked
  return hasRole(principal, 'agent') && kind !== 'certificate';
}

/** `110101199001011234` -> `**************1234`; e-mail keeps its first letter and domain; addresses their first 6 characters. */
export function maskPersonal(kind: PersonalData, value: string): string {
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'certificate':
      return '*'.repeat(Math.max(0, value.length - 4)) + value.slice(-4);
    case 'email': {
      const [local = '', domain = ''] = value.split('@');
      return `${local.slice(0, 1)}***@${domain}`;
    }
    case 'address':
      return `${Array.from(value).slice(0, 6).join('')}***`;
  }
}

/** `YYYYMMDDHH24MISS` of `at` on the center's wall clock: comparable with the batch files' DATE fields. */
export function centerStamp(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(at)
    .replace(/\D/g, '');
}
