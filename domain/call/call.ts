import { z } from 'zod';

/**
 * Names shared by the code and processes/phone-call.bpmn (the contract test checks each one
 * stands in the diagram). The callback and campaign processes use `phone-call` as a call activity.
 */
export const PhoneCallProcess = {
  id: 'phone-call',
  messages: {
    /** The call ended (any outcome); correlation key = call id. */
    ended: 'call-ended',
  },
} as const;

/** How a call ended, as campaigns and callbacks decide their next attempt by it. */
export const CallOutcomes = ['answered', 'no-answer', 'busy', 'invalid-number', 'fax', 'failed'] as const;
export type CallOutcome = (typeof CallOutcomes)[number];

/**
 * `agent`: a customer is called on an agent's behalf (preview dialing; the agent's leg is joined
 * by the callback flow). `ivr`: the call plays a recorded message and, for a survey, collects
 * the customer's key presses.
 */
export const CallModes = ['agent', 'ivr'] as const;
export type CallMode = z.infer<typeof CallMode>;
export const CallMode = z.enum(CallModes);

/** Where a call stands; `ended` is final. */
export type CallState = 'originating' | 'dialing' | 'ringing' | 'answered' | 'ended';

/** A telephone number as dialled: digits with an optional leading +, 3 to 20 digits. */
export const PhoneNumber = z.string().regex(/^\+?\d{3,20}$/, 'a phone number: digits with an optional leading +');

/**
 * Our own id for the call, also the channel id the telephony system uses: derived from the job's
 * element instance, so the same job delivered again names the same call and cannot place a second one.
 */
export const callIdFor = (job: { processInstanceKey: string; elementInstanceKey: string }): string =>
  `call-${job.processInstanceKey}-${job.elementInstanceKey}`;

/** The message that ends a call in its process: one per call (its id is derived from the call id). */
export const callEndedMessageId = (callId: string): string => `${PhoneCallProcess.messages.ended}/${callId}`;
