import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../config/logger';
import { ensureBatchDirs } from './batch-dirs';
import type { SubscriberImporter } from './subscriber-import';

export interface BatchWatcher {
  /** Looks at Work/ now (tests; the watcher also does on its own). */
  scan(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Imports what the producer drops into Work/, one file at a time: a scan at start, on every
 * change fs.watch reports, and every `pollMs` (fs.watch misses changes on network shares).
 * A file still growing is left for a later scan; a file another process imports is skipped
 * (the import record's claim decides).
 */
export async function startBatchWatcher(deps: { importer: SubscriberImporter; logger: Logger; pollMs: number; settleMs: number }): Promise<BatchWatcher> {
  const { importer, logger } = deps;
  await ensureBatchDirs(importer.dirs);
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let closed = false;

  async function importReady(): Promise<void> {
    const names = (await readdir(importer.dirs.work)).filter((n) => !n.startsWith('.')).sort();
    for (const name of names) {
      if (closed) return;
      const file = path.join(importer.dirs.work, name);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile() || Date.now() - info.mtimeMs < deps.settleMs) continue;
      try {
        await importer.importFile(file, { source: 'watch' });
      } catch (err) {
        // the file stays in Work/; its import record goes stale and a later scan takes it again
        logger.error({ err, file }, 'batch file import failed');
      }
    }
  }

  const scan = (): Promise<void> => {
    if (again) return running;
    again = true;
    running = running.then(async () => {
      again = false;
      if (!closed) await importReady();
    });
    return running;
  };

  const watcher: FSWatcher = watch(importer.dirs.work, () => void scan());
  watcher.on('error', (err) => logger.warn({ err }, 'watching Work/ failed; polling only'));
  const timer = setInterval(() => void scan(), deps.pollMs);
  void scan();
  return {
    scan,
    async close() {
      closed = true;
      clearInterval(timer);
      watcher.close();
      await running;
    },
  };
}
