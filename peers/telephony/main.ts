import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { listenHttp, peerEnv, readBody, sendJson, stopOnSignal } from '../peer-kit';
import { CallRule, ruleBook } from './rules';
import { HANGUP_REASONS, switchboard, type SwitchboardError } from './switchboard';

/**
 * The local telephony peer: the subset of Asterisk's REST Interface the platform uses (channels:
 * originate, get, list, hang up, answer, play, record; the application's event WebSocket), with
 * the same basic auth, plus a control API that tells it how calls to a number end. See
 * docs/telephony.md.
 */
const env = peerEnv({
  TELEPHONY_PEER_PORT: z.coerce.number().int(),
  ARI_USERNAME: z.string().min(1),
  ARI_PASSWORD: z.string().min(1),
});

const sockets = new Map<string, Set<WebSocket>>();
const rules = ruleBook();
const board = switchboard((app, event) => {
  const message = JSON.stringify(event);
  for (const socket of sockets.get(app) ?? []) socket.send(message);
});

/** ARI takes basic auth or `?api_key=user:password`. */
function authorized(req: IncomingMessage, url: URL): boolean {
  const expected = `${env.ARI_USERNAME}:${env.ARI_PASSWORD}`;
  const header = req.headers.authorization ?? '';
  const basic = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : undefined;
  return basic === expected || url.searchParams.get('api_key') === expected;
}

const isError = (value: unknown): value is SwitchboardError => typeof value === 'object' && value !== null && 'status' in value && 'message' in value;

/** ARI's answers: the resource, 204 for actions without one, `{message}` for errors. */
function answer(res: ServerResponse, result: unknown, okStatus = 200): void {
  if (isError(result)) return sendJson(res, result.status, { message: result.message });
  if (result === undefined) {
    res.writeHead(204).end();
    return;
  }
  sendJson(res, okStatus, result);
}

/** A JSON body, `{}` when empty; undefined when it is not JSON (the caller answers 400). */
async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const raw = req.method === 'GET' || req.method === 'DELETE' ? '' : await readBody(req);
  try {
    return raw.trim() ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

const notJson = (res: ServerResponse): void => sendJson(res, 400, { message: 'the body is not JSON' });

/** A text parameter, empty when absent or not text. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const OriginateParams = z.object({
  endpoint: z.string().default(''),
  app: z.string().default(''),
  appArgs: z.string().default(''),
  channelId: z.string().min(1).optional(),
  callerId: z.string().default(''),
  variables: z.record(z.string(), z.string()).default({}),
});

async function ari(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
  const body = await jsonBody(req);
  if (!body) return notJson(res);
  // ARI reads parameters from the query string and from a JSON body alike
  const p = { ...Object.fromEntries(url.searchParams), ...body };
  const route = `${req.method} ${path.replace(/^\/channels\/[^/]+/, '/channels/:id')}`;
  const id = decodeURIComponent(path.split('/')[2] ?? '');
  switch (route) {
    case 'GET /channels':
      return answer(res, board.list());
    case 'POST /channels': {
      const parsed = OriginateParams.safeParse(p);
      if (!parsed.success) return sendJson(res, 400, { message: parsed.error.message });
      return answer(res, board.originate(parsed.data, rules.ruleFor));
    }
    case 'GET /channels/:id':
      return answer(res, board.get(id));
    case 'DELETE /channels/:id': {
      const code = Number(p.reason_code);
      const cause = Number.isInteger(code) && code > 0 ? { cause: code, text: `cause ${code}` } : HANGUP_REASONS[text(p.reason) || 'normal'];
      if (!cause) return sendJson(res, 400, { message: `unknown hangup reason ${text(p.reason)}` });
      return answer(res, board.hangUp(id, cause));
    }
    case 'POST /channels/:id/answer':
      return answer(res, board.answer(id));
    case 'POST /channels/:id/play':
      return answer(res, board.play(id, text(p.media), text(p.playbackId) || undefined), 201);
    case 'POST /channels/:id/record':
      return answer(res, board.record(id, text(p.name)), 201);
    default:
      return sendJson(res, 404, { message: `${req.method} ${path} is not part of the peer's ARI subset` });
  }
}

/** Tells the peer how calls end, shows what it was asked to do, and drops event streams. */
async function control(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
  const number = /^\/rules\/([^/]+)$/.exec(path)?.[1];
  if (req.method === 'GET' && path === '/rules') return sendJson(res, 200, { overrides: rules.overrides() });
  if (req.method === 'PUT' && number) {
    const body = await jsonBody(req);
    if (!body) return notJson(res);
    const parsed = CallRule.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { message: parsed.error.message });
    rules.set(decodeURIComponent(number), parsed.data);
    return sendJson(res, 200, parsed.data);
  }
  if (req.method === 'DELETE' && path === '/rules') {
    rules.reset();
    return answer(res, undefined);
  }
  if (req.method === 'GET' && path === '/calls') {
    const wanted = url.searchParams.get('number');
    return sendJson(res, 200, board.placed().filter((c) => !wanted || c.number === wanted));
  }
  if (req.method === 'POST' && path === '/drop-connections') {
    // a network drop, not a clean close: the client sees the stream end without a close frame
    const all = [...sockets.values()].flatMap((set) => [...set]);
    all.forEach((socket) => socket.terminate());
    return sendJson(res, 200, { dropped: all.length });
  }
  return sendJson(res, 404, { message: `${req.method} /control${path} is not a control operation` });
}

const server = listenHttp('telephony-peer', env.PEER_HOST, env.TELEPHONY_PEER_PORT, async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://peer');
  if (!authorized(req, url)) return sendJson(res, 401, { message: 'Authentication required' }, { 'www-authenticate': 'Basic realm="Asterisk REST Interface"' });
  if (url.pathname.startsWith('/ari/')) return ari(req, res, url, url.pathname.slice('/ari'.length));
  if (url.pathname.startsWith('/control/')) return control(req, res, url, url.pathname.slice('/control'.length));
  sendJson(res, 404, { message: 'not found' });
});

const events = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://peer');
  const app = url.searchParams.get('app');
  const refuse = (status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
  };
  if (url.pathname !== '/ari/events') return refuse('404 Not Found');
  if (!authorized(req, url)) return refuse('401 Unauthorized');
  if (!app) return refuse('400 Bad Request');
  events.handleUpgrade(req, socket, head, (ws) => {
    const set = sockets.get(app) ?? new Set<WebSocket>();
    sockets.set(app, set.add(ws));
    ws.on('close', () => set.delete(ws));
  });
});

stopOnSignal(
  () =>
    new Promise<void>((resolve) => {
      events.clients.forEach((c) => c.terminate());
      server.close(() => resolve());
    }),
);
