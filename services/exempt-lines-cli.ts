import { connectMongo } from '../adapters/mongo/connect';
import { documentLocks } from '../adapters/mongo/document-lock';
import { mongoSubscriberRepository } from '../adapters/mongo/subscriber.repository';
import { boot } from '../config/boot';
import { exemptLineIndex } from './exempt-lines';

/**
 * `npm run rebuild:exempt-lines`: decides every number of the subscriber store again and rewrites
 * the exempt-line index (services/exempt-lines.ts). Run it once on a store loaded before the index
 * existed; the importer keeps it right from then on. Safe to run while imports run (each number
 * is decided from its stored lines), and again at any time.
 */
async function main(): Promise<void> {
  const { connections } = boot('exempt-lines');
  const mongo = await connectMongo(connections.mongodbUri);
  try {
    const began = Date.now();
    const index = exemptLineIndex(mongoSubscriberRepository(mongo, await documentLocks(mongo)));
    const result = await index.rebuild((read) => process.stderr.write(`${read} subscriber lines read\n`));
    process.stderr.write(`${result.linesRead} lines read, ${result.exempt} numbers exempt, ${result.removed} stale entries removed in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
  } finally {
    await mongo.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
