import { Router } from 'express';
import { z } from 'zod';
import { CallbackPolicyInputSchema, type CallbackPolicy } from '../../domain/callback/policy';
import type { CallbackPolicies } from '../../services/callback-policies';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';

const MOUNT = '/api/admin';
const ADMINS = ['admin'] as const;

const PolicyView = CallbackPolicyInputSchema.extend({ version: z.number().int(), savedBy: z.string(), savedAt: z.string() });

const policyView = (policy: CallbackPolicy): z.infer<typeof PolicyView> => ({ ...policy, savedAt: policy.savedAt.toISOString() });

/**
 * Admins: the center's callback policy (docs/callbacks.md). Every change is a new version, kept
 * with who saved it and why, and audited; running callbacks keep the version they started with.
 */
export function callbackPolicyRouter(catalog: RouteCatalog, policies: CallbackPolicies): Router {
  const router = Router();

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/callback-policy',
      tag: 'Callbacks',
      summary: 'The callback policy new callbacks start with, and every earlier version (oldest first)',
      roles: ADMINS,
      responses: { 200: { description: 'the current policy and its history', schema: z.object({ current: PolicyView, versions: z.array(PolicyView) }) } },
    },
    async ({ res }) => {
      const current = await policies.current();
      res.json({ current: policyView(current), versions: (await policies.versions()).map(policyView) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'put',
      path: '/callback-policy',
      tag: 'Callbacks',
      summary: 'Saves the callback policy as its next version (audited); callbacks already running keep theirs',
      description: 'The whole policy: mode, attempt rules, calling windows over a business calendar, the survey fallback and what an unreachable customer means. 422 UNKNOWN_CALENDAR when the calendar does not exist.',
      roles: ADMINS,
      body: CallbackPolicyInputSchema,
      responses: { 200: { description: 'the saved version', schema: PolicyView } },
    },
    async ({ body, res }) => {
      res.json(policyView(await policies.save(body, principalOf(res).employeeId)));
    },
  );

  return router;
}
