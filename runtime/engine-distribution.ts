import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { run } from './exec';
import { cacheDir } from './paths';
import { CAMUNDA_ARTIFACT, CAMUNDA_VERSION } from './versions';

/** Folder of the unpacked official distribution (bin/ config/ lib/). */
export function engineHome(): string {
  return path.join(cacheDir(), `camunda-zeebe-${CAMUNDA_VERSION}`);
}

/**
 * Fetches the official Camunda 8 distribution from Maven Central with Maven (no pom needed)
 * and unpacks it into the cache, once. Unpacking goes to a temporary folder first, so an
 * interrupted run never leaves a half-unpacked engine behind.
 */
export async function ensureEngineDistribution(log: (line: string) => void): Promise<string> {
  const home = engineHome();
  if (existsSync(path.join(home, 'bin', 'broker'))) return home;

  const downloads = path.join(cacheDir(), 'downloads');
  await mkdir(downloads, { recursive: true });
  const archive = path.join(downloads, `camunda-zeebe-${CAMUNDA_VERSION}.tar.gz`);
  if (!existsSync(archive)) {
    log(`fetching ${CAMUNDA_ARTIFACT} with Maven (about 300 MB, once)`);
    await run('mvn', [
      '-B',
      '-ntp',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
      `-Dartifact=${CAMUNDA_ARTIFACT}`,
      `-DoutputDirectory=${downloads}`,
    ]);
  }
  log(`unpacking ${path.basename(archive)}`);
  const staging = await mkdtemp(path.join(cacheDir(), 'unpack-'));
  try {
    await run('tar', ['-xzf', archive, '-C', staging]);
    await rename(path.join(staging, `camunda-zeebe-${CAMUNDA_VERSION}`), home);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return home;
}
