import { rmSync } from 'node:fs';
import type { LocalProfile } from '../config/local-profiles';
import { databaseDataDir, databaseIsReady, databaseServiceFiles, databaseServiceSpec } from './database';
import { engineDataDir, engineIsReady, engineServiceFiles, engineServiceSpec } from './engine';
import { waitUntil } from './readiness';
import { logTail, runningPid, startService, stopService, type ServiceSpec } from './supervisor';

/** Which parts the project runs itself (false: the user pointed that part at a real cluster). */
export interface LocalParts {
  readonly engine: boolean;
  readonly database: boolean;
}

export interface RuntimeOptions {
  readonly engineJavaHome?: string;
  readonly engineHeapMb: number;
  /** Delete the part's data before starting it (test runs start from nothing). */
  readonly fresh?: boolean;
  readonly log: (line: string) => void;
}

interface LocalService {
  readonly name: 'engine' | 'database';
  readonly files: Pick<ServiceSpec, 'logFile' | 'pidFile'>;
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
      files: databaseServiceFiles(profile),
      dataDir: databaseDataDir(profile),
      spec: () => databaseServiceSpec(profile, options.log),
      isReady: () => databaseIsReady(profile),
      readyTimeoutMs: 30_000,
    });
  }
  if (parts.engine) {
    services.push({
      name: 'engine',
      files: engineServiceFiles(profile),
      dataDir: engineDataDir(profile),
      spec: () => engineServiceSpec(profile, { javaHome: options.engineJavaHome, heapMb: options.engineHeapMb }, options.log),
      isReady: () => engineIsReady(profile),
      readyTimeoutMs: 180_000,
    });
  }
  return services;
}

/**
 * Starts the local engine and database that are not running yet (fetching and building them
 * first if needed), in parallel, and waits until both are ready. Returns the names of the
 * parts it started, so a caller can stop exactly those.
 */
export async function startLocalRuntime(profile: LocalProfile, parts: LocalParts, options: RuntimeOptions): Promise<string[]> {
  const started: string[] = [];
  await Promise.all(
    localServices(profile, parts, options).map(async (service) => {
      if (runningPid(service.files) === undefined) {
        if (options.fresh) rmSync(service.dataDir, { recursive: true, force: true });
        const spec = await service.spec();
        const begin = Date.now();
        const pid = startService(spec);
        started.push(service.name);
        options.log(`${service.name}: started (pid ${pid}), waiting until ready`);
        await waitUntil(`${service.name} (${profile.name})`, service.isReady, {
          timeoutMs: service.readyTimeoutMs,
          abortIf: () =>
            runningPid(service.files) === undefined
              ? `exited during start-up; last lines of ${service.files.logFile}:\n${logTail(service.files.logFile)}`
              : undefined,
        });
        options.log(`${service.name}: ready in ${((Date.now() - begin) / 1000).toFixed(1)} s`);
      } else {
        await waitUntil(`${service.name} (${profile.name})`, service.isReady, { timeoutMs: service.readyTimeoutMs });
        options.log(`${service.name}: already running`);
      }
    }),
  );
  return started;
}

/** Stops the named parts of a profile's local runtime (all of them by default). */
export async function stopLocalRuntime(
  profile: LocalProfile,
  names: readonly string[] = ['engine', 'database'],
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const all = localServices(profile, { engine: true, database: true }, { engineHeapMb: 0, log });
  await Promise.all(
    all
      .filter((s) => names.includes(s.name))
      .map(async (s) => {
        if (await stopService(s.files)) log(`${s.name}: stopped`);
      }),
  );
}

export function localRuntimeStatus(
  profile: LocalProfile,
): { name: string; pid: number | undefined; files: Pick<ServiceSpec, 'logFile' | 'pidFile'> }[] {
  return localServices(profile, { engine: true, database: true }, { engineHeapMb: 0, log: () => undefined }).map((s) => ({
    name: s.name,
    pid: runningPid(s.files),
    files: s.files,
  }));
}
