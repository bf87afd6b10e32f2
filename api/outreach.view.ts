import { z } from 'zod';
import type { BlacklistEntry, StoredPreference } from '../adapters/mongo/outreach-rules.repository';
import { maskPhone } from '../domain/contact/contact';
import { hasRole, type Principal } from '../domain/identity/principal';
import { BlacklistCategories } from '../domain/outreach/blacklist';
import { CallKinds } from '../domain/outreach/do-not-call';

/**
 * Numbers in lists (the blacklist, a campaign's filtered rows) are many customers' personal data
 * at once: supervisors and admins, who act on them, see them; agents and auditors see them masked.
 * A number the caller gave (one entry, one preference) is shown as given.
 */
export const listedPhone = (principal: Principal, phone: string): string => (hasRole(principal, 'supervisor', 'admin') ? phone : maskPhone(phone));

export const BlacklistEntryView = z.object({
  phone: z.string().describe('national form; masked in lists unless the caller supervises'),
  category: z.enum(BlacklistCategories),
  reason: z.string(),
  state: z.enum(['proposed', 'confirmed']).describe('only confirmed entries keep the number out of calls'),
  proposedBy: z.string(),
  proposedAt: z.iso.datetime(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.iso.datetime().nullable(),
});

export const blacklistEntryView = (e: BlacklistEntry, phone: string = e._id): z.infer<typeof BlacklistEntryView> => ({
  phone,
  category: e.category,
  reason: e.reason,
  state: e.state,
  proposedBy: e.proposedBy,
  proposedAt: e.proposedAt.toISOString(),
  confirmedBy: e.confirmedBy ?? null,
  confirmedAt: e.confirmedAt?.toISOString() ?? null,
});

export const PreferenceView = z.object({
  phone: z.string(),
  refusedKinds: z.array(z.enum(CallKinds)),
  notBefore: z.iso.date().nullable(),
  quietHours: z.array(z.object({ start: z.string(), end: z.string() })),
  note: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime(),
});

export const preferenceView = (p: StoredPreference): z.infer<typeof PreferenceView> => ({
  phone: p._id,
  refusedKinds: p.refusedKinds,
  notBefore: p.notBefore ?? null,
  quietHours: p.quietHours.map((q) => ({ start: q.start, end: q.end })),
  note: p.note ?? null,
  updatedBy: p.updatedBy,
  updatedAt: p.updatedAt.toISOString(),
});
