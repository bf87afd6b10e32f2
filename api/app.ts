import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../config/logger';
import type { Platform } from '../services/compose';
import { authenticate, challengeUnauthenticated } from './auth/authenticate';
import { openApiDocument } from './openapi';
import { portalRouter } from './portal.router';
import { problemHandler, routeNotFound } from './problem';
import { RouteCatalog } from './route';
import { adminIdentityRouter } from './routes/admin-identity.router';
import { adminMailRouter } from './routes/admin-mail.router';
import { mailTemplatesRouter } from './routes/mail-templates.router';
import { callbackPolicyRouter } from './routes/callback-policy.router';
import { authRouter, unitsRouter } from './routes/auth.router';
import { callsRouter } from './routes/calls.router';
import { campaignListsRouter } from './routes/campaign-lists.router';
import { campaignsRouter } from './routes/campaigns.router';
import { blacklistRouter, contactPreferencesRouter } from './routes/do-not-call.router';
import { contactsRouter } from './routes/contacts.router';
import { healthRouter, type ReadinessCheck } from './routes/health.router';
import { oaAdminRouter, oaWebhookRouter } from './routes/oa.router';
import { previewQueueRouter } from './routes/preview-queue.router';
import { MAX_PROCESS_XML, processesRouter } from './routes/processes.router';
import { slaRouter } from './routes/sla.router';
import { slaReportsRouter } from './routes/sla-reports.router';
import { customersRouter, subscriberImportsRouter, subscribersRouter } from './routes/subscribers.router';
import { surveyRouter } from './routes/survey.router';
import { tasksRouter } from './routes/tasks.router';
import { workOrdersRouter } from './routes/work-orders.router';

export interface AppDeps {
  readonly platform: Pick<
    Platform,
    | 'identity'
    | 'identityAdmin'
    | 'contacts'
    | 'workOrderService'
    | 'workOrderActions'
    | 'workOrderAnnotations'
    | 'inbox'
    | 'clock'
    | 'sla'
    | 'slaService'
    | 'slaReports'
    | 'slaAdmin'
    | 'oaInbound'
    | 'oaAdmin'
    | 'callService'
    | 'mail'
    | 'subscribers'
    | 'subscriberImports'
    | 'campaigns'
    | 'previewQueue'
    | 'callbackPolicies'
    | 'surveys'
    | 'campaignLists'
    | 'doNotCall'
    | 'processDesigner'
  >;
  readonly checkReadiness: ReadinessCheck;
  readonly logger: Logger;
}

/** Builds the HTTP app without listening, so tests drive it with supertest and no port. */
export function createApp(deps: AppDeps): Express {
  const { platform } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
      // a phone number looked up is personal data: the request log keeps only its last four digits
      serializers: { req: (req: { url?: string }) => ({ ...req, url: req.url?.replace(/(\/by-phone\/)[^/?]*?(\d{0,4})(?=[/?]|$)/, '$1***$2') }) },
    }),
  );
  app.use('/health', healthRouter(deps.checkReadiness));
  // customers answer e-mail surveys here: no session, the signed link is the key (docs/callbacks.md)
  app.use('/survey', surveyRouter(platform.surveys));
  // the portal replaces helmet's Content-Security-Policy with its own (bpmn-js needs inline styles)
  app.use(portalRouter());

  // signed by OA, not authenticated by session: before the JSON parser, which would consume the raw body
  app.use('/api/webhooks/oa', oaWebhookRouter(platform.oaInbound));
  // diagrams are the one large body (processes/ holds files of about 50 kB); the parser below skips a parsed body
  app.use('/api/processes', express.json({ limit: MAX_PROCESS_XML + 64 * 1024, strict: true }));
  // API bodies are small; a large body is a mistake or an attack
  app.use('/api', express.json({ limit: '64kb', strict: true }));
  app.use('/api/auth', authRouter(platform.identity));

  const catalog = new RouteCatalog();
  const document = (): Record<string, unknown> => openApiDocument(catalog, { title: 'Closeloop API', version: '0.2.0' });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document());
  });

  app.use('/api', authenticate(platform.identity));
  app.use('/api/units', unitsRouter(platform.identity));
  app.use('/api/contacts', contactsRouter(catalog, platform.contacts));
  app.use('/api/work-orders', workOrdersRouter(catalog, { service: platform.workOrderService, actions: platform.workOrderActions, annotations: platform.workOrderAnnotations, clock: platform.clock }));
  app.use('/api/tasks', tasksRouter(catalog, platform.inbox, platform.clock));
  app.use('/api/sla', slaRouter(catalog, { sla: platform.sla, slaService: platform.slaService, admin: platform.slaAdmin, workOrders: platform.workOrderService, clock: platform.clock }));
  app.use('/api/sla', slaReportsRouter(catalog, { reports: platform.slaReports, clock: platform.clock }));
  app.use('/api/admin/oa', oaAdminRouter(catalog, platform.oaAdmin));
  app.use('/api/calls', callsRouter(catalog, platform.callService));
  app.use('/api/campaigns', campaignsRouter(catalog, platform.campaigns));
  app.use('/api/preview-queue', previewQueueRouter(catalog, platform.previewQueue));
  app.use('/api/campaigns', campaignListsRouter(catalog, platform.campaignLists));
  app.use('/api/blacklist', blacklistRouter(catalog, platform.doNotCall));
  app.use('/api/contact-preferences', contactPreferencesRouter(catalog, platform.doNotCall));
  app.use('/api/admin', adminMailRouter(catalog, platform.mail.admin));
  app.use('/api/admin', mailTemplatesRouter(catalog, platform.mail.templates));
  app.use('/api/admin', adminIdentityRouter(catalog, platform.identityAdmin));
  app.use('/api/admin', callbackPolicyRouter(catalog, platform.callbackPolicies));
  app.use('/api/processes', processesRouter(catalog, platform.processDesigner));

  app.use('/api/subscribers', subscribersRouter(catalog, platform.subscribers));
  app.use('/api/customers', customersRouter(catalog, platform.subscribers));
  app.use('/api/subscriber-imports', subscriberImportsRouter(catalog, platform.subscriberImports, platform.subscriberImports.maxUploadBytes));

  app.use(routeNotFound);
  app.use(challengeUnauthenticated);
  app.use(problemHandler(deps.logger));
  return app;
}
