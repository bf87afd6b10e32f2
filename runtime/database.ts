import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { LOOPBACK, type LocalProfile } from '../config/local-profiles';
import { ensureFerretDb } from './ferretdb-build';
import { profileDirs, serviceFiles } from './paths';
import { httpOk } from './readiness';
import type { ServiceSpec } from './supervisor';

export function databaseDataDir(profile: LocalProfile): string {
  return path.join(profileDirs(profile).data, 'ferretdb');
}

/** FerretDB with its SQLite backend: one SQLite file per database in the profile's data folder. */
export async function databaseServiceSpec(profile: LocalProfile, log: (line: string) => void): Promise<ServiceSpec> {
  const binary = await ensureFerretDb(log);
  const data = databaseDataDir(profile);
  const state = path.join(profileDirs(profile).data, 'ferretdb-state');
  mkdirSync(data, { recursive: true });
  mkdirSync(state, { recursive: true });
  return {
    name: 'database',
    command: binary,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${data}/`, // FerretDB requires the trailing slash: it is a folder
      `--listen-addr=${LOOPBACK}:${profile.database.port}`,
      `--debug-addr=${LOOPBACK}:${profile.database.debugPort}`,
      `--state-dir=${state}`,
      '--telemetry=disable',
      '--log-level=warn',
    ],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    cwd: data,
    ...serviceFiles(profile, 'database'),
  };
}

export function databaseIsReady(profile: LocalProfile): Promise<boolean> {
  return httpOk(`http://${LOOPBACK}:${profile.database.debugPort}/debug/readyz`);
}
