import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';

/** The environment every peer reads (runtime/peers.ts sets it). */
export const PeerBaseEnv = z.object({
  PEER_HOST: z.string().default('127.0.0.1'),
  PEER_DATA_DIR: z.string().min(1),
});

/** Parses a peer's environment; a bad value ends the process naming the variable. */
export function peerEnv<T extends z.ZodRawShape>(shape: T): z.infer<ReturnType<typeof PeerBaseEnv.extend<T>>> {
  const parsed = PeerBaseEnv.extend(shape).safeParse(process.env);
  if (!parsed.success) {
    console.error(`invalid peer environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    process.exit(2);
  }
  return parsed.data;
}

/** Reads a request body (peers take small JSON or webhook bodies only). */
export async function readBody(req: IncomingMessage, limitBytes = 1_048_576): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * An HTTP server that answers GET /health (the runtime's readiness probe) and hands every
 * other request to `handle`; a throwing handler answers 500 instead of ending the peer.
 */
export function listenHttp(
  label: string,
  host: string,
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Server {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') return sendJson(res, 200, { status: 'up' });
    handle(req, res).catch((err: unknown) => {
      console.error(`${label}: ${req.method} ${req.url}: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: String(err) });
      else res.end();
    });
  });
  server.listen(port, host, () => console.log(`${label} listening on http://${host}:${port}`));
  return server;
}

/** Ends the peer cleanly on SIGTERM/SIGINT (the runtime stops it with SIGTERM). */
export function stopOnSignal(close: () => Promise<void> | void): void {
  const stop = (): void => {
    void Promise.resolve(close()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
