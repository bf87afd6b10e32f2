import type { CallRepository } from '../adapters/mongo/call.repository';
import type { Telephony } from '../adapters/telephony/telephony';
import type { Clock } from '../domain/clock';

/** What the call workers use: the call records, the telephony adapter and the platform clock. */
export interface CallWorkerDeps {
  readonly calls: CallRepository;
  readonly telephony: Telephony;
  readonly clock: Clock;
}
