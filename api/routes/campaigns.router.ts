import { once } from 'node:events';
import { Router } from 'express';
import { z } from 'zod';
import type { CampaignDoc } from '../../adapters/mongo/campaign.repository';
import { CampaignSettingsSchema, CampaignStates } from '../../domain/campaign/campaign';
import { CampaignCommands, type CampaignCommand, type CampaignService } from '../../services/campaign-service';
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
  progress: z
    .object({
      eligible: z.number(),
      filtered: z.number(),
      launched: z.number(),
      attempted: z.number(),
      reached: z.number(),
      success: z.number(),
      done: z.number(),
      remaining: z.number(),
    })
    .describe('live statistics: contacts eligible after filtering, launched by waves, calls attempted, customers reached, successes, chains done, eligible contacts not done'),
  history: z.array(z.object({ at: z.iso.datetime(), by: z.string(), action: z.string(), note: z.string().nullable() })),
});
export type CampaignViewBody = z.infer<typeof CampaignView>;

function progressOf({ list, stats }: CampaignDoc): CampaignViewBody['progress'] {
  const eligible = list?.eligible ?? 0;
  return {
    eligible,
    filtered: Object.values(list?.filtered ?? {}).reduce((a, b) => a + (b ?? 0), 0),
    launched: stats.launched,
    attempted: stats.attempts,
    reached: stats.reached,
    success: stats.results.success ?? 0,
    done: stats.done,
    remaining: Math.max(0, eligible - stats.done),
  };
}

export function campaignView(c: CampaignDoc): CampaignViewBody {
  const { _id, state, createdBy, createdAt, list, stats, history, cursor: _cursor, launched: _launched, lastWave: _lastWave, revision: _revision, processInstanceKey: _key, ...settings } = c;
  return {
    campaignId: _id,
    state,
    settings,
    createdBy,
    createdAt: createdAt.toISOString(),
    list: list ? { ...list, startedAt: list.startedAt.toISOString(), finishedAt: list.finishedAt?.toISOString() ?? null } : null,
    stats: { ...stats, results: stats.results },
    progress: progressOf(c),
    history: history.map((h) => ({ at: h.at.toISOString(), by: h.by, action: h.action, note: h.note ?? null })),
  };
}

const COMMAND_SUMMARIES: Record<CampaignCommand, string> = {
  launch: 'Launch a ready campaign: its waves start inside the calling windows',
  pause: 'Pause: no wave goes out; contacts that come due wait for the resume',
  resume: 'Resume: waves go out again, the paused contacts first',
  stop: 'Stop: no further calls at all (final)',
};

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
  // one route per command: `/:campaignId/:command` would also swallow the list's routes
  for (const command of CampaignCommands) {
    catalog.add(
      router,
      MOUNT,
      {
        method: 'post',
        path: `/:campaignId/${command}`,
        tag: 'campaigns',
        summary: COMMAND_SUMMARIES[command],
        roles: ['supervisor', 'admin'],
        params: CampaignIdParams,
        body: z.strictObject({ note: z.string().trim().min(1).max(500).optional() }),
        responses: {
          200: { description: 'the campaign in its new state', schema: CampaignView },
          409: { description: 'CAMPAIGN_STATE: not allowed in the state the campaign is in; nothing changed' },
          503: { description: 'CAMPAIGN_ENGINE_UNAVAILABLE: the engine did not take it; nothing changed, send it again' },
        },
      },
      async ({ params, body, res }) => {
        res.json(campaignView(await campaigns.command(principalOf(res), params.campaignId, command, body.note)));
      },
    );
  }
  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:campaignId/report',
      tag: 'campaigns',
      summary: 'The campaign report: every row of the list and how it ended (CSV)',
      description: 'text/csv (RFC 4180) as an attachment: row, phone (masked for auditors), name, custId, status (filtered:<reason>, not-launched, active, parked, or the result), attempts, last outcome and when, answer.',
      roles: ['supervisor', 'admin', 'auditor'],
      params: CampaignIdParams,
      responses: { 200: { description: 'the report (CSV)' } },
    },
    async ({ params, res }) => {
      const { campaign, lines } = await campaigns.report(principalOf(res), params.campaignId);
      res.set('Cache-Control', 'private, no-store');
      res.attachment(`campaign-report_${campaign._id}.csv`);
      res.type('text/csv; charset=utf-8; header=present');
      for await (const chunk of lines) {
        if (!res.write(chunk)) await once(res, 'drain');
      }
      res.end();
    },
  );
  return router;
}
