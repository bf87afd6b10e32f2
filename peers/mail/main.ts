import { SMTPServer } from 'smtp-server';
import { z } from 'zod';
import { listenHttp, peerEnv, sendJson, stopOnSignal } from '../peer-kit';
import { openMailStore } from './mail-store';

/**
 * The local SMTP server: takes every message (no auth, no TLS: it listens on loopback only),
 * stores it in PEER_DATA_DIR, and shows the mailbox over HTTP for the tests and the portal's
 * development mailbox.
 *   GET /messages?to=<address>&limit=<n>   newest first
 *   GET /messages/:id                       parsed: from, to, subject, date, text, html, messageId
 */
const env = peerEnv({
  MAIL_PEER_SMTP_PORT: z.coerce.number().int(),
  MAIL_PEER_HTTP_PORT: z.coerce.number().int(),
});
const store = openMailStore(env.PEER_DATA_DIR);

/** Real servers refuse oversized mail; the platform's are a few kilobytes. */
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

const smtp = new SMTPServer({
  name: 'mail-peer.local',
  banner: 'Closeloop local mail peer',
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  size: MAX_MESSAGE_BYTES,
  // senders keep pooled connections open: on SIGTERM end them after a second, not smtp-server's 30 s
  closeTimeout: 1_000,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (stream.sizeExceeded) return callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
      };
      store.add(Buffer.concat(chunks), envelope).then(
        (id) => callback(null, `queued as ${id}`),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    });
  },
});
smtp.on('error', (err) => console.error(`mail-peer smtp: ${err.message}`));
smtp.listen(env.MAIL_PEER_SMTP_PORT, env.PEER_HOST, () => console.log(`mail-peer SMTP on ${env.PEER_HOST}:${env.MAIL_PEER_SMTP_PORT}`));

const ListQuery = z.object({ to: z.string().max(320).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

const http = listenHttp('mail-peer', env.PEER_HOST, env.MAIL_PEER_HTTP_PORT, async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://peer');
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'read-only mailbox' });
  if (url.pathname === '/messages') {
    const query = ListQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return sendJson(res, 400, { error: query.error.message });
    return sendJson(res, 200, { messages: store.list(query.data) });
  }
  const one = /^\/messages\/([A-Za-z0-9-]+)$/.exec(url.pathname);
  if (one) {
    const message = await store.get(one[1]!);
    return message ? sendJson(res, 200, message) : sendJson(res, 404, { error: 'no such message' });
  }
  sendJson(res, 404, { error: 'no such resource' });
});

stopOnSignal(() => Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), new Promise<void>((resolve) => http.close(() => resolve()))]).then(() => undefined));
