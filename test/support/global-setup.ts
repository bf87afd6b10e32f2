import { execFileSync } from 'node:child_process';
import { connectMongo } from '../../adapters/mongo/connect';
import { resolveConnections } from '../../config/connections';
import { parseEnv } from '../../config/env';
import { TEST_PROFILE } from '../../config/local-profiles';
import { startLocalRuntime } from '../../runtime/local-runtime';
import { seedDemoIdentity, seedDemoSla } from '../../runtime/demo-data';
import { deployPlatformProcesses } from '../../services/process-startup-deploy';
import { processesDir, projectRoot } from '../../runtime/paths';
import { ensurePortalBuilt } from './portal-build';
import { TEST_API_URL } from './test-api';

/** Parts this run started, for global-teardown.ts (same process). */
declare global {
  var closeloopStartedParts: string[] | undefined;
}

/**
 * The local peers run as their own processes from the compiled output: build it, so a test run
 * never talks to a peer older than the source (about 6 s; incremental builds are no faster here).
 */
function buildPeers(log: (line: string) => void): void {
  const began = Date.now();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: projectRoot(), stdio: 'inherit' });
  log(`built dist/ for the peers in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}

/**
 * Brings up the real engine and the real database for the integration tests: the `test`
 * profile's own (fresh data, ports apart from the demo platform) unless MONGODB_URI /
 * ZEEBE_GRPC_ADDRESS point at running ones. Then deploys processes/ and hands the
 * addresses to the test files through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const began = Date.now();
  // test files open and close many engine clients; see ZEEBE_CONNECTION_TOLERANCE_MS
  process.env.ZEEBE_CONNECTION_TOLERANCE_MS = '100';
  const env = parseEnv({ ...process.env, NODE_ENV: 'test' });
  const connections = resolveConnections(env, TEST_PROFILE);
  const log = (line: string): void => {
    if (process.env.CLOSELOOP_TEST_VERBOSE) console.log(`[test runtime] ${line}`);
  };
  buildPeers(log);
  ensurePortalBuilt(log);
  globalThis.closeloopStartedParts = await startLocalRuntime(TEST_PROFILE, connections.local, {
    env,
    apiUrl: TEST_API_URL,
    fresh: true,
    log,
  });

  if (connections.local.database && globalThis.closeloopStartedParts.includes('engine')) {
    // a fresh engine gets a fresh database: work-order ids start again at 1, and no old
    // instance holds them (a kept engine keeps its data, so the database stays too)
    const mongo = await connectMongo(connections.mongodbUri);
    await mongo.dropDatabase();
    await mongo.close();
  }
  await deployPlatformProcesses({ env, connections, dir: processesDir(), log });
  await seedDemoIdentity(env, connections.mongodbUri);
  await seedDemoSla(connections.mongodbUri);

  Object.assign(process.env, {
    NODE_ENV: 'test',
    MONGODB_URI: connections.mongodbUri,
    ZEEBE_GRPC_ADDRESS: connections.zeebeGrpcAddress,
    ZEEBE_REST_ADDRESS: connections.zeebeRestAddress,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    // test files close their workers often; a short poll lets them close at once
    WORKER_LONG_POLL_MS: '1000',
    // tests run the start reconciler's passes themselves, on work orders they just created
    RECONCILE_GRACE_MS: '0',
  });
  log(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}
