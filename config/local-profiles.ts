/**
 * The two local runtimes the project starts for itself: `dev` (what `npm start` runs, with
 * demo data) and `test` (what `npm test` runs). They use different ports and data folders,
 * so a test run never touches the demo platform and can run beside it.
 */
export interface LocalProfile {
  readonly name: 'dev' | 'test' | 'bench';
  readonly engine: {
    readonly grpcPort: number;
    readonly restPort: number;
    readonly managementPort: number;
    /** Broker-internal ports (client commands and cluster traffic), loopback only. */
    readonly commandPort: number;
    readonly internalPort: number;
  };
  readonly database: {
    readonly port: number;
    /** FerretDB's debug HTTP port, which serves /debug/readyz. */
    readonly debugPort: number;
    readonly name: string;
  };
  /** Ports of the local peers that stand in for the outside systems (see runtime/peers.ts). */
  readonly peers: {
    /** The OA system: receives pushes, answers them with signed webhooks. */
    readonly oa: number;
    /** SMTP server that stores what it receives. */
    readonly smtp: number;
    /** HTTP view of the stored mail (the portal's development mailbox reads it). */
    readonly mailbox: number;
    /** Asterisk ARI subset: REST and the WebSocket event stream. */
    readonly telephony: number;
  };
}

export const DEV_PROFILE: LocalProfile = {
  name: 'dev',
  engine: { grpcPort: 26500, restPort: 8080, managementPort: 9600, commandPort: 26501, internalPort: 26502 },
  database: { port: 27017, debugPort: 8088, name: 'closeloop' },
  peers: { oa: 3011, smtp: 2525, mailbox: 3012, telephony: 3013 },
};

export const TEST_PROFILE: LocalProfile = {
  name: 'test',
  engine: { grpcPort: 26600, restPort: 8180, managementPort: 9700, commandPort: 26601, internalPort: 26602 },
  database: { port: 27117, debugPort: 8188, name: 'closeloop_test' },
  peers: { oa: 3111, smtp: 2625, mailbox: 3112, telephony: 3113 },
};

/** What `npm run bench` runs: its own ports and data folders, fresh at every run (bench/run.ts). */
export const BENCH_PROFILE: LocalProfile = {
  name: 'bench',
  engine: { grpcPort: 26700, restPort: 8280, managementPort: 9800, commandPort: 26701, internalPort: 26702 },
  database: { port: 27217, debugPort: 8288, name: 'closeloop_bench' },
  peers: { oa: 3211, smtp: 2725, mailbox: 3212, telephony: 3213 },
};

export const LOOPBACK = '127.0.0.1';

export function localEngineAddresses(profile: LocalProfile): { grpc: string; rest: string } {
  return {
    grpc: `grpc://${LOOPBACK}:${profile.engine.grpcPort}`,
    rest: `http://${LOOPBACK}:${profile.engine.restPort}`,
  };
}

export function localMongoUri(profile: LocalProfile): string {
  return `mongodb://${LOOPBACK}:${profile.database.port}/${profile.database.name}`;
}
