import { z } from 'zod';
import type { CallDoc, CallRepository } from '../adapters/mongo/call.repository';
import { PhoneNumber } from '../domain/call/call';
import { CallNotStartedError, CallRequestReusedError } from '../domain/call/errors';
import type { Clock } from '../domain/clock';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { hasRole, type Principal } from '../domain/identity/principal';

/** An agent's preview call: whom to call, under a request id the client chose (sending it again places no second call). */
export const NewAgentCallSchema = z.object({
  requestId: z.uuid(),
  to: PhoneNumber,
});
export type NewAgentCall = z.infer<typeof NewAgentCallSchema>;

export interface CallServiceDeps {
  readonly calls: CallRepository;
  /** Starts a phone-call instance with these variables; resolves with its key. */
  readonly startPhoneCall: (variables: Record<string, string>) => Promise<string>;
  readonly clock: Clock;
}

export interface CallService {
  /** Records the call, then starts its phone-call process; `started` is false when an earlier request did. */
  placeAgentCall(principal: Principal, request: NewAgentCall): Promise<{ call: CallDoc; started: boolean }>;
  get(principal: Principal, callId: string): Promise<CallDoc>;
}

/** The call id of an API request: the client's request id, so a retried request names the same call. */
export const callIdOf = (requestId: string): string => `call-${requestId}`;

/**
 * Who may read a call: the agent it was placed for, supervisors over the agent's department,
 * and center-wide readers (auditors, admins). Others are told it does not exist.
 */
function mayRead(principal: Principal, call: CallDoc): boolean {
  if (call.agentId === principal.employeeId) return true;
  if (!hasRole(principal, 'supervisor', 'auditor', 'admin')) return false;
  return principal.departments === 'all' || (call.departmentId !== undefined && principal.departments.includes(call.departmentId));
}

/** Phone numbers are personal data: the agent who placed the call and supervisors see them; others a masked form. */
export const mayReadNumber = (principal: Principal, call: CallDoc): boolean => call.agentId === principal.employeeId || hasRole(principal, 'supervisor');

export function createCallService(deps: CallServiceDeps): CallService {
  return {
    async placeAgentCall(principal, { requestId, to }) {
      if (!principal.departmentId) throw new ForbiddenError('only an agent of a department places calls');
      const callId = callIdOf(requestId);
      const call = await deps.calls.begin({
        _id: callId,
        to,
        mode: 'agent',
        agentId: principal.employeeId,
        departmentId: principal.departmentId,
        expectDigits: 0,
        // bound once the instance started: an unbound record is a start still owed
        createdAt: deps.clock.now(),
      });
      if (call.agentId !== principal.employeeId || call.to !== to) throw new CallRequestReusedError(requestId);
      if (call.processInstanceKey !== undefined) return { call, started: false };
      let processInstanceKey: string;
      try {
        processInstanceKey = await deps.startPhoneCall({ callId, to, mode: 'agent', agentId: principal.employeeId });
      } catch {
        throw new CallNotStartedError(callId);
      }
      await deps.calls.bindInstance(callId, processInstanceKey);
      return { call: { ...call, processInstanceKey }, started: true };
    },

    async get(principal, callId) {
      const call = await deps.calls.find(callId);
      if (!call || !mayRead(principal, call)) throw new NotFoundError('call', callId);
      return call;
    },
  };
}
