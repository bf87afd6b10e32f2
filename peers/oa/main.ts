import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { signWebhook, verifyWebhook } from '../../domain/oa/signature';
import { listenHttp, peerEnv, readBody, sendJson, stopOnSignal } from '../peer-kit';

/**
 * The local OA system: a separate process that receives Closeloop's signed pushes like a
 * vendor's OA would (verifying them the Standard Webhooks way, recognising a webhook id it has
 * seen) and answers them with signed webhooks to POST /api/webhooks/oa. Developers drive it
 * from its page (http://127.0.0.1:3011/), tests through /control/*.
 */
const env = peerEnv({
  OA_PEER_PORT: z.coerce.number().int(),
  OA_PEER_CLOSELOOP_URL: z.string().url(),
  /** Secrets Closeloop signs pushes with (its endpoint's signing secrets), space-separated. */
  OA_PEER_PUSH_SECRETS: z.string().default(''),
  /** The secret this OA signs its answers with (the endpoint's verifying secret in Closeloop). */
  OA_PEER_ANSWER_SECRET: z.string().default(''),
});

interface Received {
  webhookId: string;
  receivedAt: string;
  verified: boolean;
  /** A webhook id seen before: OA acknowledges it again and does nothing with it. */
  duplicate: boolean;
  answeredWith: number;
  headers: Record<string, string>;
  body: string;
  type?: string;
  data?: { workOrderId?: string; dispatchRef?: string; [key: string]: unknown };
}

const state = {
  pushSecrets: env.OA_PEER_PUSH_SECRETS.split(' ').filter(Boolean),
  answerSecret: env.OA_PEER_ANSWER_SECRET,
  closeloopUrl: env.OA_PEER_CLOSELOOP_URL,
  /** Failures still to answer (tests: "the peer fails twice"), for any push or one work order's. */
  failures: [] as { status: number; retryAfter?: string; workOrderId?: string }[],
  received: [] as Received[],
};
const journal = path.join(env.PEER_DATA_DIR, 'received.jsonl');
mkdirSync(env.PEER_DATA_DIR, { recursive: true });

const ControlConfig = z.strictObject({
  pushSecrets: z.array(z.string()).optional(),
  answerSecret: z.string().optional(),
  closeloopUrl: z.string().url().optional(),
});
const FailNext = z.strictObject({
  count: z.number().int().min(1).max(1_000),
  status: z.number().int().min(400).max(599).default(503),
  retryAfter: z.string().optional(),
  workOrderId: z.string().optional(),
});
const Answer = z.strictObject({
  workOrderId: z.string(),
  type: z.enum(['accepted', 'progress', 'resolved', 'returned']),
  text: z.string().min(1).max(2_000).optional(),
  handler: z.string().default('oa-user-1'),
});

async function receivePush(req: Parameters<Parameters<typeof listenHttp>[3]>[0], res: Parameters<Parameters<typeof listenHttp>[3]>[1]): Promise<void> {
  const body = await readBody(req);
  const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(req.headers[h] ?? '')]));
  const verified = verifyWebhook(headers, body, state.pushSecrets.map((secret) => ({ secret })), new Date()).ok;
  let parsed: Pick<Received, 'type' | 'data'> = {};
  try {
    parsed = JSON.parse(body) as Pick<Received, 'type' | 'data'>;
  } catch {
    // kept as received
  }
  const failing = verified ? state.failures.findIndex((f) => f.workOrderId === undefined || f.workOrderId === parsed.data?.workOrderId) : -1;
  const failure = failing >= 0 ? state.failures.splice(failing, 1)[0] : undefined;
  const status = !verified ? 401 : failure ? failure.status : 200;
  const duplicate = state.received.some((r) => r.webhookId === headers['webhook-id'] && r.answeredWith < 300);
  const record: Received = { webhookId: headers['webhook-id']!, receivedAt: new Date().toISOString(), verified, duplicate, answeredWith: status, headers, body, type: parsed.type, data: parsed.data };
  state.received.push(record);
  appendFileSync(journal, `${JSON.stringify(record)}\n`);
  res.writeHead(status, { 'content-type': 'application/json', ...(failure?.retryAfter ? { 'retry-after': failure.retryAfter } : {}) });
  res.end(JSON.stringify(verified ? { received: true, duplicate } : { error: 'signature does not verify' }));
}

