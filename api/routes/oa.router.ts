import express, { Router } from 'express';
import { z } from 'zod';
import type { OaDeliveryDoc, OaEndpointDoc } from '../../adapters/mongo/oa.repository';
import type { OaAdmin } from '../../services/oa-admin';
import type { OaInbound } from '../../services/oa-inbound';
import { MAX_RESEND_BATCH, resendEach } from '../../services/resend-batch';
import { principalOf } from '../auth/authenticate';
import { sendProblem } from '../problem';
import type { RouteCatalog } from '../route';
import { answerPage, PageQuery, pageOf, ResendResultView } from './dead-letters.view';

/** OA's webhook bodies are small events; the signature is over the exact bytes, so the body is read raw. */
const WEBHOOK_BODY_LIMIT = '64kb';

/**
 * POST /api/webhooks/oa: no session or API key, the Standard Webhooks signature is the
 * authentication. Mounted before the JSON body parser (the signature covers the raw body).
 */
export function oaWebhookRouter(inbound: OaInbound): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const header = (name: string): string | undefined => req.get(name) ?? undefined;
    const result = await inbound.receive(
      { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') },
      raw,
    );
    if (result.ok) {
      res.status(202).json({ status: 'accepted', webhookId: result.webhookId, workOrderId: result.workOrderId, type: result.type });
      return;
    }
    sendProblem(res, { status: result.status, code: result.code, title: 'The webhook was refused', detail: result.detail, instance: req.originalUrl, ...(result.errors ? { errors: result.errors } : {}) });
  });
  return router;
}

const MOUNT = '/api/admin/oa';
const ADMINS = ['admin'] as const;

