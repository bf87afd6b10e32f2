import { CallOutcomes, type CallOutcome } from '../../domain/call/call';

/**
 * The channel variable the dialplan sets to classify a call itself (for example `fax` in the
 * `fax` extension Asterisk's fax detection jumps to). Listed in ari.conf `channelvars`, it also
 * travels in every channel snapshot.
 */
export const OUTCOME_VARIABLE = 'CLOSELOOP_OUTCOME';

/** Q.850 hangup causes (Asterisk's AST_CAUSE_*) that decide an unanswered call's outcome. */
const CAUSE_OUTCOMES: Readonly<Record<number, CallOutcome>> = {
  1: 'invalid-number', // unallocated (unassigned) number
  3: 'invalid-number', // no route to destination
  22: 'invalid-number', // number changed
  28: 'invalid-number', // invalid number format (incomplete number)
  17: 'busy', // user busy
  18: 'no-answer', // no user responding
  19: 'no-answer', // no answer (also the originate timeout)
};

const isOutcome = (value: string | undefined): value is CallOutcome => CallOutcomes.includes(value as CallOutcome);

/**
 * How a call ended, from what Asterisk says when its channel is destroyed: the dialplan's own
 * classification first (fax), then whether the channel was ever answered (its last state `Up`;
 * answered calls end with cause 16, normal clearing), then the hangup cause of a call that never
 * was. Anything else (21 call rejected, 34 no circuit, 38 network out of order ...) is `failed`,
 * with the cause kept beside it.
 */
export function outcomeOf(ended: { cause: number; channelState: string; classifiedAs?: string | undefined }): CallOutcome {
  if (isOutcome(ended.classifiedAs)) return ended.classifiedAs;
  if (ended.channelState === 'Up') return 'answered';
  return CAUSE_OUTCOMES[ended.cause] ?? 'failed';
}
