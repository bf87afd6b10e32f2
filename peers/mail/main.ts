import { z } from 'zod';
import { listenHttp, peerEnv, sendJson, stopOnSignal } from '../peer-kit';

// placeholder until the peer is built: answers /health only
const env = peerEnv({ MAIL_PEER_HTTP_PORT: z.coerce.number().int() });
const server = listenHttp('mail-peer', env.PEER_HOST, env.MAIL_PEER_HTTP_PORT, (_req, res) => Promise.resolve(sendJson(res, 404, { error: 'not built yet' })));
stopOnSignal(() => new Promise<void>((resolve) => server.close(() => resolve())));
