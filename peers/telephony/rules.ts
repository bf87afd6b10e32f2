import { z } from 'zod';

/**
 * How the far end behaves when the peer calls a number. `ring-forever` rings until the platform
 * hangs up (the phone-call process's own timeout).
 */
export const PeerOutcomes = ['answered', 'no-answer', 'busy', 'invalid-number', 'fax', 'ring-forever'] as const;

export const CallRule = z.object({
  outcome: z.enum(PeerOutcomes),
  /** Keys the customer presses after each message played to them (IVR surveys). */
  dtmf: z.string().regex(/^[0-9*#]*$/, 'DTMF digits: 0-9, * and #').default(''),
  /** How long the phone rings before it is answered or gives up (ms): the peer compresses time. */
  ringMs: z.number().int().min(0).max(600_000).default(40),
  /** How long the customer stays on an answered call before hanging up (ms). */
  talkMs: z.number().int().min(0).max(3_600_000).default(400),
});
export type CallRule = z.infer<typeof CallRule>;

/**
 * The rule when nobody set one for the number: its last digit decides, so every outcome can be
 * tried from the portal or the API without configuring anything.
 */
const BY_LAST_DIGIT: Readonly<Record<string, Pick<CallRule, 'outcome' | 'dtmf'>>> = {
  '1': { outcome: 'busy', dtmf: '' },
  '2': { outcome: 'no-answer', dtmf: '' },
  '3': { outcome: 'invalid-number', dtmf: '' },
  '4': { outcome: 'fax', dtmf: '' },
  '5': { outcome: 'answered', dtmf: '1' },
  '6': { outcome: 'answered', dtmf: '5' },
  '9': { outcome: 'ring-forever', dtmf: '' },
};

export function defaultRule(number: string): CallRule {
  return CallRule.parse(BY_LAST_DIGIT[number.slice(-1)] ?? { outcome: 'answered' });
}

/** Rules a developer or a test set per number (control API), over the defaults. */
export interface RuleBook {
  readonly ruleFor: (number: string) => CallRule;
  readonly set: (number: string, rule: CallRule) => void;
  readonly reset: () => void;
  readonly overrides: () => Record<string, CallRule>;
}

export function ruleBook(): RuleBook {
  const overrides = new Map<string, CallRule>();
  return {
    ruleFor: (number) => overrides.get(number) ?? defaultRule(number),
    set: (number, rule) => overrides.set(number, rule),
    reset: () => overrides.clear(),
    overrides: () => Object.fromEntries(overrides),
  };
}
