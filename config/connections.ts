import type { Env } from './env';
import { DEV_PROFILE, localEngineAddresses, localMongoUri, type LocalProfile } from './local-profiles';

/** Where the platform's engine and database are, and whether the project runs them itself. */
export interface Connections {
  readonly mongodbUri: string;
  readonly zeebeGrpcAddress: string;
  readonly zeebeRestAddress: string;
  /** True for each part the user did not point elsewhere: the local runtime provides it. */
  readonly local: { readonly engine: boolean; readonly database: boolean };
}

export function resolveConnections(env: Env, profile: LocalProfile = DEV_PROFILE): Connections {
  const localEngine = localEngineAddresses(profile);
  const engineIsLocal = env.ZEEBE_GRPC_ADDRESS === undefined;
  return {
    mongodbUri: env.MONGODB_URI ?? localMongoUri(profile),
    zeebeGrpcAddress: env.ZEEBE_GRPC_ADDRESS ?? localEngine.grpc,
    zeebeRestAddress: env.ZEEBE_REST_ADDRESS ?? (engineIsLocal ? localEngine.rest : deriveRest(env)),
    local: { engine: engineIsLocal, database: env.MONGODB_URI === undefined },
  };
}

/** A remote cluster given only its gRPC address: its REST API is on the same host, port 8080, TLS alike. */
function deriveRest(env: Env): string {
  const grpc = env.ZEEBE_GRPC_ADDRESS!;
  const scheme = grpc.startsWith('grpcs://') ? 'https' : 'http';
  const host = new URL(grpc.replace(/^grpcs?:\/\//, 'http://')).hostname;
  return `${scheme}://${host}:8080`;
}
