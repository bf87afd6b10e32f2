import { Router } from 'express';
import { z } from 'zod';
import type { StoredTemplate } from '../../adapters/mongo/mail-template.repository';
import { TEMPLATE_VARIABLES } from '../../domain/mail/template-rules';
import { TemplateNames } from '../../domain/mail/templates';
import type { MailTemplates, TemplateState } from '../../services/mail-templates';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';

const MOUNT = '/api/admin';
const ADMINS = ['admin'] as const;

const Template = z.strictObject({ subject: z.string().min(1).max(300), body: z.string().min(1).max(20_000) });
const Pair = z.strictObject({ 'zh-CN': Template, en: Template });
const Name = z.object({ name: z.enum(TemplateNames) });
const Comment = z.string().trim().min(1).max(500);
const BasedOnVersion = z
  .number()
  .int()
  .min(0)
  .optional()
  .describe('the version the edit was made on (`current.version`, 0 when `current` is null): saved as exactly the next one, 409 RULES_CHANGED when the template moved on since or another edit of it was saved first');
const CHANGED = { description: 'RULES_CHANGED: the template is no longer at `basedOnVersion`; nothing saved' };

const VersionView = z.object({ version: z.number().int(), reset: z.boolean().describe('saved by "reset to default"'), comment: z.string(), savedBy: z.string(), savedAt: z.string() });
const StateView = z.object({
  name: z.enum(TemplateNames),
  templates: Pair.describe('what mail is written with now'),
  builtIn: Pair.describe('the default (domain/mail/templates.ts)'),
  current: VersionView.nullable().describe('the override in use; null: never overridden, the default is used'),
  variables: z.record(z.string(), z.union([z.literal(true), z.array(z.string())])).describe('true for a value; the item fields for a list (which also has .length)'),
});
const Rendered = z.object({ subject: z.string(), text: z.string(), html: z.string() });

const versionView = (v: StoredTemplate): z.infer<typeof VersionView> => ({ version: v.version, reset: v.reset, comment: v.comment, savedBy: v.savedBy, savedAt: v.savedAt.toISOString() });
const stateView = (s: TemplateState): z.infer<typeof StateView> => ({
  name: s.name,
  templates: s.templates,
  builtIn: s.builtIn,
  current: s.current ? versionView(s.current) : null,
  variables: { ...TEMPLATE_VARIABLES[s.name] } as Record<string, true | string[]>,
});

/**
 * Admins: the mail templates (docs/mail.md). Overrides are versions, audited; 422
 * MAIL_TEMPLATE_INVALID lists a template's syntax errors, unknown variables and unescaped output
 * (`{{{x}}}`, `{{&x}}`), each with `errors[].path` like `en.subject`. The next mail the platform writes uses the newest version.
 */
export function mailTemplatesRouter(catalog: RouteCatalog, templates: MailTemplates): Router {
  const router = Router();

  catalog.add(
    router,
    MOUNT,
    { method: 'get', path: '/mail-templates', tag: 'Mail', summary: 'Every mail template: what mail is written with now, the default, the variables', roles: ADMINS, responses: { 200: { description: 'templates', schema: z.object({ items: z.array(StateView) }) } } },
    async ({ res }) => {
      res.json({ items: (await templates.list()).map(stateView) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/mail-templates/:name',
      tag: 'Mail',
      summary: 'One template and its versions (oldest first)',
      roles: ADMINS,
      params: Name,
      responses: { 200: { description: 'the template', schema: StateView.extend({ versions: z.array(VersionView) }) } },
    },
    async ({ params, res }) => {
      const state = await templates.get(params.name);
      res.json({ ...stateView(state), versions: state.versions.map(versionView) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'put',
      path: '/mail-templates/:name',
      tag: 'Mail',
      summary: 'Saves both languages of a template as its next version (audited)',
      roles: ADMINS,
      params: Name,
      body: z.strictObject({ templates: Pair, comment: Comment, basedOnVersion: BasedOnVersion }),
      responses: { 201: { description: 'the saved version', schema: VersionView }, 409: CHANGED, 422: { description: 'MAIL_TEMPLATE_INVALID: syntax errors, unknown variables or unescaped output, each in errors[]' } },
    },
    async ({ params, body, res }) => {
      res.status(201).json(versionView(await templates.save(params.name, body.templates, body.comment, principalOf(res).employeeId, body.basedOnVersion)));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/mail-templates/:name/reset',
      tag: 'Mail',
      summary: 'Saves the default text as the next version (audited)',
      roles: ADMINS,
      params: Name,
      body: z.strictObject({ comment: Comment, basedOnVersion: BasedOnVersion }),
      responses: { 201: { description: 'the saved version', schema: VersionView }, 409: CHANGED },
    },
    async ({ params, body, res }) => {
      res.status(201).json(versionView(await templates.reset(params.name, body.comment, principalOf(res).employeeId, body.basedOnVersion)));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/mail-templates/:name/preview',
      tag: 'Mail',
      summary: 'Renders both languages of a draft with sample data; saves nothing',
      roles: ADMINS,
      params: Name,
      body: z.strictObject({ templates: Pair }),
      responses: { 200: { description: 'the rendered mail per language', schema: z.object({ 'zh-CN': Rendered, en: Rendered }) } },
    },
    async ({ params, body, res }) => {
      res.json(await templates.preview(params.name, body.templates));
    },
  );

  return router;
}