/** OA's answer about the latest push of a work order, signed and sent to Closeloop. */
async function answer(input: z.infer<typeof Answer>): Promise<{ status: number; body: unknown; webhookId: string }> {
  const push = state.received.findLast((r) => r.verified && r.data?.workOrderId === input.workOrderId && r.type === 'work_order.dispatched');
  if (!push) throw new Error(`no push of ${input.workOrderId} received`);
  const handler = { id: input.handler };
  const data: Record<string, unknown> = { workOrderId: input.workOrderId, dispatchRef: push.data!.dispatchRef };
  if (input.type === 'accepted') Object.assign(data, { handler, oaRef: `OA-${push.webhookId.slice(4, 12)}`, ...(input.text ? { note: input.text } : {}) });
  if (input.type === 'progress') Object.assign(data, { handler, note: input.text ?? 'Working on it' });
  if (input.type === 'resolved') Object.assign(data, { handler, feedback: input.text ?? 'Resolved on site' });
  if (input.type === 'returned') Object.assign(data, { handler, reason: input.text ?? 'Not ours to handle' });
  const body = JSON.stringify({ type: `work_order.${input.type}`, timestamp: new Date().toISOString(), data });
  const webhookId = `msg_${randomUUID().replace(/-/g, '')}`;
  const response = await fetch(`${state.closeloopUrl}/api/webhooks/oa`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signWebhook(webhookId, new Date(), body, [state.answerSecret]) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json(), webhookId };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The developer's view: the work orders pushed here, and forms that answer them. */
function page(): string {
  const latest = new Map<string, Received>();
  for (const r of state.received) if (r.verified && r.type === 'work_order.dispatched' && r.data?.workOrderId) latest.set(r.data.workOrderId, r);
  const rows = [...latest.values()]
    .reverse()
    .map((r) => {
      const id = escape(r.data!.workOrderId!);
      const buttons = ['accepted', 'progress', 'resolved', 'returned'].map((t) => `<button name="type" value="${t}">${t}</button>`).join(' ');
      return `<tr><td>${id}</td><td>${escape(text(r.data!.department))}</td><td>${escape(text(r.data!.description))}</td><td><form method="post" action="/answer"><input type="hidden" name="workOrderId" value="${id}"><label>Text <input name="text"></label> ${buttons}</form></td></tr>`;
    })
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local OA peer</title></head><body><h1>Local OA system</h1><p>Pushes received: ${state.received.length}. Answers go to ${escape(state.closeloopUrl)}.</p><table><thead><tr><th>Work order</th><th>Department</th><th>Description</th><th>Answer</th></tr></thead><tbody>${rows || '<tr><td colspan="4">Nothing pushed yet</td></tr>'}</tbody></table></body></html>`;
}

const server = listenHttp('oa-peer', env.PEER_HOST, env.OA_PEER_PORT, async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://peer');
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case 'POST /oa/inbox':
      return receivePush(req, res);
    case 'GET /':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page());
      return;
    case 'POST /answer': {
      const form = new URLSearchParams(await readBody(req));
      const result = await answer(Answer.parse({ workOrderId: form.get('workOrderId'), type: form.get('type'), ...(form.get('text') ? { text: form.get('text') } : {}) }));
      res.writeHead(303, { location: '/', 'x-closeloop-status': String(result.status) });
      res.end();
      return;
    }
    case 'PUT /control/config':
      Object.assign(state, Object.fromEntries(Object.entries(ControlConfig.parse(JSON.parse(await readBody(req)))).filter(([, v]) => v !== undefined)));
      return sendJson(res, 200, { pushSecrets: state.pushSecrets.length, closeloopUrl: state.closeloopUrl });
    case 'POST /control/fail-next': {
      const { count, status, retryAfter, workOrderId } = FailNext.parse(JSON.parse(await readBody(req)));
      state.failures.push(...Array.from({ length: count }, () => ({ status, ...(retryAfter ? { retryAfter } : {}), ...(workOrderId ? { workOrderId } : {}) })));
      return sendJson(res, 200, { failuresQueued: state.failures.length });
    }
    case 'DELETE /control/failures':
      state.failures = [];
      return sendJson(res, 200, { failuresQueued: 0 });
    case 'GET /control/received': {
      const workOrderId = url.searchParams.get('workOrderId');
      return sendJson(res, 200, workOrderId ? state.received.filter((r) => r.data?.workOrderId === workOrderId) : state.received);
    }
    case 'POST /control/answer':
      return sendJson(res, 200, await answer(Answer.parse(JSON.parse(await readBody(req)))));
    default:
      return sendJson(res, 404, { error: `no route ${route}` });
  }
});
stopOnSignal(() => new Promise<void>((resolve) => server.close(() => resolve())));
