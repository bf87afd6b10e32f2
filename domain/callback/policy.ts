import { z } from 'zod';
import { AttemptRulesSchema, DEFAULT_ATTEMPT_RULES } from '../outreach/attempt-rules';
import { CallingWindowsSchema } from '../outreach/calling-windows';
import { CallbackModes } from './process';

/** What an unreachable customer means for the work order: it closes as unreachable, or goes back to handling. */
export const UnreachablePolicies = ['close-unreachable', 'reopen'] as const;
export type UnreachablePolicy = (typeof UnreachablePolicies)[number];

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** Milliseconds of an ISO 8601 duration in days, hours and minutes (`P2D`, `PT12H`, `P1DT6H`). */
export function durationMs(duration: string): number {
  const match = DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) throw new RangeError(`not an ISO duration in days, hours and minutes: ${duration}`);
  return ((Number(match[1] ?? 0) * 24 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 60_000;
}

/** At most two weeks: a survey nobody answers in that time will not be answered. */
const MAX_SURVEY_WAIT_MS = 14 * 86_400_000;
const SurveyWait = z.string().refine((d) => {
  try {
    const ms = durationMs(d);
    return ms >= 3_600_000 && ms <= MAX_SURVEY_WAIT_MS;
  } catch {
    return false;
  }
}, 'an ISO 8601 duration from PT1H to P14D, e.g. P2D');

/**
 * How the center calls customers back after a work order (one policy for the center, every change
 * a new version). A callback keeps the version it started with, like an SLA clock.
 */
export const CallbackPolicyInputSchema = z.strictObject({
  /** The mode of a callback started without one (a work order's routing names its own). */
  mode: z.enum(CallbackModes),
  /** Calls per callback at most, and what follows busy, no answer, a failure or "call me later". */
  attempts: AttemptRulesSchema,
  /** When customers may be called, by the business calendar's workdays and rest days. */
  windows: CallingWindowsSchema,
  /** Days after its start on which a callback may still call; later, the customer counts as unreachable by phone. */
  withinDays: z.number().int().min(1).max(60),
  /** The fallback when the phone does not reach the customer: an e-mail survey, and how long its answer is awaited. */
  survey: z.strictObject({ enabled: z.boolean(), answerWithin: SurveyWait }),
  onUnreachable: z.enum(UnreachablePolicies),
  /** Why this version: shown in the policy's history. */
  comment: z.string().trim().min(1).max(500),
});
export type CallbackPolicyInput = z.infer<typeof CallbackPolicyInputSchema>;

/** One saved version of the policy. Versions never change: a change is a new version. */
export interface CallbackPolicy extends CallbackPolicyInput {
  readonly version: number;
  readonly savedBy: string;
  readonly savedAt: Date;
}

/**
 * The policy a new platform starts with (seeded with the demo data): an IVR survey on workdays
 * 09:00-12:00 and 14:00-20:00 and never on rest days, three calls (busy: 10 minutes later; no
 * answer: the next window; invalid number: stop), then an e-mail survey answered within two days,
 * else the work order closes as unreachable.
 */
export const DEFAULT_CALLBACK_POLICY: CallbackPolicyInput = {
  mode: 'ivr',
  attempts: DEFAULT_ATTEMPT_RULES,
  windows: {
    calendarId: 'cn-mainland',
    workday: [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '20:00' },
    ],
    restDay: [],
  },
  withinDays: 7,
  survey: { enabled: true, answerWithin: 'P2D' },
  onUnreachable: 'close-unreachable',
  comment: 'Default: IVR survey on workdays, three calls, then an e-mail survey.',
};
