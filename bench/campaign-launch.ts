import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { listPageId, mongoCampaignRepository, type ListPageDoc } from '../adapters/mongo/campaign.repository';
import { connectMongo } from '../adapters/mongo/connect';
import { documentLocks } from '../adapters/mongo/document-lock';
import { createZeebeClient } from '../adapters/zeebe/zeebe-client';
import type { Env } from '../config/env';
import { concurrencyLimit } from '../domain/async';
import { LIST_PAGE_SIZE } from '../domain/campaign/campaign';
import { DEFAULT_ATTEMPT_RULES } from '../domain/outreach/attempt-rules';
import { seedDemoSla } from '../runtime/demo-data';
import { projectRoot } from '../runtime/paths';
import { JsonClient } from './http';
import { f, ok, table } from './markdown';
import { login, onFreshBenchRuntime, startApp } from './platform';
import { summarize } from './stats';

/**
 * `BENCH_ONLY=campaign-launch npm run bench`: how fast a campaign's wave starts its contacts'
 * processes (one campaign-contact instance each, by message), and how fast their first step
 * runs, while a manager reads the campaign's live statistics through the API. Every number is
 * blacklisted by the time it is called, so each chain plans once (reading every do-not-call
 * rule) and ends without a call: the start and the planning are measured, not the telephone.
 * The baseline, in the same process against the same engine: bare message publishes at the
 * same concurrency. Writes bench/results-campaign-launch.md.
 */
const CONTACTS = Number(process.env.BENCH_LAUNCH_CONTACTS ?? 5_000);
const API_PORT = 8290;
const PUBLISH_CONCURRENCY = 16;
const TIMEOUT_MS = 600_000;

