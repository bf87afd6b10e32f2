import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { LOOPBACK, type LocalProfile } from '../config/local-profiles';
import { ensureEngineDistribution } from './engine-distribution';
import { findJdk, type Jdk } from './java';
import { profileDirs, serviceFiles } from './paths';
import { httpJsonOk } from './readiness';
import type { ServiceSpec } from './supervisor';
import { ENGINE_MIN_JAVA } from './versions';

export function engineDataDir(profile: LocalProfile): string {
  return path.join(profileDirs(profile).data, 'engine');
}

/**
 * Environment of the standalone broker (with its embedded gateway and REST API): loopback
 * only, no authentication on the API (local use), the controlled clock on so tests can move
 * engine time, data in the profile folder, disk watermarks lowered for small disks, and no
 * exporter (see README "Runtime": no secondary storage in this engine release without
 * Elasticsearch, which these machines cannot install).
 */
export function engineEnvironment(profile: LocalProfile, jdk: Jdk, heapMb: number): NodeJS.ProcessEnv {
  const { engine } = profile;
  const javaOpts = [`-Xms256m`, `-Xmx${heapMb}m`, '-XX:+UseG1GC'];
  // JDK 23+ warns on Unsafe and native access used by the engine's libraries; JDK 21 rejects the second flag.
  if (jdk.major >= 23) javaOpts.push('--enable-native-access=ALL-UNNAMED', '--sun-misc-unsafe-memory-access=allow');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    JAVA_HOME: jdk.home,
    JAVA_OPTS: javaOpts.join(' '),
    ZEEBE_BROKER_NETWORK_HOST: LOOPBACK,
    ZEEBE_BROKER_NETWORK_ADVERTISEDHOST: LOOPBACK,
    ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT: String(engine.commandPort),
    ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT: String(engine.internalPort),
    ZEEBE_BROKER_GATEWAY_ENABLE: 'true',
    ZEEBE_BROKER_GATEWAY_NETWORK_HOST: LOOPBACK,
    ZEEBE_BROKER_GATEWAY_NETWORK_PORT: String(engine.grpcPort),
    ZEEBE_BROKER_GATEWAY_SECURITY_AUTHENTICATION_MODE: 'none',
    SERVER_ADDRESS: LOOPBACK,
    SERVER_PORT: String(engine.restPort),
    MANAGEMENT_SERVER_ADDRESS: LOOPBACK,
    MANAGEMENT_SERVER_PORT: String(engine.managementPort),
    ZEEBE_CLOCK_CONTROLLED: 'true',
    ZEEBE_BROKER_DATA_DIRECTORY: engineDataDir(profile),
    ZEEBE_BROKER_DATA_DISK_FREESPACE_PROCESSING: '512MB',
    ZEEBE_BROKER_DATA_DISK_FREESPACE_REPLICATION: '200MB',
    ZEEBE_BROKER_THREADS_CPUTHREADCOUNT: '2',
    ZEEBE_BROKER_THREADS_IOTHREADCOUNT: '2',
    // SLA timers: the engine's timer checker is a scheduled task; one planned half a check interval
    // (default 1 s) ahead waits for the interval's next tick, so a timer due alone fired up to a
    // second late (measured: p99 1.3-1.5 s; with 100 ms, 0.64 s). Production: the broker's
    // zeebe.broker.processing.scheduledTaskCheckInterval.
    ZEEBE_BROKER_PROCESSING_SCHEDULEDTASKCHECKINTERVAL: '100ms',
  };
}

export async function engineServiceSpec(
  profile: LocalProfile,
  options: { javaHome?: string; heapMb: number },
  log: (line: string) => void,
): Promise<ServiceSpec> {
  const [home, jdk] = await Promise.all([
    ensureEngineDistribution(log),
    findJdk(ENGINE_MIN_JAVA, [options.javaHome, process.env.JAVA_HOME]),
  ]);
  mkdirSync(engineDataDir(profile), { recursive: true });
  return {
    name: 'engine',
    command: path.join(home, 'bin', 'broker'),
    args: [],
    env: engineEnvironment(profile, jdk, options.heapMb),
    cwd: home,
    ...serviceFiles(profile, 'engine'),
  };
}

/** Ready when the broker reports UP and partition 1 has a leader. */
export async function engineIsReady(profile: LocalProfile): Promise<boolean> {
  const base = `http://${LOOPBACK}`;
  const up = await httpJsonOk(
    `${base}:${profile.engine.managementPort}/actuator/health/status`,
    (body) => (body as { status?: string } | undefined)?.status === 'UP',
  );
  if (!up) return false;
  return httpJsonOk(`${base}:${profile.engine.restPort}/v2/topology`, (body) => {
    const brokers = (body as { brokers?: { partitions?: { partitionId: number; role: string }[] }[] }).brokers ?? [];
    return brokers.some((b) => b.partitions?.some((p) => p.partitionId === 1 && p.role === 'leader'));
  });
}
