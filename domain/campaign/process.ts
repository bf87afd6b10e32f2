import type { AfterAttempt, AttemptOutcome } from '../outreach/attempt-rules';
import type { ContactResult } from './campaign';

/**
 * Names shared by the code and processes/campaign.bpmn and processes/campaign-contact.bpmn (the
 * contract test checks each one stands in the diagrams).
 */
export const CampaignProcess = {
  id: 'campaign',
  messages: {
    /** Starts the campaign's instance; correlation key = campaign id. */
    launched: 'campaign-launched',
    /** Interrupts the waves; correlation key = campaign id. */
    paused: 'campaign-paused',
    resumed: 'campaign-resumed',
    /** Ends the campaign; correlation key = campaign id. */
    stopped: 'campaign-stopped',
  },
} as const;

export const CampaignContactProcess = {
  id: 'campaign-contact',
  messages: {
    /** Starts one contact's attempt chain; correlation key = contact id (one active chain per contact). */
    launched: 'campaign-contact-launched',
  },
} as const;

/**
 * How a contact's chain ends after its last attempt. `answer` is what the customer said once
 * reached: `success` (the accept key, or the agent recorded success), or none.
 */
export function resultOfChain(after: Extract<AfterAttempt, { next: 'stop' }>, outcome: AttemptOutcome, answer: string | undefined): ContactResult {
  switch (after.because) {
    case 'reached':
      return answer === 'success' ? 'success' : 'reached';
    case 'final-outcome':
      if (outcome === 'invalid-number' || outcome === 'fax' || outcome === 'refused') return outcome;
      throw new RangeError(`outcome ${outcome} does not end a chain by itself`);
    case 'attempt-cap':
    case 'rule-stops':
      return 'unreachable';
  }
}

/**
 * An automatic (IVR) call's answer: the accept key means success, any other key a refusal, no
 * key a plain "reached" (the message was heard).
 */
export function ivrAnswer(outcome: AttemptOutcome, dtmf: string, acceptKey: string): { outcome: AttemptOutcome; answer?: 'success' } {
  if (outcome !== 'answered' || dtmf === '') return { outcome };
  return dtmf.startsWith(acceptKey) ? { outcome, answer: 'success' } : { outcome: 'refused' };
}
