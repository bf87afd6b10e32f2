import { z } from 'zod';

/** Why a customer is not satisfied, as the IVR menu and the survey page offer it. */
export const DissatisfactionReasons = ['not-solved', 'too-slow', 'attitude', 'other'] as const;
export type DissatisfactionReason = (typeof DissatisfactionReasons)[number];

/**
 * The customer's answer to "are you satisfied with how we handled it?". A not-satisfied answer
 * always says why: a reason from the list, and the customer's (or the agent's) own words.
 */
export const SurveyReplySchema = z.discriminatedUnion('answer', [
  z.strictObject({ answer: z.literal('satisfied') }),
  z.strictObject({
    answer: z.literal('not-satisfied'),
    reason: z.enum(DissatisfactionReasons),
    comment: z.string().trim().min(1).max(500).optional(),
  }),
]);
export type SurveyReply = z.infer<typeof SurveyReplySchema>;

/**
 * The IVR survey's keys (processes/customer-callback.bpmn#Activity_IvrCall asks for one):
 * 1 satisfied; 2, 3, 4 not satisfied because the problem is not solved, it took too long, or of
 * the staff's attitude. The prompt `sound:closeloop/callback-survey` says the same.
 */
export const SURVEY_KEYS: Readonly<Record<string, SurveyReply>> = {
  '1': { answer: 'satisfied' },
  '2': { answer: 'not-satisfied', reason: 'not-solved' },
  '3': { answer: 'not-satisfied', reason: 'too-slow' },
  '4': { answer: 'not-satisfied', reason: 'attitude' },
};

/** The answer the keys pressed give; undefined when the customer pressed none or no key of the menu. */
export const replyOfKeys = (dtmf: string): SurveyReply | undefined => SURVEY_KEYS[dtmf.slice(0, 1)];

/** The reason as the work order records it: `not-solved`, or `other: <the customer's words>`. */
export const reasonText = (reply: SurveyReply): string | undefined =>
  reply.answer === 'satisfied' ? undefined : reply.comment ? `${reply.reason}: ${reply.comment}` : reply.reason;
