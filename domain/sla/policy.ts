import { z } from 'zod';
import { CustomerTiers, Priorities, WorkOrderTypes, type CustomerTier, type Priority } from '../work-order/work-order';

/**
 * What an SLA clock measures. Each one runs between two points of work-order.bpmn:
 * - acceptance (first response): the department is asked (#Activity_Accept) until it answers;
 * - handling: the step #Activity_Handle opens until the department writes feedback, returns or
 *   transfers the work order (collaboration runs on the same clock);
 * - review: the VIP supervisor's review (#Activity_Review);
 * - verification: the callback with the customer (#Activity_Verify, #Activity_SeniorCallback);
 * - resolution: first dispatch until closure, across reopenings.
 */
export const ClockKinds = ['acceptance', 'handling', 'review', 'verification', 'resolution'] as const;
export type ClockKind = (typeof ClockKinds)[number];

/** Who an escalation level tells: the supervisors of the handling team, of the department, or of the center. */
export const EscalationAudiences = ['team-lead', 'department-head', 'center-director'] as const;
export type EscalationAudience = (typeof EscalationAudiences)[number];

const Minutes = z.number().int().min(1).max(525_600);

/** One rung of the escalation ladder: when it is reached (working minutes after the due instant) and what it does. */
export const EscalationLevelSchema = z.strictObject({
  level: z.number().int().min(1).max(9),
  /** Working minutes after the due instant; 0 is the breach itself. */
  afterMinutes: z.number().int().min(0).max(525_600),
  notify: z.enum(EscalationAudiences),
  /** The open step goes to the notified supervisor. */
  reassign: z.boolean(),
  /** The work order's priority goes up one step. */
  raisePriority: z.boolean(),
  /** A supervision order (督办) is opened on the work order. */
  openSupervision: z.boolean(),
});
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

const PolicyId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a policy id is a lowercase slug, e.g. vip-complaint');

/** A policy as an admin writes it; the store adds the version, who saved it and when. */
export const SlaPolicyInputSchema = z
  .strictObject({
    policyId: PolicyId,
    name: z.string().trim().min(1).max(120),
    /** Work orders the policy is for; a missing list matches every value. The most specific match wins. */
    match: z.strictObject({
      types: z.array(z.enum(WorkOrderTypes)).min(1).optional(),
      tiers: z.array(z.enum(CustomerTiers)).min(1).optional(),
      priorities: z.array(z.enum(Priorities)).min(1).optional(),
    }),
    /** Working minutes each clock may run; a kind left out is not measured. Resolution is always measured. */
    targets: z.strictObject({
      acceptance: Minutes.optional(),
      handling: Minutes.optional(),
      review: Minutes.optional(),
      verification: Minutes.optional(),
      resolution: Minutes,
    }),
    /** Percent of the target at which the people on the step are warned, e.g. [50, 80]. */
    warningPercents: z
      .array(z.number().int().min(1).max(99))
      .max(5)
      .refine((p) => p.every((v, i) => i === 0 || v > p[i - 1]!), 'warning percents must rise'),
    ladder: z
      .array(EscalationLevelSchema)
      .min(1)
      .max(9)
      .refine((l) => l.every((v, i) => v.level === i + 1), 'levels are numbered 1, 2, 3 ... in order')
      .refine((l) => l.every((v, i) => i === 0 || v.afterMinutes > l[i - 1]!.afterMinutes), 'each level comes later than the one before'),
    /** Every n-th urge (催办) raises the work order one level on the ladder at once; absent: urging does not escalate. */
    escalateEveryUrges: z.number().int().min(1).max(20).optional(),
    /** Why this version: shown in the policy's history. */
    comment: z.string().trim().min(1).max(500),
  })
  .strict();
export type SlaPolicyInput = z.infer<typeof SlaPolicyInputSchema>;

/** One saved version of a policy. Versions are never changed: a change is a new version. */
export interface SlaPolicy extends SlaPolicyInput {
  readonly version: number;
  readonly savedBy: string;
  readonly savedAt: Date;
}

export interface PolicySubject {
  readonly type: string;
  readonly tier: CustomerTier;
  readonly priority: Priority;
}

const specificity = (policy: SlaPolicyInput): number =>
  [policy.match.types, policy.match.tiers, policy.match.priorities].filter((list) => list !== undefined).length;

const matches = (policy: SlaPolicyInput, subject: PolicySubject): boolean =>
  (policy.match.types?.some((t) => t === subject.type) ?? true) &&
  (policy.match.tiers?.includes(subject.tier) ?? true) &&
  (policy.match.priorities?.includes(subject.priority) ?? true);

/**
 * The policy for a work order among the current versions: the matching policy that names the
 * most of type, tier and priority; between equally specific ones, the first policy id in
 * code-point order, so the choice depends neither on the order the store returns them in nor on
 * the server's locale.
 */
export function selectPolicy<P extends SlaPolicyInput>(policies: readonly P[], subject: PolicySubject): P | undefined {
  return policies
    .filter((p) => matches(p, subject))
    .sort((a, b) => specificity(b) - specificity(a) || (a.policyId < b.policyId ? -1 : 1))[0];
}
