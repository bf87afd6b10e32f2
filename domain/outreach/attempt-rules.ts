import { z } from 'zod';
import { CallOutcomes } from '../call/call';

/**
 * How one attempt to reach a customer ended: the call's outcome, or what the customer said
 * once reached. `refused`: the customer declined (a campaign's offer, a survey); `call-back-later`:
 * the customer asked to be called again.
 */
export const AttemptOutcomes = [...CallOutcomes, 'refused', 'call-back-later'] as const;
export type AttemptOutcome = (typeof AttemptOutcomes)[number];

/** Outcomes after which another attempt may follow, each with its own rule. */
export const RetryableOutcomes = ['no-answer', 'busy', 'failed', 'call-back-later'] as const satisfies readonly AttemptOutcome[];
export type RetryableOutcome = (typeof RetryableOutcomes)[number];

/** Outcomes that end the chain for good: the number cannot take a voice call, or the customer said no. */
export const FinalOutcomes = ['answered', 'invalid-number', 'fax', 'refused'] as const satisfies readonly AttemptOutcome[];

const IsoMinutes = z.string().regex(/^PT(\d+H)?(\d+M)?$/, 'an ISO 8601 duration in hours and minutes, e.g. PT30M');

/**
 * What follows a retryable outcome: `next-window` waits for the next calling window to open
 * (no answer in the morning: try the afternoon), a duration waits that long (busy: minutes
 * later), `stop` ends the chain.
 */
export const RetryRuleSchema = z.union([z.literal('stop'), z.literal('next-window'), IsoMinutes]);
export type RetryRule = z.infer<typeof RetryRuleSchema>;

export const AttemptRulesSchema = z.strictObject({
  /** Calls placed to one customer in this chain, at most. */
  attemptCap: z.number().int().min(1).max(20),
  retry: z.strictObject({
    'no-answer': RetryRuleSchema,
    busy: RetryRuleSchema,
    failed: RetryRuleSchema,
    'call-back-later': RetryRuleSchema,
  }),
});
export type AttemptRules = z.infer<typeof AttemptRulesSchema>;

/** The rules a new campaign or callback policy starts from. */
export const DEFAULT_ATTEMPT_RULES: AttemptRules = {
  attemptCap: 3,
  retry: { 'no-answer': 'next-window', busy: 'PT10M', failed: 'PT30M', 'call-back-later': 'next-window' },
};

/** Minutes of an `IsoMinutes` duration. */
export function minutesOf(duration: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (!match) throw new RangeError(`not an ISO duration in hours and minutes: ${duration}`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/** What follows an attempt: another one (not before `notBefore`, or in the next window), or the end of the chain and why. */
export type AfterAttempt =
  | { readonly next: 'retry'; readonly notBefore: Date; readonly inNextWindow: boolean }
  | { readonly next: 'stop'; readonly because: 'reached' | 'final-outcome' | 'attempt-cap' | 'rule-stops' };

const isRetryable = (outcome: AttemptOutcome): outcome is RetryableOutcome => (RetryableOutcomes as readonly string[]).includes(outcome);

/**
 * Decides the chain's next step after attempt number `attemptsMade` ended with `outcome` at
 * `endedAt`. The cap counts attempts placed, so a chain never places call `attemptCap + 1`.
 */
export function afterAttempt(rules: AttemptRules, outcome: AttemptOutcome, attemptsMade: number, endedAt: Date): AfterAttempt {
  if (outcome === 'answered') return { next: 'stop', because: 'reached' };
  if (!isRetryable(outcome)) return { next: 'stop', because: 'final-outcome' };
  if (attemptsMade >= rules.attemptCap) return { next: 'stop', because: 'attempt-cap' };
  const rule = rules.retry[outcome];
  if (rule === 'stop') return { next: 'stop', because: 'rule-stops' };
  if (rule === 'next-window') return { next: 'retry', notBefore: endedAt, inNextWindow: true };
  return { next: 'retry', notBefore: new Date(endedAt.getTime() + minutesOf(rule) * 60_000), inNextWindow: false };
}