export async function runCampaignLaunchBench(env: Env, log: (line: string) => void): Promise<void> {
  const began = Date.now();
  await onFreshBenchRuntime(env, log, API_PORT, async ({ connections, apiUrl, specs, loadBefore }) => {
    const zeebe = createZeebeClient(connections, env);
    await seedDemoSla(connections.mongodbUri);

    log(`baseline: ${CONTACTS} bare message publishes, ${PUBLISH_CONCURRENCY} at once`);
    const limit = concurrencyLimit(PUBLISH_CONCURRENCY);
    const baselineBegan = performance.now();
    await Promise.all(
      Array.from({ length: CONTACTS }, (_, i) => limit(() => zeebe.publishMessage({ name: 'bench-baseline', correlationKey: `b-${i}`, timeToLive: 0, variables: {} }))),
    );
    const baselinePerS = CONTACTS / ((performance.now() - baselineBegan) / 1000);
    await zeebe.close();

    await startApp(specs, apiUrl);
    const client = new JsonClient(apiUrl);
    const manager = { authorization: `Bearer ${await login(client, 'center-sup')}` };
    const today = new Date().toISOString().slice(0, 10);
    const allDay = [{ start: '00:00', end: '24:00' }];
    const created = await client.send('POST', '/api/campaigns', {
      headers: manager,
      body: {
        name: 'Launch benchmark',
        kind: 'care',
        script: 'Benchmark',
        dialMode: 'automatic',
        ivr: { prompt: 'sound:care', acceptKey: '1' },
        departmentId: 'front-office',
        windows: { calendarId: 'cn-mainland', workday: allDay, restDay: allDay },
        rules: DEFAULT_ATTEMPT_RULES,
        pacing: { waveSize: CONTACTS, every: 'PT1M' },
        firstDay: today,
        lastDay: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
      },
    });
    if (created.status !== 201) throw new Error(`campaign refused: ${created.status} ${JSON.stringify(created.body)}`);
    const campaignId = (created.body as { campaignId: string }).campaignId;

    // the list, as an import would store it, and every number blacklisted since
    const mongo = await connectMongo(connections.mongodbUri);
    const repo = mongoCampaignRepository(mongo, await documentLocks(mongo));
    const phone = (i: number): string => `138${String(10_000_000 + i)}`;
    const pages: ListPageDoc[] = [];
    for (let start = 0; start < CONTACTS; start += LIST_PAGE_SIZE) {
      const page = pages.length + 1;
      const size = Math.min(LIST_PAGE_SIZE, CONTACTS - start);
      pages.push({ _id: listPageId(campaignId, page), campaignId, page, contacts: Array.from({ length: size }, (_, k) => ({ seq: start + k + 1, phone: phone(start + k) })) });
    }
    await repo.insertPages(pages);
    await mongo.collection('blacklist').insertMany(
      Array.from({ length: CONTACTS }, (_, i) => ({ _id: phone(i), category: 'bench', reason: 'bench', state: 'confirmed', proposedBy: 'bench', proposedAt: new Date() })) as never[],
    );
    const now = new Date();
    await repo.change(campaignId, { filter: {}, holds: () => true }, {
      $set: {
        state: 'ready',
        list: { importId: 'bench', fileName: 'bench.csv', format: 'csv', sha256: '', bytes: 0, mapping: { phone: 'phone', extra: [] }, state: 'done', headerRow: 1, rows: CONTACTS, eligible: CONTACTS, filtered: {}, pages: pages.length, importedBy: 'bench', startedAt: now, heartbeatAt: now, finishedAt: now },
      },
    });

    log(`launching ${CONTACTS} contacts in one wave while the manager reads the campaign every 250 ms`);
    const launchedAt = performance.now();
    const launch = await client.send('POST', `/api/campaigns/${campaignId}/launch`, { headers: manager, body: {} });
    if (launch.status !== 200) throw new Error(`launch refused: ${launch.status} ${JSON.stringify(launch.body)}`);
    const reads: { ms: number; status: number }[] = [];
    let allLaunchedS: number | undefined;
    let doneS: number | undefined;
    while (doneS === undefined && performance.now() - launchedAt < TIMEOUT_MS) {
      const t0 = performance.now();
      const read = await client.send('GET', `/api/campaigns/${campaignId}`, { headers: manager });
      reads.push({ ms: performance.now() - t0, status: read.status });
      const progress = (read.body as { progress?: { launched: number; done: number } }).progress;
      const elapsedS = (performance.now() - launchedAt) / 1000;
      if (allLaunchedS === undefined && progress && progress.launched >= CONTACTS) allLaunchedS = elapsedS;
      if (progress && progress.done >= CONTACTS) doneS = elapsedS;
      await delay(250);
    }
    client.close();
    await mongo.close();

    const launchPerS = allLaunchedS ? CONTACTS / allLaunchedS : undefined;
    const donePerS = doneS ? CONTACTS / doneS : undefined;
    const latency = summarize(reads.filter((r) => r.status === 200).map((r) => r.ms));
    const failed = reads.filter((r) => r.status !== 200).length;
    const md = [
      '# Campaign launch: contact processes started per second',
      '',
      `Measured ${new Date().toISOString()} by \`BENCH_ONLY=campaign-launch npm run bench\` (bench/campaign-launch.ts) on ${os.cpus().length} cores (load average before: ${loadBefore}), Node ${process.version}, in ${Math.round((Date.now() - began) / 1000)} s.`,
      `One wave of ${CONTACTS} contacts, each started as its own \`campaign-contact\` instance by a message (${PUBLISH_CONCURRENCY} at once, backpressure waited out inside the wave); each chain's first step reads the campaign, the contact and every do-not-call rule of its number, finds it blacklisted and ends it without a call. The baseline publishes the same number of bare messages from the benchmark's own process to the same engine at the same concurrency.`,
      '',
      table(
        ['measure', 'value'],
        [
          ['baseline: bare message publishes per s', f(baselinePerS, 0)],
          ['contacts launched per s (wave start to the last launch counted)', f(launchPerS, 0)],
          ['launch rate against the baseline', `${f(launchPerS && baselinePerS ? launchPerS / baselinePerS : undefined, 2)}x`],
          ['chains planned and ended per s (launch to the last one done)', f(donePerS, 0)],
          [`manager's reads of the campaign during the wave: p50 / p99 ms`, `${f(latency?.p50, 0)} / ${f(latency?.p99, 0)}`],
          ['reads that failed (errors reaching a user)', String(failed)],
        ],
      ),
      '',
      `- **Target: contacts started as fast as the engine accepts them, no backpressure error reaching users: ${ok(launchPerS !== undefined && failed === 0)}.**`,
      `- The launch goes at ${f(launchPerS && baselinePerS ? (100 * launchPerS) / baselinePerS : undefined, 0)} % of the bare publish rate; what the wave adds per contact is its record (inserted in bulk) and the engine's own work of starting an instance for each message. The chains' first step is bound by the database: ${f(donePerS, 0)} plans per second, each about ten FerretDB round trips.`,
      '',
    ].join('\n');
    writeFileSync(path.join(projectRoot(), 'bench', 'results-campaign-launch.md'), md);
    log(md);
  });
}
