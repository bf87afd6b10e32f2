import { z } from 'zod';
import { DomainError } from '../errors';
import { Text } from '../work-order/work-order';
import { normalizePhone } from './phone-number';

/**
 * The blacklist (黑名单, domain brief): numbers the center keeps away from its agents and never
 * calls. An agent proposes an entry; it applies only once a supervisor confirms it. Categories:
 * - harassment: malicious or nuisance calls (恶意骚扰);
 * - abuse: abuses or threatens agents (辱骂威胁坐席);
 * - fraud: suspected fraud (涉嫌诈骗);
 * - complaint-risk: escalates every contact to the regulator (投诉风险), never called proactively;
 * - other: the reason says why.
 */
export const BlacklistCategories = ['harassment', 'abuse', 'fraud', 'complaint-risk', 'other'] as const;
export type BlacklistCategory = (typeof BlacklistCategories)[number];

/** A phone number as a customer or a list gives it, in the national form the rules are kept under. */
export const PhoneNumberSchema = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const phone = normalizePhone(raw);
    if (phone === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a mainland mobile number or a fixed line with its area code' });
      return z.NEVER;
    }
    return phone;
  });

export const BlacklistProposalSchema = z.strictObject({
  phone: PhoneNumberSchema,
  category: z.enum(BlacklistCategories),
  reason: Text(500),
});
export type BlacklistProposal = z.infer<typeof BlacklistProposalSchema>;

/** What a supervisor may correct in an entry. */
export const BlacklistEditSchema = z
  .strictObject({ category: z.enum(BlacklistCategories).optional(), reason: Text(500).optional() })
  .refine((edit) => edit.category !== undefined || edit.reason !== undefined, { message: 'change the category, the reason or both' });
export type BlacklistEdit = z.infer<typeof BlacklistEditSchema>;

/** The entry is not in a state that allows the action (confirming a confirmed one ...): nothing changed. */
export class BlacklistStateError extends DomainError {
  constructor(phone: string, message: string) {
    super('BLACKLIST_ENTRY_STATE', `blacklist entry ${phone}: ${message}`);
  }
}
