import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalProfile } from '../config/local-profiles';

/** The repository root, found from this file whether it runs from source or from dist/. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'closeloop') {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no closeloop package.json above ${from}`);
    dir = parent;
  }
}

/** Git-ignored home of everything the local runtime downloads, builds and writes. */
export function runtimeHome(): string {
  return path.join(projectRoot(), '.runtime');
}

/** Downloads and builds, shared by every profile. */
export function cacheDir(): string {
  return path.join(runtimeHome(), 'cache');
}

/** Data, logs and PID files of one profile. */
export function profileDirs(profile: LocalProfile): { root: string; data: string; logs: string; pids: string } {
  const root = path.join(runtimeHome(), profile.name);
  return { root, data: path.join(root, 'data'), logs: path.join(root, 'logs'), pids: path.join(root, 'pids') };
}

/** Log and PID file of the service `name` in a profile. */
export function serviceFiles(profile: LocalProfile, name: string): { logFile: string; pidFile: string } {
  const dirs = profileDirs(profile);
  return { logFile: path.join(dirs.logs, `${name}.log`), pidFile: path.join(dirs.pids, `${name}.pid`) };
}

export function processesDir(): string {
  return path.join(projectRoot(), 'processes');
}
