import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConnections, type Connections } from '../config/connections';
import { parseEnv, type Env } from '../config/env';
import { DEV_PROFILE, LOOPBACK } from '../config/local-profiles';
import { seedDemoCampaign, seedDemoIdentity, seedDemoOa, seedDemoSla, seedDemoWorkOrders } from './demo-data';
import { deployPlatformProcesses } from '../services/process-startup-deploy';
import { DEMO_PASSWORD } from './demo-identity';
import { localRuntimeStatus, startLocalRuntime, stopLocalRuntime } from './local-runtime';
import { processesDir, profileDirs, projectRoot, serviceFiles } from './paths';
import { httpOk, waitUntil } from './readiness';
import { logTail, residentMemoryMiB, runningPid, startService, stopService, type ServiceFiles, type ServiceSpec } from './supervisor';

const log = (line: string): void => console.log(`[closeloop] ${line}`);

/** The platform's own Node processes, run from the compiled output beside this file. */
function appServices(env: Env): ServiceSpec[] {
  const distRoot = path.resolve(__dirname, '..');
  return (['api', 'workers'] as const).map((name) => ({
    name,
    command: process.execPath,
    args: [path.join(distRoot, name === 'api' ? 'api/server.js' : 'workers/main.js')],
    env: { ...process.env, NODE_ENV: env.NODE_ENV },
    cwd: projectRoot(),
    ...serviceFiles(DEV_PROFILE, name),
  }));
}

async function deploy(env: Env, connections: Connections): Promise<void> {
  for (const d of await deployPlatformProcesses({ env, connections, dir: processesDir(), log })) log(`deployed ${d.kind} ${d.id} version ${d.version}`);
}