const SecretView = z.object({ secretId: z.string(), masked: z.string().describe('the last four characters, for telling secrets apart'), createdAt: z.string(), retiresAt: z.string().nullable() });
const EndpointView = z.object({
  endpointId: z.string(),
  name: z.string(),
  url: z.string(),
  departments: z.array(z.string()),
  answerWithin: z.string(),
  signingSecrets: z.array(SecretView),
  verifyingSecrets: z.array(SecretView),
  lastRotatedAt: z.string().describe('when the newest secret of either direction was made'),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
const DeliveryView = z.object({
  deliveryId: z.string(),
  endpointId: z.string(),
  workOrderId: z.string(),
  type: z.string(),
  state: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  attempts: z.array(z.object({ at: z.string(), status: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() })),
  reason: z.enum(['refused', 'unreachable']).nullable().describe('how the last attempt failed: OA answered with an error status, or could not be reached'),
  lastError: z.string().nullable(),
  resentBy: z.string().nullable(),
});

const secretView = (s: OaEndpointDoc['signingSecrets'][number]): z.infer<typeof SecretView> => ({
  secretId: s.secretId,
  masked: `••••${s.secret.slice(-4)}`,
  createdAt: s.createdAt.toISOString(),
  retiresAt: s.retiresAt?.toISOString() ?? null,
});
/** Secrets are shown once, when made; a listing names them only. */
const endpointView = (e: OaEndpointDoc): z.infer<typeof EndpointView> => ({
  endpointId: e._id,
  name: e.name,
  url: e.url,
  departments: e.departments,
  answerWithin: e.answerWithin,
  signingSecrets: e.signingSecrets.map(secretView),
  verifyingSecrets: e.verifyingSecrets.map(secretView),
  lastRotatedAt: new Date(Math.max(...[...e.signingSecrets, ...e.verifyingSecrets].map((s) => s.createdAt.getTime()))).toISOString(),
  updatedAt: e.updatedAt.toISOString(),
  updatedBy: e.updatedBy,
});
const deliveryView = (d: OaDeliveryDoc): z.infer<typeof DeliveryView> => {
  const last = d.attempts.at(-1);
  return {
    deliveryId: d._id,
    endpointId: d.endpointId,
    workOrderId: d.workOrderId,
    type: d.type,
    state: d.state,
    createdAt: d.createdAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
    attempts: d.attempts.map((a) => ({ at: a.at.toISOString(), status: a.status ?? null, error: a.error ?? null, durationMs: a.durationMs })),
    reason: !last ? null : last.status === undefined ? 'unreachable' : 'refused',
    lastError: !last ? null : (last.error ?? (last.status === undefined ? null : `HTTP ${last.status}`)),
    resentBy: d.resentBy ?? null,
  };
};

const DeliveryId = z.string().regex(/^msg_[A-Za-z0-9_-]{1,40}$/, 'a webhook id, msg_...');
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and -');
/** ISO 8601 durations of days, hours and minutes (what a BPMN timer takes). */
const Duration = z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/, 'an ISO 8601 duration such as PT4H or P1DT2H');

/** Admins: OA endpoints, their secrets, and the pushes that could not be delivered. */
export function oaAdminRouter(catalog: RouteCatalog, admin: OaAdmin): Router {
  const router = Router();
  catalog.add(router, MOUNT, { method: 'get', path: '/endpoints', tag: 'OA', summary: 'OA endpoints (secrets by id only)', roles: ADMINS, responses: { 200: { description: 'endpoints', schema: z.array(EndpointView) } } }, async ({ res }) => {
    res.json((await admin.endpoints()).map(endpointView));
  });
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/endpoints',
      tag: 'OA',
      summary: 'Creates or changes the OA endpoint of some departments; a new endpoint answers with its two secrets, once',
      roles: ADMINS,
      body: z.strictObject({
        endpointId: Id,
        name: z.string().trim().min(1).max(100),
        url: z.url({ protocol: /^https?$/ }),
        departments: z.array(Id).min(1).max(50),
        answerWithin: Duration.default('PT4H'),
      }),
      responses: { 200: { description: 'the endpoint, and secrets made now', schema: z.object({ endpoint: EndpointView, newSecrets: z.object({ signing: z.string().optional(), verifying: z.string().optional() }) }) } },
    },
    async ({ body, res }) => {
      const saved = await admin.saveEndpoint(principalOf(res).employeeId, body);
      res.json({ endpoint: endpointView(saved.endpoint), newSecrets: saved.newSecrets });
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/endpoints/:id/rotate',
      tag: 'OA',
      summary: 'A new secret for pushes (signing) or for OA webhooks (verifying); the old ones keep working for the grace period',
      roles: ADMINS,
      params: z.object({ id: Id }),
      body: z.strictObject({ direction: z.enum(['signing', 'verifying']), graceHours: z.number().int().min(0).max(24 * 30).default(24) }),
      responses: { 200: { description: 'the endpoint and the new secret (shown this once)', schema: z.object({ endpoint: EndpointView, secret: z.string() }) } },
    },
    async ({ params, body, res }) => {
      const rotated = await admin.rotateSecret(principalOf(res).employeeId, params.id, body.direction, body.graceHours);
      res.json({ endpoint: endpointView(rotated.endpoint), secret: rotated.secret });
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'delete',
      path: '/endpoints/:id',
      tag: 'OA',
      summary: 'Removes an OA endpoint: its departments work in the Closeloop inbox again',
      roles: ADMINS,
      params: z.object({ id: Id }),
      responses: { 204: { description: 'removed' }, 404: { description: 'no such endpoint' }, 409: { description: 'OA_ENDPOINT_IN_USE: work orders still wait for its answers' } },
    },
    async ({ params, req, res }) => {
      const outcome = await admin.removeEndpoint(principalOf(res).employeeId, params.id);
      if (outcome === 'removed') {
        res.status(204).end();
      } else if (outcome === 'missing') {
        sendProblem(res, { status: 404, code: 'NOT_FOUND', title: 'No such OA endpoint', detail: `no OA endpoint ${params.id}`, instance: req.originalUrl });
      } else {
        const detail = `${outcome.inUse} open work orders wait for answers from ${params.id}; let OA finish or return them first`;
        sendProblem(res, { status: 409, code: 'OA_ENDPOINT_IN_USE', title: 'The OA endpoint is in use', detail, instance: req.originalUrl });
      }
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/dead-letters',
      tag: 'OA',
      summary: 'Pushes given up after the retry window, latest first, one page',
      roles: ADMINS,
      query: PageQuery,
      responses: { 200: { description: 'dead letters', schema: pageOf(DeliveryView) } },
    },
    async ({ query, res }) => {
      res.json(await answerPage(query, (window) => admin.deadLetters(window), deliveryView));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/dead-letters/resend',
      tag: 'OA',
      summary: 'Puts a selection of dead pushes back in the outbox; each is reported (queued, already re-sent, or refused with its code)',
      roles: ADMINS,
      body: z.strictObject({ ids: z.array(DeliveryId).min(1).max(MAX_RESEND_BATCH) }),
      responses: { 200: { description: 'what happened to each', schema: z.object({ results: z.array(ResendResultView) }) } },
    },
    async ({ body, res }) => {
      const by = principalOf(res).employeeId;
      res.json({ results: await resendEach(body.ids, (id) => admin.resend(by, id)) });
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/dead-letters/:id/resend',
      tag: 'OA',
      summary: 'Puts a dead push back in the outbox under the same webhook id (OA recognises it if it had it); asking again once it is queued changes nothing',
      roles: ADMINS,
      params: z.object({ id: DeliveryId }),
      responses: { 202: { description: 'queued again' }, 200: { description: 'an earlier re-send queued it already: nothing changed' }, 404: { description: 'no dead push of that id' } },
    },
    async ({ params, res }) => {
      const outcome = await admin.resend(principalOf(res).employeeId, params.id);
      res.status(outcome === 'queued' ? 202 : 200).json({ status: outcome, deliveryId: params.id });
    },
  );
  return router;
}
