import { Camunda8 } from '@camunda8/sdk';
import type { Connections } from '../../config/connections';
import type { Env } from '../../config/env';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/** The SDK's gRPC client for the configured engine. The SDK reads OAuth settings from the environment itself. */
export function createZeebeClient(
  connections: Connections,
  env: Pick<Env, 'CAMUNDA_AUTH_STRATEGY' | 'LOG_LEVEL' | 'ZEEBE_CONNECTION_TOLERANCE_MS'>,
): ZeebeClient {
  const camunda = new Camunda8({
    ZEEBE_GRPC_ADDRESS: connections.zeebeGrpcAddress, // grpc:// or grpcs:// decides TLS
    ZEEBE_REST_ADDRESS: connections.zeebeRestAddress,
    CAMUNDA_AUTH_STRATEGY: env.CAMUNDA_AUTH_STRATEGY,
    // the SDK logs through its own console logger; our pino logs say what matters
    CAMUNDA_LOG_LEVEL: env.LOG_LEVEL === 'silent' ? 'none' : 'error',
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: env.LOG_LEVEL === 'silent' ? 'NONE' : 'ERROR',
      // The SDK retries a failed call forever by default. Callers here own their retries
      // (the start reconciler, job retries), so a call gives up after a few quick tries.
      ZEEBE_GRPC_CLIENT_RETRY: true,
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: 3,
      ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 2,
      ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: env.ZEEBE_CONNECTION_TOLERANCE_MS,
    },
  });
  return camunda.getZeebeGrpcApiClient();
}

const GRPC_NOT_FOUND = 5;

function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export const isNotFound = (err: unknown): boolean => grpcCode(err) === GRPC_NOT_FOUND || /NOT_FOUND/.test(String(err));
