import { DomainError } from '../errors';

/** The request id names a call someone else placed: nothing changed; use a new request id. */
export class CallRequestReusedError extends DomainError {
  constructor(requestId: string) {
    super('CALL_REQUEST_REUSED', `request ${requestId} placed another agent's call; use a new request id for a new call`);
  }
}

/** The engine did not take the call's process: the call is recorded, sending the same request again starts it. */
export class CallNotStartedError extends DomainError {
  constructor(callId: string) {
    super('CALL_NOT_STARTED', `call ${callId} is recorded but its process did not start; send the same request again`, true);
  }
}
