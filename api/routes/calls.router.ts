import { Router } from 'express';
import { z } from 'zod';
import type { CallDoc } from '../../adapters/mongo/call.repository';
import { CallModes, CallOutcomes } from '../../domain/call/call';
import { maskPhone } from '../../domain/contact/contact';
import type { Principal } from '../../domain/identity/principal';
import { mayReadNumber, NewAgentCallSchema, type CallService } from '../../services/call-service';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';

const MOUNT = '/api/calls';

export const CallView = z.object({
  callId: z.string(),
  to: z.string().describe('masked unless the caller placed the call or supervises'),
  mode: z.enum(CallModes),
  agentId: z.string().nullable(),
  state: z.enum(['originating', 'dialing', 'ringing', 'answered', 'ended']),
  outcome: z.enum(CallOutcomes).nullable(),
  cause: z.number().nullable().describe('Q.850 hangup cause; 0 when the platform ended the call itself'),
  causeText: z.string().nullable(),
  dtmf: z.string(),
  recordings: z.array(z.string()),
  createdAt: z.iso.datetime(),
  answeredAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  durationMs: z.number().nullable(),
  events: z.array(z.object({ kind: z.string(), at: z.iso.datetime(), detail: z.string().nullable() })),
});

export function callView(call: CallDoc, principal: Principal): z.infer<typeof CallView> {
  return {
    callId: call._id,
    to: mayReadNumber(principal, call) ? call.to : maskPhone(call.to),
    mode: call.mode,
    agentId: call.agentId ?? null,
    state: call.state,
    outcome: call.outcome ?? null,
    cause: call.cause ?? null,
    causeText: call.causeText ?? null,
    dtmf: call.dtmf,
    recordings: call.recordings,
    createdAt: call.createdAt.toISOString(),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
    durationMs: call.durationMs ?? null,
    // the first line holds the number itself, which the view shows (or masks) once, above
    events: call.events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), detail: e.kind === 'originating' ? null : (e.detail ?? null) })),
  };
}

export function callsRouter(catalog: RouteCatalog, calls: CallService): Router {
  const router = Router();
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/',
      tag: 'calls',
      summary: "Place a preview call to a customer on the calling agent's behalf",
      description: 'Starts a phone-call process. The same requestId again places no second call and answers 200 with the call.',
      roles: ['agent'],
      body: NewAgentCallSchema,
      responses: {
        201: { description: 'the call is being placed', schema: CallView },
        200: { description: 'an earlier request with this requestId placed it', schema: CallView },
        503: { description: 'CALL_NOT_STARTED: the engine did not take the call; send the same request again' },
      },
    },
    async ({ body, res }) => {
      const principal = principalOf(res);
      const { call, started } = await calls.placeAgentCall(principal, body);
      res.status(started ? 201 : 200).location(`${MOUNT}/${call._id}`).json(callView(call, principal));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:callId',
      tag: 'calls',
      summary: 'A call: where it stands, how it ended, its events',
      roles: ['agent', 'supervisor', 'auditor', 'admin'],
      params: z.object({ callId: z.string().regex(/^call-[\w-]{1,80}$/, 'a call id looks like call-…') }),
      responses: { 200: { description: 'the call', schema: CallView } },
    },
    async ({ params, res }) => {
      const principal = principalOf(res);
      res.json(callView(await calls.get(principal, params.callId), principal));
    },
  );
  return router;
}
