import { z } from 'zod';
import { listenHttp, peerEnv, sendJson, stopOnSignal } from '../peer-kit';

// placeholder until the peer is built: answers /health only
const env = peerEnv({ OA_PEER_PORT: z.coerce.number().int() });
const server = listenHttp('oa-peer', env.PEER_HOST, env.OA_PEER_PORT, (_req, res) => Promise.resolve(sendJson(res, 404, { error: 'not built yet' })));
stopOnSignal(() => new Promise<void>((resolve) => server.close(() => resolve())));