async function up(detach: boolean): Promise<void> {
  // Ctrl-C while starting, or a failed start, must not leave detached processes behind; both
  // can happen at once (the interrupted start fails), so the stop runs only once
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> => (stopping ??= down());
  const stopOnSignal = (): void => {
    log('stopping');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    await startPlatform(detach);
  } catch (err) {
    if (!stopping) log('start failed; stopping what runs');
    await stopAll();
    throw err;
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
  if (!detach) {
    await watchUntilSignal(watchedServices());
    await down();
  }
}

/**
 * Version of what the local dev data holds. When a release changes the records' shape (0.2: work
 * orders from contacts, identity, steps), the local demo data of the older shape is started
 * afresh instead of being shown broken; production data is migrated, never dropped.
 */
// 7: work orders know their process version, deployments are recorded (the process designer)
const DEV_DATA_FORMAT = '7';

function devDataIsOutdated(): boolean {
  const marker = path.join(profileDirs(DEV_PROFILE).root, 'data-format');
  const outdated = existsSync(profileDirs(DEV_PROFILE).data) && (existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '1') !== DEV_DATA_FORMAT;
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileSync(marker, DEV_DATA_FORMAT);
  return outdated;
}

async function startPlatform(detach: boolean): Promise<void> {
  const began = Date.now();
  const env = parseEnv();
  const connections = resolveConnections(env, DEV_PROFILE);
  const fresh = connections.local.database && devDataIsOutdated();
  if (fresh) log('local demo data is of an older release: starting it afresh');
  const apiUrl = `http://${env.API_HOST === '0.0.0.0' ? LOOPBACK : env.API_HOST}:${env.API_PORT}`;
  await startLocalRuntime(DEV_PROFILE, connections.local, { env, apiUrl, fresh, log });
  await deploy(env, connections);
  const seed = env.SEED_DEMO_DATA ?? connections.local.database;
  if (seed) {
    await seedDemoIdentity(env, connections.mongodbUri);
    await seedDemoSla(connections.mongodbUri);
    await seedDemoOa(env, connections.mongodbUri, connections.oaPeerUrl);
  }

  const services = appServices(env);
  for (const service of services) {
    if (runningPid(service) === undefined) startService(service);
  }
  const api = services.find((s) => s.name === 'api')!;
  await waitUntil('api', () => httpOk(`${apiUrl}/health/ready`), {
    timeoutMs: 60_000,
    abortIf: () => (runningPid(api) === undefined ? `exited; last lines of ${api.logFile}:\n${logTail(api.logFile)}` : undefined),
  });
  if (seed) {
    await seedDemoWorkOrders(apiUrl, log);
    await seedDemoCampaign(apiUrl, log);
  }

  log(`up in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  log(`portal         ${apiUrl}/   (demo logins: agent-0101, billing-h1, center-sup, designer-1, auditor-1, admin ...; password ${DEMO_PASSWORD})`);
  log(`API            ${apiUrl}/api/openapi.json   (health: ${apiUrl}/health/ready)`);
  log(`engine gRPC    ${connections.zeebeGrpcAddress}   REST ${connections.zeebeRestAddress}`);
  log(`database       ${connections.mongodbUri.replace(/\/\/[^@/]*@/, '//***@')}`);
  if (connections.local.peers.includes('oa-peer')) log(`OA peer        ${connections.oaPeerUrl}/   (the Beijing branch's OA: answer its work orders there)`);
  if (connections.mailboxUrl) log(`mailbox        ${connections.mailboxUrl}/messages   (the local SMTP server's mail; also in the portal's admin area)`);
  if (connections.local.peers.includes('telephony-peer')) log(`telephony      ${connections.ariUrl}   (local Asterisk ARI peer)`);
  log(`logs           ${profileDirs(DEV_PROFILE).logs}`);
  log(detach ? 'running in the background; stop with: npm stop' : 'press Ctrl-C to stop everything');
}

type NamedService = ServiceFiles & { name: string };

/** Every service of the dev profile that runs now (what a foreground `up` watches). */
function watchedServices(): NamedService[] {
  const local = localRuntimeStatus(DEV_PROFILE)
    .filter((s) => s.pid !== undefined)
    .map((s) => ({ name: s.name, ...s.files }));
  return [...local, ...appServices(parseEnv())];
}

/**
 * Stays in the foreground until Ctrl-C or SIGTERM, and says so when a service dies meanwhile
 * (with the end of its log), so a crash does not go unnoticed behind a quiet terminal.
 */
function watchUntilSignal(services: readonly NamedService[]): Promise<void> {
  const reported = new Set<string>();
  const watch = setInterval(() => {
    for (const service of services) {
      if (runningPid(service) === undefined && !reported.has(service.name)) {
        reported.add(service.name);
        log(`${service.name} has stopped; last lines of ${service.logFile}:\n${logTail(service.logFile)}`);
      }
    }
  }, 2_000);
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      clearInterval(watch);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function down(): Promise<void> {
  const env = parseEnv();
  await Promise.all(
    appServices(env).map(async (s) => {
      if (await stopService(s)) log(`${s.name}: stopped`);
    }),
  );
  await stopLocalRuntime(DEV_PROFILE, { log });
}

function status(): void {
  const env = parseEnv();
  const rows = [...localRuntimeStatus(DEV_PROFILE), ...appServices(env).map((s) => ({ name: s.name, pid: runningPid(s) }))];
  for (const { name, pid } of rows) {
    log(`${name.padEnd(9)} ${pid === undefined ? 'stopped' : `running (pid ${pid}, ${residentMemoryMiB(pid) ?? '?'} MiB resident)`}`);
  }
}

const USAGE = 'usage: cli.js up [--detach] | down | status | deploy';

async function main(argv: string[]): Promise<void> {
  const [command, ...flags] = argv;
  switch (command) {
    case 'up':
      return up(flags.includes('--detach'));
    case 'down':
      return down();
    case 'status':
      return status();
    case 'deploy': {
      // deploys processes/ to the configured engine: how a release reaches a production cluster
      const env = parseEnv();
      return deploy(env, resolveConnections(env, DEV_PROFILE));
    }
    default:
      throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`[closeloop] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
