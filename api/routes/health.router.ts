import { Router } from 'express';
import { sendProblem } from '../problem';

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

/** `live`: the process answers. `ready`: it can reach everything it needs (load balancers use it). */
export function healthRouter(checkReadiness: ReadinessCheck): Router {
  const router = Router();
  router.get('/live', (_req, res) => {
    res.json({ status: 'UP' });
  });
  router.get('/ready', async (req, res) => {
    const checks = await checkReadiness();
    if (Object.values(checks).every(Boolean)) {
      res.json({ status: 'UP', checks });
      return;
    }
    const down = Object.keys(checks).filter((k) => !checks[k]);
    sendProblem(res, {
      status: 503,
      code: 'NOT_READY',
      title: 'Not ready',
      detail: `cannot reach: ${down.join(', ')}`,
      instance: req.originalUrl,
    });
  });
  return router;
}
