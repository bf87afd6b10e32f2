import { rmSync } from 'node:fs';
import { PEER_NAMES, type PeerName } from '../config/connections';
import type { Env } from '../config/env';
import type { LocalProfile } from '../config/local-profiles';
import { databaseDataDir, databaseIsReady, databaseServiceSpec } from './database';
import { engineDataDir, engineIsReady, engineServiceSpec } from './engine';
import { peerDataDir, peerIsReady, peerServiceSpec } from './peers';
import { serviceFiles } from './paths';
import { waitUntil } from './readiness';
import { logTail, runningPid, startService, stopService, type ServiceFiles, type ServiceSpec } from './supervisor';

/** Which parts the project runs itself (false: the user pointed that part at a real cluster). */
export interface LocalParts {
  readonly engine: boolean;
  readonly database: boolean;
  readonly peers: readonly PeerName[];
}

export interface RuntimeOptions {
  readonly env: Env;
  /** The platform's API, which the OA peer answers to. */
  readonly apiUrl: string;
  /** Delete the part's data before starting it (test runs start from nothing). */
  readonly fresh?: boolean;
  readonly log: (line: string) => void;
}

type PartName = 'engine' | 'database' | PeerName;

interface LocalService {
  readonly name: PartName;
  readonly files: ServiceFiles;
  readonly dataDir: string;
  readonly spec: () => Promise<ServiceSpec>;
  readonly isReady: () => Promise<boolean>;
  /** First start includes the JVM warming up and the partition electing its leader. */
  readonly readyTimeoutMs: number;
}

function localServices(profile: LocalProfile, parts: LocalParts, options: RuntimeOptions): LocalService[] {
  const services: LocalService[] = [];
  if (parts.database) {
    services.push({
      name: 'database',
      files: serviceFiles(profile, 'database'),
      dataDir: databaseDataDir(profile),
      spec: () => databaseServiceSpec(profile, options.log),
      isReady: () => databaseIsReady(profile),
      readyTimeoutMs: 30_000,
    });
  }
  if (parts.engine) {
    services.push({
      name: 'engine',
      files: serviceFiles(profile, 'engine'),
      dataDir: engineDataDir(profile),
      spec: () => engineServiceSpec(profile, { javaHome: options.env.ENGINE_JAVA_HOME, heapMb: options.env.ENGINE_HEAP_MB }, options.log),
      isReady: () => engineIsReady(profile),
      readyTimeoutMs: 180_000,
    });
  }
  for (const name of parts.peers) {
    services.push({
      name,
      files: serviceFiles(profile, name),
      dataDir: peerDataDir(profile, name),
      spec: () => Promise.resolve(peerServiceSpec(profile, name, options.env, options.apiUrl)),
      isReady: () => peerIsReady(profile, name),
      readyTimeoutMs: 20_000,
    });
  }
  return services;
}

/**
 * Starts the local engine, database and peers that are not running yet (fetching and building
 * them first if needed), in parallel, and waits until all are ready. Returns the names of the
 * parts it started, so a caller can stop exactly those.
 */
export async function startLocalRuntime(profile: LocalProfile, parts: LocalParts, options: RuntimeOptions): Promise<string[]> {
  const started: string[] = [];
  await Promise.all(
    localServices(profile, parts, options).map(async (service) => {
      const alreadyRunning = runningPid(service.files) !== undefined;
      let begin = Date.now();
      if (!alreadyRunning) {
        // a process this checkout did not start answers on the port (another checkout's runtime):
        // waiting for "ready" would take it for ours
        if (await service.isReady().catch(() => false)) {
          throw new Error(`${service.name} (${profile.name}): another process already answers on its port; stop it first (another checkout's runtime?)`);
        }
        if (options.fresh) rmSync(service.dataDir, { recursive: true, force: true });
        const spec = await service.spec(); // may fetch or build first: not part of the start time
        begin = Date.now();
        const pid = startService(spec);
        started.push(service.name);
        options.log(`${service.name}: started (pid ${pid}), waiting until ready`);
      }
      await waitUntil(`${service.name} (${profile.name})`, service.isReady, {
        timeoutMs: service.readyTimeoutMs,
        abortIf: () =>
          runningPid(service.files) === undefined
            ? `exited during start-up; last lines of ${service.files.logFile}:\n${logTail(service.files.logFile)}`
            : undefined,
      });
      options.log(alreadyRunning ? `${service.name}: already running` : `${service.name}: ready in ${((Date.now() - begin) / 1000).toFixed(1)} s`);
    }),
  );
  return started;
}

const PART_NAMES: readonly PartName[] = ['engine', 'database', ...PEER_NAMES];

/** Stops the named parts of a profile's local runtime (all of them by default). */
export async function stopLocalRuntime(
  profile: LocalProfile,
  { names = PART_NAMES, log = () => undefined }: { names?: readonly string[]; log?: (line: string) => void } = {},
): Promise<void> {
  await Promise.all(
    names.map(async (name) => {
      if (await stopService(serviceFiles(profile, name))) log(`${name}: stopped`);
    }),
  );
}

export function localRuntimeStatus(profile: LocalProfile): { name: string; pid: number | undefined; files: ServiceFiles }[] {
  return PART_NAMES.map((name) => {
    const files = serviceFiles(profile, name);
    return { name, pid: runningPid(files), files };
  });
}
