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

/**
 * The PID file holds the PID and the process's start time (/proc/<pid>/stat, field 22). A PID
 * whose start time differs is a different process that reused the number (after a reboot,
 * say): it is neither trusted as ours nor signalled.
 */
/** Where a service writes its output and its PID. */
export type ServiceFiles = Pick<ServiceSpec, 'logFile' | 'pidFile'>;

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const [pidText, startedAt] = readFileSync(pidFile, 'utf8').trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return startedAt === undefined || startedAt === processStartTime(pid) ? pid : undefined;
}

function processStartTime(pid: number): string | undefined {
  try {
    // the command name (field 2) may contain spaces: count fields after its closing parenthesis
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
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
    // a spawn failure (missing or non-executable binary) arrives as an event; without a
    // listener it would crash the caller
    child.once('error', () => undefined);
    if (child.pid === undefined) throw new Error(`${spec.name}: ${spec.command} could not start`);
    writeFileSync(spec.pidFile, `${child.pid} ${processStartTime(child.pid) ?? ''}\n`);
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
