import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { portalDistDir } from '../../api/portal.router';
import { projectRoot } from '../../runtime/paths';

/** The newest modification time under `dir`, skipping the build output itself. */
function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the portal with Vite when portal/dist is missing or older than a file of portal/ or the
 * lockfile, so the e2e tests drive the same bundles production serves, never a stale one.
 */
export function ensurePortalBuilt(log: (line: string) => void): void {
  const root = projectRoot();
  const built = path.join(portalDistDir(), 'index.html');
  const sources = Math.max(newestChange(path.join(root, 'portal')), statSync(path.join(root, 'package-lock.json')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const began = Date.now();
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'portal', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  log(`built the portal in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}
