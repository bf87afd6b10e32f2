import type { Server } from 'node:http';
import type { Express } from 'express';
import { LOOPBACK } from '../../config/local-profiles';

/**
 * Where a test serves the API over real HTTP when a peer process must reach it (the OA peer
 * answers pushes there). global-setup.ts tells the peers this address.
 */
export const TEST_API_PORT = 3100;
export const TEST_API_URL = `http://${LOOPBACK}:${TEST_API_PORT}`;

/** Serves `app` on TEST_API_PORT until the returned close() (one file at a time holds it). */
export async function listenTestApi(app: Express): Promise<{ close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(TEST_API_PORT, LOOPBACK, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
