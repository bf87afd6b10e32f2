import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { run } from './exec';

export interface Jdk {
  readonly home: string;
  readonly major: number;
}

/** Major version from `java -version` output: `openjdk version "25.0.3"` -> 25, `"1.8.0"` -> 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

async function majorOf(home: string): Promise<number | undefined> {
  const java = path.join(home, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  try {
    const { stderr, stdout } = await run(java, ['-version']);
    return parseJavaMajor(stderr + stdout);
  } catch {
    return undefined;
  }
}

/**
 * A JDK of at least `minMajor`: the first of `preferred` homes that is new enough, else the
 * newest under /usr/lib/jvm (the machine's default java may be older than the engine needs).
 */
export async function findJdk(minMajor: number, preferred: readonly (string | undefined)[]): Promise<Jdk> {
  for (const home of preferred) {
    const major = home ? await majorOf(home) : undefined;
    if (home && major !== undefined && major >= minMajor) return { home, major };
  }
  const jvmRoot = '/usr/lib/jvm';
  const installed = existsSync(jvmRoot) ? readdirSync(jvmRoot).map((d) => path.join(jvmRoot, d)) : [];
  let best: Jdk | undefined;
  for (const home of installed) {
    const major = await majorOf(home);
    if (major !== undefined && major >= minMajor && (!best || major > best.major)) best = { home, major };
  }
  if (!best) {
    throw new Error(
      `The engine needs Java ${minMajor}+; none found in ENGINE_JAVA_HOME, JAVA_HOME or /usr/lib/jvm. ` +
        `Install one (for example Debian's openjdk-${minMajor}-jdk-headless) or set ENGINE_JAVA_HOME.`,
    );
  }
  return best;
}
