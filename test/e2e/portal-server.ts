import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import request from 'supertest';
import { portalRouter } from '../../api/portal.router';
import { useTestPlatform, type TestPlatform } from '../support/test-platform';

export interface PortalServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly baseUrl: string;
  /** The test platform behind it, for preparing data through its API (absent against an external server). */
  readonly platform?: TestPlatform;
}

/**
 * Listens with `app` on a free port of 127.0.0.1. While api/app.ts does not serve the portal
 * yet, the portal's router is put in front of it, as app.ts will mount it: pages from portal/,
 * everything else to the API.
 */
async function listen(app: Express): Promise<{ baseUrl: string; server: Server }> {
  const home = await request(app).get('/');
  const servesPortal = home.status === 200 && String(home.headers['content-type']).startsWith('text/html');
  let handler: Express = app;
  if (!servesPortal) {
    handler = express();
    handler.use(portalRouter());
    handler.use(app);
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const s = handler.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, server };
}

/**
 * The portal for an e2e file: the test platform (real engine, database and workers, started by
 * test/support/global-setup.ts) behind a real HTTP port; `options` go to the test platform
 * (a test that moves time passes its SharedClock). With CLOSELOOP_E2E_BASE_URL set
 * (e.g. http://127.0.0.1:3000 of `npm start`), the tests drive that server instead and start
 * no platform of their own.
 */
export function usePortal(options: Parameters<typeof useTestPlatform>[0] = {}): () => PortalServer {
  const external = process.env.CLOSELOOP_E2E_BASE_URL?.replace(/\/+$/, '');
  if (external) return () => ({ baseUrl: external });

  const tp = useTestPlatform(options);
  let served: { baseUrl: string; server: Server } | undefined;
  beforeAll(async () => {
    served = await listen(tp().app);
  });
  afterAll(async () => {
    if (!served) return;
    const { server } = served;
    // the browser keeps connections alive; close them, or close() waits for their timeout
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return () => {
    if (!served) throw new Error('the portal server starts in beforeAll');
    return { baseUrl: served.baseUrl, platform: tp() };
  };
}
