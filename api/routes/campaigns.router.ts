import { Router } from 'express';
import { z } from 'zod';
import type { CampaignDoc } from '../../adapters/mongo/campaign.repository';
import { CampaignSettingsSchema, CampaignStates } from '../../domain/campaign/campaign';
import type { CampaignService } from '../../services/campaign-service';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';

const MOUNT = '/api/campaigns';

export const CampaignIdParams = z.object({ campaignId: z.string().regex(/^CP-\d{8}-\d{3}$/, 'a campaign id looks like CP-20261122-001') });

export const CampaignView = z.object({
  campaignId: z.string(),
  state: z.enum(CampaignStates),
  settings: z.record(z.string(), z.unknown()).describe('the settings as created (CampaignSettings)'),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  list: z.record(z.string(), z.unknown()).nullable().describe('the imported list: file, rows, eligible, filtered by reason, import state'),
  stats: z.object({
    launched: z.number(),
    attempts: z.number(),
    reached: z.number(),
    done: z.number(),
    results: z.record(z.string(), z.number()),
  }),
  history: z.array(z.object({ at: z.iso.datetime(), by: z.string(), action: z.string(), note: z.string().nullable() })),
});
export type CampaignViewBody = z.infer<typeof CampaignView>;

export function campaignView(c: CampaignDoc): CampaignViewBody {
  const { _id, state, createdBy, createdAt, list, stats, history, cursor: _cursor, revision: _revision, processInstanceKey: _key, ...settings } = c;
  return {
    campaignId: _id,
    state,
    settings,
    createdBy,
    createdAt: createdAt.toISOString(),
    list: list ? { ...list, startedAt: list.startedAt.toISOString(), finishedAt: list.finishedAt?.toISOString() ?? null } : null,
    stats: { ...stats, results: stats.results },
    history: history.map((h) => ({ at: h.at.toISOString(), by: h.by, action: h.action, note: h.note ?? null })),
  };
}

export function campaignsRouter(catalog: RouteCatalog, campaigns: CampaignService): Router {
  const router = Router();
  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/',
      tag: 'campaigns',
      summary: 'Set up an outbound campaign (a draft until its list is imported)',
      roles: ['supervisor', 'admin'],
      body: CampaignSettingsSchema,
      responses: {
        201: { description: 'the campaign, as a draft', schema: CampaignView },
        422: { description: 'CAMPAIGN_SETTINGS_INVALID: a calendar or team that does not exist' },
      },
    },
    async ({ body, res }) => {
      const campaign = await campaigns.create(principalOf(res), body);
      res.status(201).location(`${MOUNT}/${campaign._id}`).json(campaignView(campaign));
    },
  );
  catalog.add(
    router,
    MOUNT,
    { method: 'get', path: '/', tag: 'campaigns', summary: 'The campaigns the caller runs or audits, newest first', roles: ['supervisor', 'admin', 'auditor'], responses: { 200: { description: 'campaigns', schema: z.array(CampaignView) } } },
    async ({ res }) => {
      res.json((await campaigns.list(principalOf(res))).map(campaignView));
    },
  );
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:campaignId',
      tag: 'campaigns',
      summary: 'A campaign: settings, list, live statistics, history',
      roles: ['supervisor', 'admin', 'auditor'],
      params: CampaignIdParams,
      responses: { 200: { description: 'the campaign', schema: CampaignView } },
    },
    async ({ params, res }) => {
      res.json(campaignView(await campaigns.get(principalOf(res), params.campaignId)));
    },
  );
  return router;
}
