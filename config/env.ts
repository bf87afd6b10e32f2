import { z } from 'zod';

/**
 * Every environment variable Closeloop reads, declared once. Parsed once at start-up by
 * `loadConfig()`; a bad value fails fast and names the variable.
 *
 * Connection variables left unset mean "the local runtime": `npm start` then starts the
 * engine and the database itself. Set them to point at real clusters in production.
 */
/** Signs survey links on a local platform only (see SURVEY_TOKEN_SECRET). */
const LOCAL_SURVEY_SECRET = 'closeloop-local-survey-secret-not-for-production';
const SecretsKey = z.string().regex(/^[0-9a-fA-F]{64}$/, '32 bytes as 64 hexadecimal digits, e.g. from `openssl rand -hex 32`');
/** Seals stored secrets on a local platform only (see SECRETS_KEY). */
const LOCAL_SECRETS_KEY = '0c105e1009c105e1009c105e1009c105e1009c105e1009c105e1009c105e1000';

const EnvSchema = z.object({
  /** development | test | production. Production refuses to start without explicit connections. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** pino log level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Address the HTTP API binds to. Loopback by default: put a reverse proxy in front in production. */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Port of the HTTP API. */
  API_PORT: z.coerce.number().int().min(1).max(65535).default(3000),

  /** MongoDB connection string (replica set or Atlas in production). Unset: the local FerretDB. */
  MONGODB_URI: z.string().startsWith('mongodb').optional(),
  /** Zeebe gateway gRPC address, e.g. grpc://zeebe:26500. Unset: the local engine. */
  ZEEBE_GRPC_ADDRESS: z.string().min(1).optional(),
  /** Orchestration cluster REST address, e.g. http://zeebe:8080. Unset: the local engine. */
  ZEEBE_REST_ADDRESS: z.string().url().optional(),
  /** How the SDK authenticates to the engine; the SDK reads the matching OAuth/basic variables itself. */
  CAMUNDA_AUTH_STRATEGY: z.enum(['NONE', 'OAUTH', 'BASIC', 'BEARER', 'COOKIE']).default('NONE'),

  /**
   * How long (ms) the engine connection may drop before the SDK reports it lost. The SDK
   * also keeps a closed client's process alive this long (a timer it does not clear).
   */
  ZEEBE_CONNECTION_TOLERANCE_MS: z.coerce.number().int().min(0).default(3_000),
  /** IANA zone of the service center: human work-order ids (WO-YYYYMMDD-...) use its calendar day. */
  CENTER_TIME_ZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isKnownTimeZone, { message: 'not an IANA time zone' }),

  /** How often (ms) the reconciler looks for accepted work orders that no process instance has bound yet. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** How old (ms) a work order no process instance has bound yet must be before the reconciler re-sends its start. */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Upper bound (ms) on one call to the engine from a request path before we stop waiting. */
  ENGINE_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /**
   * Reopenings after which a complaint is escalated (升级投诉). Each work order keeps the value it
   * started with, so changing it never changes the rules of running ones.
   */
  ESCALATE_AFTER_REOPENS: z.coerce.number().int().min(1).max(20).default(2),
  /** Jobs one worker activates at once. */
  WORKER_MAX_JOBS: z.coerce.number().int().min(1).max(1_000).default(32),
  /** JDK (21+) for the local engine. Unset: JAVA_HOME if new enough, else the newest under /usr/lib/jvm. */
  ENGINE_JAVA_HOME: z.string().min(1).optional(),
  /** Maximum Java heap (MiB) of the local engine. */
  ENGINE_HEAP_MB: z.coerce.number().int().min(256).default(1_024),
  /**
   * Pause (ms) between one request for jobs and the next. The SDK's default (300 ms) adds that
   * much to every job step of a work order; with long polling an idle worker still asks rarely.
   */
  WORKER_POLL_INTERVAL_MS: z.coerce.number().int().min(1).max(60_000).default(20),
  /**
   * How long (ms) a worker's request for jobs waits on the engine when there are none. Jobs
   * arriving meanwhile are delivered at once, so this trades idle requests against how long a
   * closing worker waits for its open request.
   */
  WORKER_LONG_POLL_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
  /** SMTP server mail is sent through, e.g. smtps://user:pass@mail.example.com:465. Unset: the local mail peer. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'smtp:// or smtps:// URL').optional(),
  /** Sender of the platform's e-mail. */
  MAIL_FROM: z.string().min(3).default('Closeloop <closeloop@service-center.example>'),
  /** How often (ms) the workers process looks for mail to send in the notification outbox. */
  MAIL_DRAIN_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** Delivery attempts of one notification before it is dead-lettered for an admin. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** Wait (ms) after the first failed attempt; doubled after each further one (with jitter), up to MAIL_RETRY_MAX_MS. */
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(100).default(60_000),
  /** Longest wait (ms) between two attempts. */
  MAIL_RETRY_MAX_MS: z.coerce.number().int().min(100).default(3_600_000),
  /** How long (ms) a drainer's claim keeps others off a notification; above the SMTP timeouts (30 s). */
  MAIL_LEASE_MS: z.coerce.number().int().min(35_000).default(120_000),
  /** Hour of the center-day (CENTER_TIME_ZONE, 0-23) from which each department's daily digest is sent. */
  MAIL_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /** The portal's address as recipients reach it: the links in mail point there. */
  MAIL_PORTAL_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** Asterisk ARI base URL, e.g. http://pbx.internal:8088/ari. Unset: the local telephony peer. */
  ARI_URL: z.string().url().optional(),
  /** ARI user (ari.conf) and password. */
  ARI_USERNAME: z.string().min(1).default('closeloop'),
  ARI_PASSWORD: z.string().min(1).default('closeloop-local-ari'),
  /** Stasis application the platform's calls enter. */
  ARI_APP: z.string().min(1).default('closeloop'),
  /** How often (ms) the workers look for OA pushes that are due (first attempts and retries). */
  OA_DRAIN_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  /** Dial string of a customer's number on the Asterisk (`{number}` is replaced), e.g. PJSIP/{number}@carrier. */
  ARI_DIAL_ENDPOINT: z.string().includes('{number}').default('PJSIP/{number}@closeloop-trunk'),
  /** Calls to one number the center allows across all campaigns and callbacks within OUTREACH_ATTEMPT_PERIOD_DAYS. */
  OUTREACH_ATTEMPT_CAP: z.coerce.number().int().min(1).max(100).default(6),
  /** Days over which OUTREACH_ATTEMPT_CAP counts the calls to a number. */
  OUTREACH_ATTEMPT_PERIOD_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Key (at least 32 characters) that signs the links of customers' e-mail surveys. A local
   * default serves development and tests; production refuses to start without one of its own.
   */
  SURVEY_TOKEN_SECRET: z.string().min(32).default(LOCAL_SURVEY_SECRET),
  /**
   * Key (32 bytes as 64 hexadecimal digits) that seals the OA endpoints' signing secrets in the
   * database. A local default serves development and tests; production refuses to start without
   * one of its own. To change it, move the old one to SECRETS_KEY_PREVIOUS for one start.
   */
  SECRETS_KEY: SecretsKey.default(LOCAL_SECRETS_KEY),
  /** The key SECRETS_KEY replaces: it still opens what it sealed, and the start-up seals all of it again under SECRETS_KEY. */
  SECRETS_KEY_PREVIOUS: SecretsKey.optional(),
  /** Public address customers open survey links at (the API's `/survey/...` page). Unset: MAIL_PORTAL_URL. */
  SURVEY_PUBLIC_URL: z.string().url().optional(),
  /** Folder the operators' batch files arrive in (its Work/ and Ret/ subfolders). Unset: .runtime/<profile>/batch. */
  SUBSCRIBER_BATCH_DIR: z.string().min(1).optional(),
  /** Largest batch file (MiB) an admin may upload through the API; the producer's own drops into Work/ have no limit. */
  SUBSCRIBER_UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(10_240).default(1_024),
  /** How often (ms) the workers process looks into Work/ besides the changes fs.watch reports. */
  SUBSCRIBER_BATCH_POLL_MS: z.coerce.number().int().min(100).default(10_000),
  /** Largest call-list file (MiB) a campaign manager may upload (a million CSV rows take about 50). */
  CAMPAIGN_LIST_MAX_MB: z.coerce.number().int().min(1).max(2_048).default(256),
  /** Most data rows one call list may hold. */
  CAMPAIGN_LIST_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(2_000_000),
  /** Seed the demo work orders once (a marker in .runtime/dev). Default: when the database is the local one. */
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});

export type Env = z.infer<typeof EnvSchema>;

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    super(
      'Invalid environment:\n' +
        issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws ConfigError naming each bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(parsed.error.issues);
  const env = parsed.data;
  if (env.NODE_ENV === 'production') {
    const missing = (['MONGODB_URI', 'ZEEBE_GRPC_ADDRESS'] as const).filter((k) => !env[k]);
    const issues: z.core.$ZodIssue[] = missing.map((k) => ({ code: 'custom', path: [k], message: 'required in production (no local runtime there)', input: undefined }));
    if (env.SURVEY_TOKEN_SECRET === LOCAL_SURVEY_SECRET) {
      issues.push({ code: 'custom', path: ['SURVEY_TOKEN_SECRET'], message: 'required in production: the local default would let anyone sign survey links', input: undefined });
    }
    if (env.SECRETS_KEY === LOCAL_SECRETS_KEY) {
      issues.push({ code: 'custom', path: ['SECRETS_KEY'], message: 'required in production: the local default would open the stored OA secrets for anyone', input: undefined });
    }
    if (issues.length > 0) throw new ConfigError(issues);
  }
  return env;
}
