import path from 'node:path';
import { connectMongo } from '../adapters/mongo/connect';
import { documentLocks } from '../adapters/mongo/document-lock';
import { mongoSubscriberRepository } from '../adapters/mongo/subscriber.repository';
import { boot } from '../config/boot';
import { systemClock } from '../domain/clock';
import { batchDirs, defaultBatchRoot } from './batch-dirs';
import { createSubscriberImporter } from './subscriber-import';

/**
 * `npm run import:subscribers -- [--json] <file> ...`: imports batch files from anywhere (a
 * file inside Work/ is archived afterwards, others stay) and writes their receipts into the
 * batch folder's Ret/. Progress goes to stderr; `--json` prints one result line per file on
 * stdout (the benchmark reads it). Exit code 2 when a file got a Bad receipt.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length === 0) {
    console.error('usage: import:subscribers [--json] <CS<code><yyyymmddhhmi><seq>.AVL> ...');
    process.exit(64);
  }
  const { env, logger, connections } = boot('subscriber-import');
  const mongo = await connectMongo(connections.mongodbUri);
  const repository = mongoSubscriberRepository(mongo, await documentLocks(mongo));
  const importer = createSubscriberImporter({ repository, dirs: batchDirs(defaultBatchRoot(env.SUBSCRIBER_BATCH_DIR)), clock: systemClock, logger, maxUploadBytes: 0 });
  let anyBad = false;
  try {
    for (const file of files) {
      const began = process.hrtime.bigint();
      let lastReport = 0;
      const result = await importer.importFile(path.resolve(file), {
        source: 'cli',
        requestedBy: process.env.USER ?? 'cli',
        onProgress: (p) => {
          if (Date.now() - lastReport < 1_000) return;
          lastReport = Date.now();
          process.stderr.write(`${path.basename(file)}: ${p.records} read, ${p.applied} applied, ${p.unchanged} unchanged, ${p.bad} bad\n`);
        },
      });
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      if (!result) {
        process.stderr.write(`${path.basename(file)}: another process is importing it\n`);
        continue;
      }
      anyBad ||= result.state === 'bad';
      const summary = {
        importId: result._id,
        state: result.state,
        ...result.progress,
        badReason: result.badReason,
        receipts: result.receipts,
        seconds,
        recordsPerSecond: result.progress.records / seconds,
        // peak resident memory of this process so far (Linux reports KiB), and its CPU time
        maxRssMiB: process.resourceUsage().maxRSS / 1024,
        cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      };
      if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else process.stderr.write(`${path.basename(file)}: ${result.state}, ${result.progress.records} records (${result.progress.applied} applied, ${result.progress.unchanged} unchanged, ${result.progress.bad} bad) in ${seconds.toFixed(1)} s${result.badReason ? `: ${result.badReason}` : ''}\n`);
    }
  } finally {
    await mongo.close();
  }
  process.exit(anyBad ? 2 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
