import type { Connection } from 'mongoose';
import { connectMongo } from '../adapters/mongo/connect';
import { mongoCallRepository, type CallRepository } from '../adapters/mongo/call.repository';
import { mongoCallbackPolicies, mongoCallbackRepository, type CallbackRepository } from '../adapters/mongo/callback.repository';
import { mongoContactRepository } from '../adapters/mongo/contact.repository';
import { documentLocks } from '../adapters/mongo/document-lock';
import { secretBox } from '../adapters/mongo/secret-box';
import { mongoIdempotencyStore } from '../adapters/mongo/idempotency.repository';
import { mongoNotificationOutbox, type NotificationOutbox } from '../adapters/mongo/notification.repository';
import { mongoOaRepository, type OaRepository } from '../adapters/mongo/oa.repository';
import { mongoPreviewTaskRepository } from '../adapters/mongo/preview-task.repository';
import { mongoAuditLog, type AuditLog } from '../adapters/mongo/audit.repository';
import { mongoCampaignRepository, type CampaignRepository } from '../adapters/mongo/campaign.repository';
import { mongoOutreachRules, type OutreachRulesRepository } from '../adapters/mongo/outreach-rules.repository';
import { httpMailbox } from '../adapters/mail/mailbox';
import { mongoOpenWorkOrderCount, mongoOpenWorkOrdersOf } from '../adapters/mongo/department-digest.query';
import { mongoIdentityRepository } from '../adapters/mongo/identity.repository';
import { mongoMailOutboxStore, type MailOutboxStore } from '../adapters/mongo/mail-outbox.repository';
import { mongoMailTemplateStore } from '../adapters/mongo/mail-template.repository';
import { mongoSequences } from '../adapters/mongo/sequences';
import { mongoSlaRepository, type SlaRepository } from '../adapters/mongo/sla.repository';
import { mongoSubscriberRepository } from '../adapters/mongo/subscriber.repository';
import { mongoWorkOrderRepository, type WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import { ariTelephony } from '../adapters/telephony/ari-telephony';
import type { Telephony } from '../adapters/telephony/telephony';
import { zeebeWorkOrderEngine, type WorkOrderEngine } from '../adapters/zeebe/work-order-engine';
import { zeebeUserTaskJobs } from '../adapters/zeebe/user-task-jobs';
import { createZeebeClient, type ZeebeClient } from '../adapters/zeebe/zeebe-client';
import type { Connections } from '../config/connections';
import type { Env } from '../config/env';
import type { Logger } from '../config/logger';
import { withTimeout } from '../domain/async';
import { PhoneCallProcess } from '../domain/call/call';
import { systemClock, type Clock } from '../domain/clock';
import { createCallbackPolicies, type CallbackPolicies } from './callback-policies';
import { startCallListener, type CallListener } from './call-listener';
import { createCallService, type CallService } from './call-service';
import { createContactService, type ContactService } from './contact-service';
import { createEngineCommandSender, type EngineCommandSender } from './engine-commands';
import { createEngineReconciler, type EngineReconciler } from './engine-reconciler';
import { createIdentityAdmin, type IdentityAdmin } from './identity-admin';
import { createIdentityService, type IdentityService } from './identity-service';
import { createInboxService, type InboxService } from './inbox-service';
import { createOaAdmin, type OaAdmin } from './oa-admin';
import { createOaInbound, type OaInbound } from './oa-inbound';
import { createOaOutbox, type OaOutbox } from './oa-outbox';
import { createPreviewQueue, type PreviewQueue } from './preview-queue';
import { createMailAdmin, type MailAdmin } from './mail-admin';
import { createNumberFacts, type NumberFactsService } from './number-facts';
import { createMailComposer, type MailComposer } from './mail-composer';
import { createMailTemplates, type MailTemplates } from './mail-templates';
import { createDigestScheduler, type DigestScheduler } from './mail-digest';
import { createSlaReports, type SlaReports } from './sla-reports';
import { createSlaAdmin, type SlaAdmin } from './sla-admin';
import { createSlaService, type SlaService } from './sla-service';
import { createCampaignLists, type CampaignLists } from './campaign-lists';
import { createCampaignService, type CampaignService } from './campaign-service';
import { createCampaignRunner, type CampaignRunner } from './campaign-runner';
import { createDoNotCallRules, type DoNotCallRules } from './do-not-call-rules';
import { batchDirs, defaultBatchRoot } from './batch-dirs';
import { createSubscriberImporter, type SubscriberImporter } from './subscriber-import';
import { createSubscriberService, type SubscriberService } from './subscriber-service';
import { createSurveys, type Surveys } from './survey-service';
import { createWorkOrderActions, type WorkOrderActions } from './work-order-actions';
import { createWorkOrderAnnotations, type WorkOrderAnnotations } from './work-order-annotations';
import { createWorkOrderService, type WorkOrderService } from './work-order-service';
import { mongoProcessDeployments } from '../adapters/mongo/process-deployment.repository';
import { deployFiles } from '../adapters/zeebe/deploy-processes';
import { createProcessDesigner, type ProcessDesigner } from './process-designer';
import { platformLintContext } from './process-lint-context';

/** The platform's parts, wired once per process (API server, workers, tests). */
export interface Platform {
  readonly mongo: Connection;
  readonly zeebe: ZeebeClient;
  readonly identity: IdentityService;
  /** Users, units and roles as administrators change them. */
  readonly identityAdmin: IdentityAdmin;
  readonly contacts: ContactService;
  readonly workOrders: WorkOrderRepository;
  readonly workOrderService: WorkOrderService;
  readonly workOrderActions: WorkOrderActions;
  readonly workOrderAnnotations: WorkOrderAnnotations;
  readonly inbox: InboxService;
  readonly notifications: NotificationOutbox;
  readonly sla: SlaRepository;
  readonly slaService: SlaService;
  readonly slaReports: SlaReports;
  /** Admins' changes to policies and calendars (days, a year's holiday import), versioned and audited. */
  readonly slaAdmin: SlaAdmin;
  readonly commands: EngineCommandSender;
  readonly reconciler: EngineReconciler;
  /** OA endpoints, the outbox of pushes to them, and OA's webhooks in. */
  readonly oa: OaRepository;
  readonly oaOutbox: OaOutbox;
  readonly oaInbound: OaInbound;
  readonly oaAdmin: OaAdmin;
  /** Administrative changes, append-only. */
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly calls: CallRepository;
  readonly telephony: Telephony;
  readonly callService: CallService;
  /** Starts recording calls' events and handing their ends to the engine (the workers process runs one). */
  listenToCalls(): CallListener;
  /** Mail: the outbox's delivery side, the composer, the daily digests, the admin's view and templates (the drainer runs in the workers process). */
  readonly mail: { readonly store: MailOutboxStore; readonly composer: MailComposer; readonly digests: DigestScheduler; readonly admin: MailAdmin; readonly templates: MailTemplates };
  /** The local subscriber store: lookups for agents and workers (`platform.subscribers.lookupByPhone(...)`), corrections. */
  readonly subscribers: SubscriberService;
  /** The operators' batch files: imports from Work/, the CLI and uploads. */
  readonly subscriberImports: SubscriberImporter;
  /** Outbound campaigns: their records, lists and contacts, and the managers' service. */
  readonly campaignRepository: CampaignRepository;
  readonly campaigns: CampaignService;
  /** What the campaign processes' steps do (the workers call it). */
  readonly campaignRunner: CampaignRunner;
  /** Customers the callback and campaign processes hand to agents for preview dialing. */
  readonly previewQueue: PreviewQueue;
  /** The rules every campaign and callback obeys per number: the blacklist, the customer's preferences, the attempts so far. */
  readonly outreachRules: OutreachRulesRepository;
  /** What decides whether a number may be called now (the rules above, the subscriber store's line state, the center's attempt cap). */
  readonly numberFacts: NumberFactsService;
  /** Callbacks after work orders (processes/customer-callback.bpmn): their records, the policy, the customers' e-mail surveys. */
  readonly callbacks: CallbackRepository;
  readonly callbackPolicies: CallbackPolicies;
  readonly surveys: Surveys;
  /** Campaigns' call lists: preview, import with filtering, the filtered-rows report. */
  readonly campaignLists: CampaignLists;
  /** The blacklist and customers' calling preferences, as the center's staff keep them. */
  readonly doNotCall: DoNotCallRules;
  /** The designers' processes and decisions: versions, lint, deploy (docs/process-designer.md). */
  readonly processDesigner: ProcessDesigner;
  close(): Promise<void>;
}

export interface ComposeOptions {
  readonly env: Env;
  readonly connections: Connections;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Replaces the engine-facing part of the services (tests of an unreachable engine). */
  readonly engine?: WorkOrderEngine;
}

/** Upper bound on one ARI request (ms): a job or the listener fails and retries rather than hang. */
const ARI_REQUEST_TIMEOUT_MS = 5_000;

export async function composePlatform(options: ComposeOptions): Promise<Platform> {
  const { env, connections, logger } = options;
  const clock = options.clock ?? systemClock;
  const mongo = await connectMongo(connections.mongodbUri);
  const zeebe = createZeebeClient(connections, env);
  const engine = options.engine ?? zeebeWorkOrderEngine(zeebe, { callTimeoutMs: env.ENGINE_CALL_TIMEOUT_MS });
  const locks = await documentLocks(mongo);
  const nextSequence = mongoSequences(mongo, locks);
  const workOrders = mongoWorkOrderRepository(mongo, locks);
  const contactRepository = mongoContactRepository(mongo, locks);
  const notifications = mongoNotificationOutbox(mongo);
  const identityRepo = mongoIdentityRepository(mongo, locks);
  const identity = createIdentityService({ repo: identityRepo, clock, logger });
  const commands = createEngineCommandSender({ workOrders, engine, clock, logger });
  const sla = mongoSlaRepository(mongo, locks);
  const slaService = createSlaService(sla);
  const subscriberRepository = mongoSubscriberRepository(mongo, locks);
  const workOrderService = createWorkOrderService({
    workOrders,
    contacts: contactRepository,
    idempotency: mongoIdempotencyStore(mongo),
    nextSequence,
    engine,
    clock,
    centerTimeZone: env.CENTER_TIME_ZONE,
    escalateAfterReopens: env.ESCALATE_AFTER_REOPENS,
    logger,
  });
  const workOrderActions = createWorkOrderActions({
    workOrders,
    slaService,
    notifications,
    commands,
    isDepartment: async (id) => (await identity.listUnits()).some((u) => u.unitId === id && u.kind === 'department' && !u.disabled),
    clock,
  });
  const oa = mongoOaRepository(mongo, locks, secretBox(env.SECRETS_KEY, env.SECRETS_KEY_PREVIOUS));
  // before anything reads a secret: plain ones (stored before sealing) and the previous key's
  const resealed = await oa.resealSecrets();
  if (resealed > 0) logger.info({ endpoints: resealed }, 'OA endpoint secrets sealed under SECRETS_KEY');
  const audit = mongoAuditLog(mongo);
  const oaOutbox = createOaOutbox({ repo: oa, clock, logger });
  const calls = mongoCallRepository(mongo, locks);
  const telephony = ariTelephony({
    url: connections.ariUrl,
    username: env.ARI_USERNAME,
    password: env.ARI_PASSWORD,
    app: env.ARI_APP,
    dialEndpoint: env.ARI_DIAL_ENDPOINT,
    requestTimeoutMs: ARI_REQUEST_TIMEOUT_MS,
    logger,
  });
  const reconciler = createEngineReconciler({
    workOrders,
    service: workOrderService,
    commands,
    clock,
    logger,
    intervalMs: env.RECONCILE_INTERVAL_MS,
    graceMs: env.RECONCILE_GRACE_MS,
  });
  const campaignRepository = mongoCampaignRepository(mongo, locks);
  const outreachRules = mongoOutreachRules(mongo, locks);
  const subscribers = createSubscriberService({ repository: subscriberRepository, clock, centerTimeZone: env.CENTER_TIME_ZONE });
  const attemptLimit = { cap: env.OUTREACH_ATTEMPT_CAP, periodDays: env.OUTREACH_ATTEMPT_PERIOD_DAYS };
  const numberFacts = createNumberFacts({ rules: outreachRules, subscribers, limit: attemptLimit });
  const campaigns = createCampaignService({ campaigns: campaignRepository, sla, nextSequence, audit, engine, clock, centerTimeZone: env.CENTER_TIME_ZONE });
  const callService = createCallService({
    calls,
    clock,
    startPhoneCall: async (variables) => {
      const started = zeebe.createProcessInstance({ bpmnProcessId: PhoneCallProcess.id, variables });
      return (await withTimeout(started, env.ENGINE_CALL_TIMEOUT_MS, 'engine did not start the phone call in time')).processInstanceKey;
    },
  });
  const callbacks = mongoCallbackRepository(mongo, locks);
  const surveys = createSurveys({
    callbacks,
    engine,
    clock,
    secret: env.SURVEY_TOKEN_SECRET,
    publicUrl: env.SURVEY_PUBLIC_URL ?? env.MAIL_PORTAL_URL,
    centerTimeZone: env.CENTER_TIME_ZONE,
    logger,
  });
  const mailStore = mongoMailOutboxStore(mongo, locks);
  const mailTemplates = createMailTemplates({ store: mongoMailTemplateStore(mongo), audit, clock });
  const mail = {
    store: mailStore,
    composer: createMailComposer({
      workOrders,
      openWorkOrdersOf: mongoOpenWorkOrdersOf(mongo),
      units: () => identity.listUnits(),
      clock,
      centerTimeZone: env.CENTER_TIME_ZONE,
      portalUrl: env.MAIL_PORTAL_URL,
      callbacks,
      surveyLink: (callbackId, expiresAt) => surveys.linkFor(callbackId, expiresAt),
      templates: () => mailTemplates.effective(),
    }),
    digests: createDigestScheduler({ outbox: notifications, identity, clock, centerTimeZone: env.CENTER_TIME_ZONE, digestHour: env.MAIL_DIGEST_HOUR }),
    admin: createMailAdmin({ store: mailStore, mailbox: connections.mailboxUrl === undefined ? undefined : httpMailbox(connections.mailboxUrl), audit, clock }),
    templates: mailTemplates,
  };
  return {
    mongo,
    zeebe,
    identity,
    identityAdmin: createIdentityAdmin({ repo: identityRepo, identity, audit, clock, locks, openWorkOrdersIn: mongoOpenWorkOrderCount(mongo) }),
    contacts: createContactService({ contacts: contactRepository, nextSequence, clock, centerTimeZone: env.CENTER_TIME_ZONE }),
    workOrders,
    workOrderService,
    workOrderActions,
    workOrderAnnotations: createWorkOrderAnnotations({ workOrders, clock }),
    inbox: createInboxService(workOrders),
    notifications,
    sla,
    slaService,
    slaReports: createSlaReports({ sla }),
    slaAdmin: createSlaAdmin({ sla, slaService, audit, clock }),
    commands,
    reconciler,
    oa,
    oaOutbox,
    oaInbound: createOaInbound({ repo: oa, workOrders, commands, clock, logger }),
    oaAdmin: createOaAdmin({ repo: oa, audit, clock }),
    audit,
    clock,
    calls,
    telephony,
    callService,
    listenToCalls: () => startCallListener({ calls, telephony, engine, clock, logger }),
    mail,
    subscribers,
    subscriberImports: createSubscriberImporter({
      repository: subscriberRepository,
      dirs: batchDirs(defaultBatchRoot(env.SUBSCRIBER_BATCH_DIR)),
      clock,
      logger,
      maxUploadBytes: env.SUBSCRIBER_UPLOAD_MAX_MB * 1024 * 1024,
    }),
    campaignRepository,
    campaigns,
    outreachRules,
    numberFacts,
    campaignRunner: createCampaignRunner({ campaigns: campaignRepository, numberFacts, sla, engine, clock, logger }),
    previewQueue: createPreviewQueue({
      tasks: mongoPreviewTaskRepository(mongo, locks),
      calls: callService,
      subscribers,
      workOrders,
      audit,
      jobs: zeebeUserTaskJobs(zeebe, env.ENGINE_CALL_TIMEOUT_MS),
      // a campaign paused or stopped after the task was offered calls nobody from the queue
      callBarred: async ({ campaignId }) => {
        const state = campaignId ? (await campaignRepository.findRecord(campaignId))?.state : undefined;
        return state === undefined || state === 'running' ? undefined : `campaign ${campaignId} is ${state}`;
      },
      clock,
      logger,
    }),
    callbacks,
    callbackPolicies: createCallbackPolicies({ repo: mongoCallbackPolicies(mongo), sla, audit, clock }),
    surveys,
    campaignLists: createCampaignLists({
      campaigns: campaignRepository,
      service: campaigns,
      rules: outreachRules,
      exemptPhones: () => subscriberRepository.exemptPhones(),
      attemptLimit,
      limits: { maxBytes: env.CAMPAIGN_LIST_MAX_MB * 1024 * 1024, maxRows: env.CAMPAIGN_LIST_MAX_ROWS },
      audit,
      clock,
      logger,
    }),
    doNotCall: createDoNotCallRules({ rules: outreachRules, audit, clock }),
    processDesigner: createProcessDesigner({
      deployments: mongoProcessDeployments(mongo),
      workOrders,
      deployFiles: (files) => deployFiles(zeebe, files),
      lintContext: platformLintContext(),
      audit,
      clock,
      engineTimeoutMs: env.ENGINE_CALL_TIMEOUT_MS,
      locks,
    }),
    async close() {
      await reconciler.stop();
      await zeebe.close();
      await mongo.close();
    },
  };
}
