import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** One long-running process of the local platform, with its log and PID file. */
export interface ServiceSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logFile: string;
  readonly pidFile: string;
}

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number | undefined): pid is number {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PID of the service if its PID file names a live process. */
export function runningPid(spec: Pick<ServiceSpec, 'pidFile'>): number | undefined {
  const pid = readPid(spec.pidFile);
  return isAlive(pid) ? pid : undefined;
}

/**
 * Starts the service in its own process group, detached from the caller, appending its output
 * to its log. It outlives the command that started it; `stopService` ends it.
 */
export function startService(spec: ServiceSpec): number {
  mkdirSync(path.dirname(spec.logFile), { recursive: true });
  mkdirSync(path.dirname(spec.pidFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new Error(`${spec.name}: ${spec.command} could not start`);
    writeFileSync(spec.pidFile, `${child.pid}\n`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** SIGTERM to the service's process group, SIGKILL after `graceMs`. Resolves once it is gone. */
export async function stopService(spec: Pick<ServiceSpec, 'pidFile'>, graceMs = 20_000): Promise<boolean> {
  const pid = runningPid(spec);
  if (pid === undefined) {
    rmSync(spec.pidFile, { force: true });
    return false;
  }
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await delay(100);
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await delay(50);
  rmSync(spec.pidFile, { force: true });
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** The last lines of a service's log, for error messages. */
export function logTail(logFile: string, lines = 20): string {
  if (!existsSync(logFile)) return '(no log)';
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Resident memory of a process in MiB (Linux /proc), or undefined where it cannot be read. */
export function residentMemoryMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
