import { Agent, request } from 'node:http';

/**
 * A lean JSON client for the API under test: node:http with keep-alive connections. It costs
 * the benchmark process less CPU than fetch, and on 2 cores every cycle the driver spends is
 * one the platform does not get.
 */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  /** Milliseconds from sending the request to the last byte of the answer. */
  readonly ms: number;
}

export class HttpError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${what}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

export class JsonClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets = 256) {
    this.url = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  send(method: 'GET' | 'POST', path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = { accept: 'application/json', ...options.headers };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise<JsonResponse>((resolve, reject) => {
      const began = performance.now();
      const req = request(
        { host: this.url.hostname, port: this.url.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const ms = performance.now() - began;
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            if (text && /json/.test(res.headers['content-type'] ?? '')) {
              try {
                body = JSON.parse(text);
              } catch {
                // keep the text: the caller reports it
              }
            }
            resolve({ status: res.statusCode ?? 0, body, ms });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
