import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../adapters/mongo/connect';
import { documentLocks, type DocumentLocks } from '../../adapters/mongo/document-lock';
import { resolveConnections } from '../../config/connections';
import { parseEnv } from '../../config/env';
import { TEST_PROFILE } from '../../config/local-profiles';

/**
 * The lock behind the rules that span documents (`exclusive`), on the real database: one holder
 * at a time, a holder that works longer than the stale time keeps its lock, and a lock left by a
 * process that died is taken over. Real time on purpose: staleness is measured on the machine's
 * clock, never the platform's.
 */
describe('document locks', () => {
  let mongo: Connection;
  let locks: DocumentLocks;
  // keys of this run, so runs against the same database do not meet
  const run = randomBytes(3).toString('hex');
  beforeAll(async () => {
    mongo = await connectMongo(resolveConnections(parseEnv(), TEST_PROFILE).mongodbUri);
    locks = await documentLocks(mongo);
  });
  afterAll(async () => {
    await mongo.close();
  });

  it('lets one holder of a key work at a time', async () => {
    let counter = 0;
    const readThenWrite = async (): Promise<void> => {
      const seen = counter;
      await delay(30);
      counter = seen + 1;
    };
    await Promise.all(Array.from({ length: 5 }, () => locks.exclusive(`test-one-at-a-time-${run}`, readThenWrite)));
    expect(counter).toBe(5);
  });

  it('keeps the lock of a holder that works longer than the stale time (5 s)', async () => {
    const key = `test-long-holder-${run}`;
    const events: string[] = [];
    const first = locks.exclusive(key, async () => {
      events.push('first starts');
      await delay(6_500);
      events.push('first ends');
    });
    await delay(100);
    const second = locks.exclusive(key, () => {
      events.push('second starts');
      return Promise.resolve();
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['first starts', 'first ends', 'second starts']);
  }, 30_000);

  it('takes over the lock of a process that died holding it, and leaves no lock behind', async () => {
    const key = `test-dead-holder-${run}`;
    await mongo.collection('document_locks').insertOne({ _id: key as never, takenAt: new Date(Date.now() - 10_000), owner: 'a process that died' });
    const started = Date.now();
    expect(await locks.exclusive(key, () => Promise.resolve('done'))).toBe('done');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await mongo.collection('document_locks').countDocuments({ _id: key as never })).toBe(0);
  });
});
