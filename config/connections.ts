import type { Env } from './env';
import { DEV_PROFILE, localEngineAddresses, localMongoUri, LOOPBACK, type LocalProfile } from './local-profiles';

/** The local peers: real processes speaking the outside systems' protocols (runtime/peers.ts). */
export const PEER_NAMES = ['oa-peer', 'mail-peer', 'telephony-peer'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/** Where the platform's engine and database are, and whether the project runs them itself. */
export interface Connections {
  readonly mongodbUri: string;
  readonly zeebeGrpcAddress: string;
  readonly zeebeRestAddress: string;
  /** SMTP server (nodemailer transport URL). */
  readonly smtpUrl: string;
  /** Asterisk ARI base URL (…/ari). */
  readonly ariUrl: string;
  /** The local OA peer (development and tests; production OA endpoints are configured per department). */
  readonly oaPeerUrl: string;
  /** HTTP view of the local mail peer's mailbox; undefined when mail goes to a real server. */
  readonly mailboxUrl: string | undefined;
  /** True for each part the user did not point elsewhere: the local runtime provides it. */
  readonly local: { readonly engine: boolean; readonly database: boolean; readonly peers: readonly PeerName[] };
}

export function resolveConnections(env: Env, profile: LocalProfile = DEV_PROFILE): Connections {
  const localEngine = localEngineAddresses(profile);
  const engineIsLocal = env.ZEEBE_GRPC_ADDRESS === undefined;
  return {
    mongodbUri: env.MONGODB_URI ?? localMongoUri(profile),
    zeebeGrpcAddress: env.ZEEBE_GRPC_ADDRESS ?? localEngine.grpc,
    zeebeRestAddress: env.ZEEBE_REST_ADDRESS ?? (engineIsLocal ? localEngine.rest : deriveRest(env)),
    smtpUrl: env.SMTP_URL ?? `smtp://${LOOPBACK}:${profile.peers.smtp}`,
    ariUrl: env.ARI_URL ?? `http://${LOOPBACK}:${profile.peers.telephony}/ari`,
    oaPeerUrl: `http://${LOOPBACK}:${profile.peers.oa}`,
    mailboxUrl: env.SMTP_URL === undefined ? `http://${LOOPBACK}:${profile.peers.mailbox}` : undefined,
    local: { engine: engineIsLocal, database: env.MONGODB_URI === undefined, peers: localPeers(env) },
  };
}

/**
 * Peers the local runtime starts: mail and telephony unless pointed at real servers; the OA
 * peer with the local database, whose demo departments are configured to push to it.
 */
function localPeers(env: Env): PeerName[] {
  const wanted: Record<PeerName, boolean> = {
    'oa-peer': env.MONGODB_URI === undefined,
    'mail-peer': env.SMTP_URL === undefined,
    'telephony-peer': env.ARI_URL === undefined,
  };
  return PEER_NAMES.filter((name) => wanted[name]);
}

/** A remote cluster given only its gRPC address: its REST API is on the same host, port 8080, TLS alike. */
function deriveRest(env: Env): string {
  const grpc = env.ZEEBE_GRPC_ADDRESS!;
  const scheme = grpc.startsWith('grpcs://') ? 'https' : 'http';
  const host = new URL(grpc.replace(/^grpcs?:\/\//, 'http://')).hostname;
  return `${scheme}://${host}:8080`;
}
