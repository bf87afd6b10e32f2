import { Router } from 'express';
import { z } from 'zod';
import { JobCatalog } from '../../domain/process/job-catalog';
import type { ProcessDesigner, VersionView } from '../../services/process-designer';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';

const MOUNT = '/api/processes';
const DESIGNERS = ['designer'] as const;
const READERS = ['designer', 'auditor', 'admin'] as const;

/** The largest diagram a designer deploys (characters); processes/ holds files of about 50 k. */
export const MAX_PROCESS_XML = 2_000_000;

const ResourceId = z.string().regex(/^[A-Za-z_][\w.-]{0,99}$/, 'a BPMN process id or DMN decision id');
const Kind = z.enum(['process', 'decision']);
const Xml = z.string().min(1).max(MAX_PROCESS_XML);

const Issue = z.object({ elementId: z.string().optional(), message: z.string(), category: z.enum(['error', 'warn']), rule: z.string() });

const Version = z.object({
  resourceId: z.string(),
  kind: Kind,
  version: z.number().int(),
  key: z.string(),
  deployedBy: z.string(),
  deployedAt: z.string(),
  comment: z.string(),
  running: z.number().int().nullable().describe('open work orders on this version; null where instances are not tracked'),
});

const versionView = (v: VersionView): z.infer<typeof Version> => ({ ...v, deployedAt: v.deployedAt.toISOString() });

const Localized = z.object({ en: z.string(), 'zh-CN': z.string() });

/**
 * Process designers: the BPMN processes and DMN decisions the engine runs, their versions (who
 * deployed what, when and why, how many open work orders run on each), lint and deploy
 * (docs/process-designer.md). Auditors and admins read.
 */
export function processesRouter(catalog: RouteCatalog, designer: ProcessDesigner): Router {
  const router = Router();

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/',
      tag: 'Process designer',
      summary: 'Processes and decisions with their newest version, how many versions, and open work orders per version',
      roles: READERS,
      responses: {
        200: {
          description: 'one entry per resource',
          schema: z.object({
            items: z.array(
              z.object({
                resourceId: z.string(),
                kind: Kind,
                resourceName: z.string(),
                latest: Version,
                versionCount: z.number().int(),
                running: z.array(z.object({ version: z.number().int(), open: z.number().int() })).nullable(),
              }),
            ),
          }),
        },
      },
    },
    async ({ res }) => {
      const items = await designer.list();
      res.json({ items: items.sort((a, b) => a.resourceId.localeCompare(b.resourceId)).map((r) => ({ ...r, latest: versionView(r.latest) })) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/job-types',
      tag: 'Process designer',
      summary: "Closeloop's job types with their labels and descriptions (the designer's element templates)",
      roles: READERS,
      responses: {
        200: {
          description: 'every job type a worker takes',
          schema: z.object({
            items: z.array(z.object({ type: z.string(), template: z.string(), group: z.string(), label: Localized, description: Localized, headers: z.record(z.string(), z.string()).optional() })),
          }),
        },
      },
    },
    ({ res }) => {
      res.json({ items: JobCatalog });
      return Promise.resolve();
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/lint',
      tag: 'Process designer',
      summary: 'Lints a BPMN diagram (Camunda 8.6 rules, a worker for every job type, job-based user tasks) or a DMN file',
      roles: DESIGNERS,
      body: z.object({ xml: Xml, kind: Kind }),
      responses: { 200: { description: 'the findings; errors block a deploy', schema: z.object({ issues: z.array(Issue) }) } },
    },
    async ({ body, res }) => {
      res.json({ issues: await designer.lint(body.xml, body.kind) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:id/versions',
      tag: 'Process designer',
      summary: 'Every version of a process or decision, newest first: who deployed it, when, why, and open work orders on it',
      roles: READERS,
      params: z.object({ id: ResourceId }),
      responses: { 200: { description: 'versions', schema: z.object({ items: z.array(Version) }) }, 404: { description: 'NOT_FOUND: never deployed' } },
    },
    async ({ params, res }) => {
      res.json({ items: (await designer.versions(params.id)).map(versionView) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:id/versions/:version/xml',
      tag: 'Process designer',
      summary: 'The BPMN or DMN XML of one version, as deployed',
      roles: READERS,
      params: z.object({ id: ResourceId, version: z.coerce.number().int().min(1) }),
      responses: { 200: { description: 'application/xml' }, 404: { description: 'NOT_FOUND' } },
    },
    async ({ params, res }) => {
      res.type('application/xml').send(await designer.xml(params.id, params.version));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/:id/deploy',
      tag: 'Process designer',
      summary: 'Lints and deploys a new version of a process or decision, with a comment (audited)',
      description:
        '422 PROCESS_LINT_FAILED (with `issues`) or PROCESS_ID_MISMATCH (the file must define :id) or PROCESS_REJECTED (the engine refused it): nothing deployed. 409 PROCESS_UNCHANGED: equal to the newest version; 409 PROCESS_CHANGED: `basedOnVersion` (the version the change was made on; the portal always sends it) is no longer the newest. 503 PROCESS_ENGINE_UNAVAILABLE: try again.',
      roles: DESIGNERS,
      params: z.object({ id: ResourceId }),
      body: z.object({ xml: Xml, comment: z.string().trim().min(3).max(500), basedOnVersion: z.number().int().min(1).optional() }),
      responses: { 201: { description: 'the new version', schema: Version }, 404: { description: 'NOT_FOUND: never deployed' } },
    },
    async ({ params, body, res }) => {
      res.status(201).json(versionView(await designer.deploy(params.id, body, principalOf(res).employeeId)));
    },
  );

  return router;
}
