import { z } from 'zod';
import { WorkingHoursSchema, type WorkingInterval } from '../calendar';
import { SUBSCRIBER_STATUS } from '../subscriber/record-layouts';

/** Kinds of outbound call (domain brief, "Proactive service and outbound campaigns"). */
export const CallKinds = ['care', 'retention', 'payment-reminder', 'survey', 'marketing', 'callback'] as const;
export type CallKind = (typeof CallKinds)[number];

/**
 * What a customer asked for about being called, kept per phone number (a customer may ask on
 * one line only): kinds of call never to receive, a date before which not to call at all (a
 * do-not-call window), and quiet hours (wall-clock, every day) when calls are unwelcome.
 */
export const ContactPreferenceSchema = z.strictObject({
  refusedKinds: z.array(z.enum(CallKinds)).max(CallKinds.length).default([]),
  /** No call of any kind before this civil date (YYYY-MM-DD, the calendar's zone). */
  notBefore: z.iso.date().optional(),
  quietHours: WorkingHoursSchema.default([]),
});
export type ContactPreference = z.infer<typeof ContactPreferenceSchema>;

/**
 * Why a contact is never called, checked before any call and again before each one.
 * - blacklisted: a confirmed blacklist entry for the number.
 * - exempt-line: the subscriber store says the line cannot or must not take the call (a fax
 *   line, a suspended or closed line).
 * - do-not-disturb: the customer refused this kind of call.
 * - do-not-call-window: the customer asked not to be called before a date the campaign does not reach.
 * - attempt-cap: the number already had the most attempts the center allows across campaigns.
 * - invalid-number: not a phone number.
 * - duplicate: the number is on the list already.
 */
export const ExclusionReasons = [
  'blacklisted',
  'exempt-line',
  'do-not-disturb',
  'do-not-call-window',
  'attempt-cap',
  'invalid-number',
  'duplicate',
] as const;
export type ExclusionReason = (typeof ExclusionReasons)[number];

/** What is known about one number when deciding whether it may be called at all. */
export interface NumberFacts {
  readonly blacklisted: boolean;
  readonly exemptLine: boolean;
  readonly preference?: Pick<ContactPreference, 'refusedKinds' | 'notBefore'>;
  /** Attempts made to the number within the center's counting period, across campaigns. */
  readonly recentAttempts: number;
}

export interface ExclusionContext {
  readonly kind: CallKind;
  /** The last civil day (YYYY-MM-DD) the campaign or callback may call on. */
  readonly lastDay: string;
  /** Attempts per number the center allows across campaigns within its counting period. */
  readonly centerAttemptCap: number;
}

/** The first reason a number may not be called, in the order above; undefined when it may be. */
export function exclusionOf(facts: NumberFacts, context: ExclusionContext): ExclusionReason | undefined {
  if (facts.blacklisted) return 'blacklisted';
  if (facts.exemptLine) return 'exempt-line';
  if (facts.preference?.refusedKinds.includes(context.kind)) return 'do-not-disturb';
  if (facts.preference?.notBefore && facts.preference.notBefore > context.lastDay) return 'do-not-call-window';
  if (facts.recentAttempts >= context.centerAttemptCap) return 'attempt-cap';
  return undefined;
}

/** Quiet hours of a preference, for the slot search (none when the customer set none). */
export const quietHoursOf = (preference: Pick<ContactPreference, 'quietHours'> | undefined): readonly WorkingInterval[] => preference?.quietHours ?? [];

/** Service codes (00201 SvcID) that take a voice call; any other (a fax line, broadband, IPTV) is exempt. */
const VOICE_SERVICES: readonly string[] = ['MOBL', 'FIXD'];

/**
 * The subscriber store's line cannot or must not take a call: it is not active (suspended,
 * closing, closed) or not a voice service. Codes as stored from the 00201 record.
 */
export const isExemptLine = (line: Readonly<Record<string, unknown>>): boolean =>
  SUBSCRIBER_STATUS[String(line['status']) as keyof typeof SUBSCRIBER_STATUS] !== 'active' || !VOICE_SERVICES.includes(String(line['service']));
