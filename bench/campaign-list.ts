import { execFile } from 'node:child_process';
import { openAsBlob, readFileSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { BSON } from 'mongodb';
import { connectMongo } from '../adapters/mongo/connect';
import { EXEMPT_LINES } from '../adapters/mongo/subscriber.repository';
import { resolveConnections } from '../config/connections';
import type { Env } from '../config/env';
import { BENCH_PROFILE, LOOPBACK } from '../config/local-profiles';
import { DEFAULT_ATTEMPT_RULES } from '../domain/outreach/attempt-rules';
import { ExclusionReasons } from '../domain/outreach/do-not-call';
import { seedDemoIdentity, seedDemoSla } from '../runtime/demo-data';
import { DEMO_PASSWORD } from '../runtime/demo-identity';
import { startLocalRuntime, stopLocalRuntime } from '../runtime/local-runtime';
import { profileDirs, projectRoot, serviceFiles } from '../runtime/paths';
import { httpOk, waitUntil } from '../runtime/readiness';
import { logTail, runningPid, startService, stopService } from '../runtime/supervisor';
import { FERRETDB_VERSION } from '../runtime/versions';
import { BENCH_CAMPAIGN_KIND, BENCH_CAMPAIGN_LAST_DAY, FILTERED_PER_THOUSAND, LIST_HEADER, seedRules, writeListCsv, writeListXlsx, writeSubscriberLines } from './campaign-list-files';
import { f, ok, table } from './markdown';
import { appServiceSpecs, benchAppEnv } from './platform';
import { cpuSecondsOf, rssMiB } from './proc';
import { median, percentile } from './stats';

/**
 * `BENCH_ONLY=campaign npm run bench`: importing and screening a campaign's call list, as a
 * campaign manager does it through the API. The bench profile's database only (a list import
 * never touches the engine) and the API as its own process (dist/api/server.js), into which a
 * generated subscriber store (through the subscriber importer, which keeps the exempt-line index)
 * and do-not-call rules are loaded first (bench/campaign-list-files.ts). Then a list of
 * BENCH_CAMPAIGN_ROWS rows (default 1,000,000) as CSV, BENCH_CAMPAIGN_RUNS times onto the same
 * campaign (each run replaces the last one's pages), a tenth of it as XLSX as many times, and a
 * tenth as CSV once (memory against the list's size). Each run is checked: every count by reason
 * must be exactly what the data plants. Writes bench/results-campaign.md.
 */

const TARGET_SECONDS = 60;
const TARGET_PEAK_MIB = 512;
const CAPPED_HEAP_MIB = 160;
/** Flat: ten times the rows may cost this much more resident memory at most (the duplicate set of a million numbers is 16 MiB). */
const FLAT_MIB = 48;
const API_PORT = 8291;
const SAMPLE_MS = 100;
const MAPPING = { phone: LIST_HEADER[0], name: LIST_HEADER[1], custId: LIST_HEADER[2], extra: LIST_HEADER.slice(3) };

interface ImportRun {
  readonly label: string;
  readonly rows: number;
  readonly bytes: number;
  /** From the first byte of the upload to the list imported (s). */
  readonly seconds: number;
  readonly uploadSeconds: number;
  readonly factsSeconds: number;
  readonly rowsPerSecond: number;
  readonly rssBeforeMiB: number;
  readonly peakRssMiB: number;
  readonly apiCpuUsPerRow: number;
  readonly databaseCpuUsPerRow: number;
  /** GET /health/live every 100 ms during the import: how long the API's event loop kept a request waiting. */
  readonly liveP99Ms: number;
  readonly liveMaxMs: number;
}

const exec = promisify(execFile);

export async function runCampaignListBench(env: Env, log: (line: string) => void): Promise<void> {
  const rows = Number(process.env.BENCH_CAMPAIGN_ROWS ?? 1_000_000);
  const runs = Number(process.env.BENCH_CAMPAIGN_RUNS ?? 3);
  if (!Number.isInteger(rows / 10_000) || rows <= 0) throw new Error('BENCH_CAMPAIGN_ROWS must be a positive multiple of 10,000');
  const small = rows / 10;
  const connections = resolveConnections(env, BENCH_PROFILE);
  const work = path.join(profileDirs(BENCH_PROFILE).root, 'campaign-bench');
  const apiUrl = `http://${LOOPBACK}:${API_PORT}`;
  const apiEnv = {
    ...benchAppEnv(connections, API_PORT),
    // a list import needs the database only; the engine address answers nothing
    ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:1',
    ZEEBE_REST_ADDRESS: 'http://127.0.0.1:1',
    SUBSCRIBER_BATCH_DIR: path.join(work, 'batch'),
    LOG_LEVEL: 'warn',
  };
  const api = appServiceSpecs(BENCH_PROFILE, apiEnv).api;
  // the same API with V8's old generation capped: what the import keeps alive, without the garbage V8 leaves lying
  const cappedApi = appServiceSpecs(BENCH_PROFILE, { ...apiEnv, NODE_OPTIONS: `--max-old-space-size=${CAPPED_HEAP_MIB}` }).api;
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const began = Date.now();
  await stopService(api).catch(() => undefined);
  await stopLocalRuntime(BENCH_PROFILE, { log });
  await startLocalRuntime(BENCH_PROFILE, { engine: false, database: true, peers: [] }, { env, apiUrl, fresh: true, log });
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const dbPid = runningPid(serviceFiles(BENCH_PROFILE, 'database'));
  const mongo = await connectMongo(connections.mongodbUri);
  try {
    await seedDemoIdentity(env, connections.mongodbUri);
    await seedDemoSla(connections.mongodbUri);

    // the subscriber store, through its importer (which keeps the exempt-line index)
    const subscriberFile = path.join(work, 'CS00201202611210100-.AVL');
    const lines = await writeSubscriberLines(subscriberFile, rows);
    const storeBegan = Date.now();
    await exec(process.execPath, [path.join(projectRoot(), 'dist/services/subscriber-import-cli.js'), '--json', subscriberFile], {
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', MONGODB_URI: connections.mongodbUri, ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:1', SUBSCRIBER_BATCH_DIR: path.join(work, 'batch') },
      maxBuffer: 1 << 20,
    });
    const storeSeconds = (Date.now() - storeBegan) / 1000;
    const exemptNumbers = await mongo.db!.collection(EXEMPT_LINES).countDocuments({});
    log(`subscriber store: ${lines} lines in ${f(storeSeconds)} s, ${exemptNumbers} exempt numbers`);
    const seeded = await seedRules(mongo.db!, rows, new Date());
    log(`rules: ${Object.entries(seeded).map(([c, n]) => `${n} ${c}`).join(', ')}`);

    const csvFile = path.join(work, 'list.csv');
    const smallCsv = path.join(work, 'list-small.csv');
    const xlsxFile = path.join(work, 'list.xlsx');
    const csvBytes = await writeListCsv(csvFile, rows);
    const smallBytes = await writeListCsv(smallCsv, small);
    await writeListXlsx(xlsxFile, small);
    const xlsxBytes = (await stat(xlsxFile)).size;
    log(`lists: ${rows} rows CSV (${f(csvBytes / 2 ** 20)} MiB), ${small} rows CSV and XLSX (${f(xlsxBytes / 2 ** 20)} MiB)`);

    // each kind of run gets a fresh API process: their memory peaks compare
    let apiPid = 0;
    let auth: Record<string, string> = {};
    const freshApi = async (spec = api): Promise<void> => {
      await stopService(api);
      apiPid = startService(spec);
      await waitUntil('api (campaign bench)', () => httpOk(`${apiUrl}/health/live`), {
        timeoutMs: 60_000,
        abortIf: () => (runningPid(api) === undefined ? `exited; last lines of ${api.logFile}:\n${logTail(api.logFile)}` : undefined),
      });
      const login = await fetch(`${apiUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'billing-sup', password: DEMO_PASSWORD }) });
      auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    };
    await freshApi();
    const createCampaign = async (): Promise<string> => {
      const res = await fetch(`${apiUrl}/api/campaigns`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: '宽带续约营销',
          kind: BENCH_CAMPAIGN_KIND,
          script: '您好……',
          dialMode: 'preview',
          departmentId: 'billing',
          agentTeam: 'billing-disputes',
          windows: { calendarId: 'cn-mainland', workday: [{ start: '09:00', end: '20:00' }], restDay: [] },
          rules: DEFAULT_ATTEMPT_RULES,
          pacing: { waveSize: 500, every: 'PT5M' },
          firstDay: '2026-12-01',
          lastDay: BENCH_CAMPAIGN_LAST_DAY,
        }),
      });
      if (res.status !== 201) throw new Error(`campaign refused: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { campaignId: string }).campaignId;
    };

    const importOnce = async (label: string, campaignId: string, file: string, listRows: number, bytes: number): Promise<ImportRun> => {
      const rss: number[] = [];
      const live: number[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          rss.push(rssMiB(apiPid) ?? 0);
          const t = performance.now();
          await fetch(`${apiUrl}/health/live`).then((r) => r.arrayBuffer());
          live.push(performance.now() - t);
          await delay(SAMPLE_MS);
        }
      })();
      const rssBefore = rssMiB(apiPid) ?? 0;
      const apiCpu = cpuSecondsOf(apiPid) ?? 0;
      const dbCpu = (dbPid && cpuSecondsOf(dbPid)) || 0;
      const t0 = Date.now();
      try {
        const form = new FormData();
        form.append('mapping', JSON.stringify(MAPPING));
        form.append('file', await openAsBlob(file), path.basename(file));
        const res = await fetch(`${apiUrl}/api/campaigns/${campaignId}/list`, { method: 'POST', headers: auth, body: form });
        if (res.status !== 202) throw new Error(`${label}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        const uploaded = Date.now();
        let list: { state: string; rows: number; eligible: number; filtered: Record<string, number>; finishedAt: string; error?: string } | undefined;
        do {
          await delay(200);
          const shown = await fetch(`${apiUrl}/api/campaigns/${campaignId}`, { headers: auth });
          list = ((await shown.json()) as { list: typeof list }).list;
        } while (list?.state === 'importing');
        const expected = Object.fromEntries(ExclusionReasons.map((r) => [r, (FILTERED_PER_THOUSAND[r] * listRows) / 1000]));
        if (list?.state !== 'done' || list.rows !== listRows || list.eligible !== (930 * listRows) / 1000 || ExclusionReasons.some((r) => list.filtered[r] !== expected[r])) {
          throw new Error(`${label}: the list came out wrong: ${JSON.stringify(list)}; expected ${JSON.stringify(expected)}`);
        }
        const seconds = (Date.parse(list.finishedAt) - t0) / 1000;
        const audit = await mongo.db!.collection<{ detail: { factsSeconds: number } }>('audit_log').find({ subject: campaignId, action: 'campaign.list-imported' }).sort({ at: -1 }).limit(1).toArray();
        sampling = false;
        await sampler;
        const run: ImportRun = {
          label,
          rows: listRows,
          bytes,
          seconds,
          uploadSeconds: (uploaded - t0) / 1000,
          factsSeconds: audit[0]?.detail.factsSeconds ?? Number.NaN,
          rowsPerSecond: listRows / seconds,
          rssBeforeMiB: rssBefore,
          peakRssMiB: Math.max(...rss),
          apiCpuUsPerRow: (((cpuSecondsOf(apiPid) ?? 0) - apiCpu) / listRows) * 1e6,
          databaseCpuUsPerRow: ((((dbPid && cpuSecondsOf(dbPid)) || 0) - dbCpu) / listRows) * 1e6,
          liveP99Ms: percentile(live, 99) ?? Number.NaN,
          liveMaxMs: Math.max(...live),
        };
        log(`${label}: ${f(run.seconds)} s (${Math.round(run.rowsPerSecond)} rows/s), API peak ${f(run.peakRssMiB, 0)} MiB, /health/live p99 ${f(run.liveP99Ms, 0)} ms`);
        return run;
      } finally {
        sampling = false;
        await sampler;
      }
    };

    // the same probe with nothing to import: what this machine's load alone does to an answer
    const idle: number[] = [];
    for (let until = Date.now() + 5_000; Date.now() < until; await delay(SAMPLE_MS)) {
      const t = performance.now();
      await fetch(`${apiUrl}/health/live`).then((res) => res.arrayBuffer());
      idle.push(performance.now() - t);
    }
    const bigCampaign = await createCampaign();
    const xlsxCampaign = await createCampaign();
    const smallCampaign = await createCampaign();
    const smallRun = await importOnce(`CSV, ${small.toLocaleString('en')} rows`, smallCampaign, smallCsv, small, smallBytes);
    await freshApi();
    const csvRuns: ImportRun[] = [];
    for (let i = 1; i <= runs; i++) csvRuns.push(await importOnce(`CSV, ${rows.toLocaleString('en')} rows, run ${i}${i > 1 ? ' (replaces the last run\'s pages)' : ''}`, bigCampaign, csvFile, rows, csvBytes));
    const apiPeakLifetime = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${apiPid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    await freshApi();
    const xlsxRuns: ImportRun[] = [];
    for (let i = 1; i <= runs; i++) xlsxRuns.push(await importOnce(`XLSX, ${small.toLocaleString('en')} rows, run ${i}`, xlsxCampaign, xlsxFile, small, xlsxBytes));
    await freshApi(cappedApi);
    const cappedSmall = await importOnce(`CSV, ${small.toLocaleString('en')} rows, heap capped`, smallCampaign, smallCsv, small, smallBytes);
    await freshApi(cappedApi);
    const cappedBig = await importOnce(`CSV, ${rows.toLocaleString('en')} rows, heap capped`, bigCampaign, csvFile, rows, csvBytes);
    // each facts collection read alone, as the import reads it (the import reads the four at once)
    const scans: Record<string, { docs: number; seconds: number }> = {};
    for (const collection of ['blacklist', 'contact_preferences', 'attempt_caps', EXEMPT_LINES]) {
      const t = performance.now();
      let docs = 0;
      for await (const _doc of mongo.db!.collection(collection).find({}, { batchSize: 5_000 })) docs++;
      scans[collection] = { docs, seconds: (performance.now() - t) / 1000 };
    }
    const firstPage = await mongo.db!.collection('campaign_list_pages').findOne({ _id: `${bigCampaign}/p00001` as never });
    const pageKiB = firstPage ? BSON.calculateObjectSize(firstPage) / 1024 : Number.NaN;

    const md = report({ rows, runs, smallRun, csvRuns, xlsxRuns, capped: [cappedSmall, cappedBig], idleLive: { p99: percentile(idle, 99) ?? Number.NaN, max: Math.max(...idle) }, lines, storeSeconds, exemptNumbers, seeded, scans, loadBefore, apiPeakLifetime, pageKiB, minutes: (Date.now() - began) / 60_000 });
    await writeFile(path.join(projectRoot(), 'bench', 'results-campaign.md'), md);
    log('wrote bench/results-campaign.md');
  } finally {
    await mongo.close();
    await stopService(api).catch(() => undefined);
    await stopLocalRuntime(BENCH_PROFILE, { log });
    await rm(work, { recursive: true, force: true });
  }
}

function report(r: {
  rows: number;
  runs: number;
  smallRun: ImportRun;
  csvRuns: ImportRun[];
  xlsxRuns: ImportRun[];
  capped: [ImportRun, ImportRun];
  idleLive: { p99: number; max: number };
  lines: number;
  storeSeconds: number;
  exemptNumbers: number;
  seeded: Record<string, number>;
  scans: Record<string, { docs: number; seconds: number }>;
  loadBefore: string;
  apiPeakLifetime: number;
  pageKiB: number;
  minutes: number;
}): string {
  const mid = (runs: readonly ImportRun[], pick: (run: ImportRun) => number): number => median(runs.map(pick))!;
  const csvSeconds = mid(r.csvRuns, (x) => x.seconds);
  const peak = Math.max(...[r.smallRun, ...r.csvRuns, ...r.xlsxRuns].map((x) => x.peakRssMiB));
  const [cappedSmall, cappedBig] = r.capped;
  const flat = cappedBig.peakRssMiB - cappedSmall.peakRssMiB;
  const firstBig = r.csvRuns[0]!;
  const big = [...r.csvRuns].sort((a, b) => a.seconds - b.seconds)[Math.floor(r.csvRuns.length / 2)]!;
  const row = (x: ImportRun): string[] => [
    x.label,
    f(x.bytes / 2 ** 20),
    f(x.seconds),
    `**${Math.round(x.rowsPerSecond).toLocaleString('en')}**`,
    `${f(x.uploadSeconds)} / ${f(x.factsSeconds)}`,
    `${f(x.rssBeforeMiB, 0)} → **${f(x.peakRssMiB, 0)}**`,
    `${f(x.apiCpuUsPerRow, 0)} / ${f(x.databaseCpuUsPerRow, 0)}`,
    `${f(x.liveP99Ms, 0)} / ${f(x.liveMaxMs, 0)}`,
  ];
  const filtered = Object.entries(FILTERED_PER_THOUSAND)
    .map(([reason, n]) => `${reason} ${(n / 10).toFixed(1)} %`)
    .join(', ');
  const scans = Object.entries(r.scans)
    .map(([c, s]) => `${c} ${s.docs.toLocaleString('en')} in ${f(s.seconds)} s (${Math.round(s.docs / s.seconds).toLocaleString('en')}/s)`)
    .join(', ');
  const readSeconds = big.seconds - big.uploadSeconds - big.factsSeconds;
  return `# Campaign call-list import benchmark

${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load average before ${r.loadBefore}, after ${os.loadavg().map((v) => v.toFixed(2)).join(' / ')},
Node ${process.version}, FerretDB ${FERRETDB_VERSION} (SQLite). Run: \`BENCH_ONLY=campaign npm run bench\` (under \`flock /tmp/closeloop-bench.lock\`),
code in bench/campaign-list.ts and bench/campaign-list-files.ts; ${f(r.minutes)} minutes in all.

The API runs as its own process (dist/api/server.js) on the bench profile's fresh database, a fresh process
for each kind of run; the bench uploads each list as a campaign manager does (multipart POST
/api/campaigns/:id/list, 202 at once) and reads GET /api/campaigns/:id until the list is in. Before the lists,
the database got a subscriber store of ${r.lines.toLocaleString('en')} lines through the subscriber importer (${f(r.storeSeconds)} s, keeping the
exempt-line index: ${r.exemptNumbers.toLocaleString('en')} exempt numbers) and the do-not-call rules in bulk (${Object.entries(r.seeded).map(([c, n]) => `${n.toLocaleString('en')} ${c}`).join(', ')};
half of each on numbers no list holds). Every list row falls into a planted case; ${filtered} are kept out (7 %),
and **every run's counts by reason were checked exact** (the bench fails otherwise). Six columns (手机号码, 姓名, 客户编号,
欠费金额, 套餐, 到期日), numbers written plain, with \`+86\` and spaces, or with dashes.

${table(['run', 'MiB', 'seconds', 'rows/s', 'upload / facts s', 'API RSS before → peak (MiB)', 'CPU µs per row: API / FerretDB', '/health/live p99 / max (ms)'], [r.smallRun, ...r.csvRuns, ...r.xlsxRuns, ...r.capped].map(row))}

*seconds*: from the upload's first byte to the list in (the campaign \`ready\`): upload, checks, loading the
facts, reading, screening and writing the pages (a thousand contacts each). *facts*: loading the facts (one
read each of the confirmed blacklist, the preferences, the attempt-cap index and the exempt-line index, the
four at once; the earlier list's pages are removed meanwhile). */health/live*: a request every ${SAMPLE_MS} ms while
the import runs, answered by the same process. *heap capped*: a fresh API process with
\`--max-old-space-size=${CAPPED_HEAP_MIB}\`, so that its resident memory shows what the import keeps alive rather than
the garbage V8 lets pile up before it collects (with memory to spare it collects late).

## Verdicts

- ${r.rows.toLocaleString('en')} contacts imported and filtered in **${f(csvSeconds)} s** (median of ${r.runs}; ${r.csvRuns.map((x) => f(x.seconds)).join(', ')}), target under ${TARGET_SECONDS} s: **${ok(csvSeconds < TARGET_SECONDS)}**.
- Flat memory: with V8's old generation capped at ${CAPPED_HEAP_MIB} MiB the API peaked at ${f(cappedSmall.peakRssMiB, 0)} MiB importing ${(r.rows / 10).toLocaleString('en')} rows
  and at ${f(cappedBig.peakRssMiB, 0)} MiB importing ${r.rows.toLocaleString('en')}: ${f(flat, 0)} MiB more for ten times the rows (target: flat, under ${FLAT_MIB} MiB more, and
  under ${TARGET_PEAK_MIB} MiB): **${ok(flat < FLAT_MIB && cappedBig.peakRssMiB < TARGET_PEAK_MIB)}**, and as fast (${f(cappedBig.seconds)} s). Rows are streamed (two inserts of four
  pages at most in memory); what grows with the list is the set of numbers seen, for duplicates: 8 bytes a slot in
  a flat table (domain/outreach/phone-set.ts), 16 MiB for a million.
  With V8's defaults a fresh API peaked at ${f(r.smallRun.peakRssMiB, 0)} and ${f(firstBig.peakRssMiB, 0)} MiB (${f(r.apiPeakLifetime, 0)} MiB over its ${r.runs} runs, ${f(peak, 0)} MiB at most in
  any run): the same live data and garbage that V8 collects late while memory is plentiful. A deployment that
  wants the API small sets \`NODE_OPTIONS=--max-old-space-size=…\` (256 leaves room for the API's other work).
- The API stays responsive while it imports: /health/live answered within ${f(Math.max(...r.csvRuns.map((x) => x.liveMaxMs)), 0)} ms at worst during the ${r.rows.toLocaleString('en')}-row runs
  (p99 ${f(mid(r.csvRuns, (x) => x.liveP99Ms), 0)} ms; with no import running, on this machine as loaded, p99 ${f(r.idleLive.p99, 0)} ms and at worst ${f(r.idleLive.max, 0)} ms).
- XLSX: ${(r.rows / 10).toLocaleString('en')} rows in ${f(mid(r.xlsxRuns, (x) => x.seconds))} s (median), ${Math.round(mid(r.xlsxRuns, (x) => x.rowsPerSecond)).toLocaleString('en')} rows/s; a workbook's shared strings are held while its sheet is read.

## Where the time goes

In the median ${r.rows.toLocaleString('en')}-row run: upload ${f(big.uploadSeconds)} s, facts ${f(big.factsSeconds)} s, reading, screening and writing
${f(readSeconds)} s (${Math.round(r.rows / readSeconds).toLocaleString('en')} rows/s). The API spent ${f(big.apiCpuUsPerRow, 1)} µs of CPU per row (CSV parsing about
a third of it, screening, building and packing pages) and FerretDB ${f(big.databaseCpuUsPerRow, 1)} µs; pages are stored as gzipped JSON
(${f(r.pageKiB, 0)} KiB a page of a thousand contacts) because as nested documents FerretDB spent 22 ms of CPU writing a page and
78 ms reading it back (measured; 0.8 ms and 11 ms packed).

**The facts are FerretDB's part**: a whole-collection read costs it 25-100 µs of CPU a document (each is
decoded from its JSON in SQLite), whatever the projection. Read alone: ${scans}.
The attempt logs (one document per number called in the period: millions in a busy month) are not read at all:
the attempt that reaches the cap writes the number into a small index (\`attempt_caps\`), as the subscriber
importer does for exempt lines.
`;
}
