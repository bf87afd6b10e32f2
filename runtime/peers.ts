import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PeerName } from '../config/connections';
import type { Env } from '../config/env';
import { LOOPBACK, type LocalProfile } from '../config/local-profiles';
import { profileDirs, projectRoot, serviceFiles } from './paths';
import { DEMO_OA_ANSWER_SECRET, DEMO_OA_PUSH_SECRET } from './demo-oa';
import { httpOk } from './readiness';
import type { ServiceSpec } from './supervisor';

/**
 * The local peers: separate Node processes that speak the outside systems' real protocols
 * (HTTP webhooks, SMTP, Asterisk ARI), so the adapters under test talk to a real counterpart.
 * They run from the compiled output (`npm run build`; the test setup builds first).
 */
const PEER_SCRIPTS: Record<PeerName, string> = {
  'oa-peer': 'peers/oa/main.js',
  'mail-peer': 'peers/mail/main.js',
  'telephony-peer': 'peers/telephony/main.js',
};

export function peerDataDir(profile: LocalProfile, name: PeerName): string {
  return path.join(profileDirs(profile).data, name);
}

/** The HTTP port that answers GET /health once the peer is ready. */
function healthPort(profile: LocalProfile, name: PeerName): number {
  const { peers } = profile;
  return { 'oa-peer': peers.oa, 'mail-peer': peers.mailbox, 'telephony-peer': peers.telephony }[name];
}

/** What a peer reads at start (each peer's main.ts parses its part with zod). */
function peerEnvironment(profile: LocalProfile, env: Env, apiUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PEER_HOST: LOOPBACK,
    OA_PEER_PORT: String(profile.peers.oa),
    /** Where the OA peer sends its answers (the platform's API). */
    OA_PEER_CLOSELOOP_URL: apiUrl,
    /** The demo endpoint's secrets (tests set their own through the peer's /control/config). */
    OA_PEER_PUSH_SECRETS: DEMO_OA_PUSH_SECRET,
    OA_PEER_ANSWER_SECRET: DEMO_OA_ANSWER_SECRET,
    MAIL_PEER_SMTP_PORT: String(profile.peers.smtp),
    MAIL_PEER_HTTP_PORT: String(profile.peers.mailbox),
    TELEPHONY_PEER_PORT: String(profile.peers.telephony),
    ARI_USERNAME: env.ARI_USERNAME,
    ARI_PASSWORD: env.ARI_PASSWORD,
  };
}

export function peerServiceSpec(profile: LocalProfile, name: PeerName, env: Env, apiUrl: string): ServiceSpec {
  const dataDir = peerDataDir(profile, name);
  mkdirSync(dataDir, { recursive: true });
  return {
    name,
    command: process.execPath,
    args: [path.join(projectRoot(), 'dist', PEER_SCRIPTS[name])],
    env: { ...peerEnvironment(profile, env, apiUrl), PEER_DATA_DIR: dataDir },
    cwd: dataDir,
    ...serviceFiles(profile, name),
  };
}

export function peerIsReady(profile: LocalProfile, name: PeerName): Promise<boolean> {
  return httpOk(`http://${LOOPBACK}:${healthPort(profile, name)}/health`);
}
