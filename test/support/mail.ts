import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { httpMailbox, type MailboxSummary } from '../../adapters/mail/mailbox';
import { senderDomain, smtpMailSender, type MailSender } from '../../adapters/mail/mail-sender';
import { resolveConnections } from '../../config/connections';
import { parseEnv } from '../../config/env';
import { TEST_PROFILE } from '../../config/local-profiles';
import { createLogger } from '../../config/logger';
import { DEMO_MAIL_DOMAIN } from '../../runtime/demo-identity';
import { createMailDrainer, type MailDrainer, type MailDrainerOptions } from '../../services/mail-drainer';
import { drainerOptions } from '../../services/mail-delivery';
import type { NotificationDoc } from '../../adapters/mongo/notification.repository';
import type { TestPlatform } from './test-platform';

const env = parseEnv();
const connections = resolveConnections(env, TEST_PROFILE);
const logger = createLogger(env, 'test');

/** The test profile's mail peer, read through its HTTP API (a separate process: global-setup starts it). */
export const testMailbox = httpMailbox(connections.mailboxUrl!);

export const demoAddress = (username: string): string => `${username}@${DEMO_MAIL_DOMAIN}`;

export const MESSAGE_ID_DOMAIN = senderDomain(env.MAIL_FROM);

/** Senders the tests made: each keeps a pool of SMTP connections open until closed. */
const senders = new Set<MailSender>();
const kept = (sender: MailSender): MailSender => (senders.add(sender), sender);

/** Closes every sender the file made (call in afterAll). */
export function closeTestSenders(): void {
  for (const sender of senders) sender.close();
  senders.clear();
}

/** A sender to the test profile's SMTP peer (over the real protocol). */
export const peerSender = (): MailSender => kept(smtpMailSender(connections.smtpUrl, env.MAIL_FROM));

/**
 * A drainer as the workers process builds it, on the test platform, sending through `sender`
 * (the SMTP peer unless a test says otherwise). Each is its own lease owner.
 */
export function testDrainer(tp: TestPlatform, { sender = peerSender(), ...options }: Partial<MailDrainerOptions> & { sender?: MailSender } = {}): MailDrainer {
  const { platform } = tp;
  return createMailDrainer(
    { store: platform.mail.store, sender, composer: platform.mail.composer, identity: platform.identity, clock: platform.clock, logger },
    { ...drainerOptions(env), ...options },
  );
}

/**
 * Runs `drainer` until a pass finds nothing due: earlier test files leave notifications behind,
 * more than one pass takes.
 */
export async function drainAll(drainer: MailDrainer): Promise<void> {
  for (let pass = 0; pass < 100; pass++) {
    const outcomes = await drainer.drainOnce();
    if (Object.values(outcomes).every((n) => n === 0)) return;
  }
  throw new Error('the outbox did not empty in 100 passes');
}

/** Mail the peer received for `address` with this Message-ID. */
export async function mailWithId(address: string, messageId: string): Promise<MailboxSummary[]> {
  return (await testMailbox.list({ to: address, limit: 500 })).filter((m) => m.messageId === messageId);
}

/** A port nothing listens on: taken from the system, then let go. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A sender whose SMTP server is down. */
export async function downSender(): Promise<MailSender> {
  return kept(smtpMailSender(`smtp://127.0.0.1:${await closedPort()}`, env.MAIL_FROM));
}

/** Queues a notification of the calling test alone (its own key), as the workers do; returns the key. */
export async function enqueueTestNotification(tp: TestPlatform, overrides: Partial<NotificationDoc> = {}): Promise<string> {
  const key = `test-mail/${randomUUID()}`;
  await tp.platform.notifications.enqueue({
    key,
    kind: 'urged',
    workOrderId: 'WO-20260101-999999',
    departments: [],
    employees: ['cr-h1'],
    audience: 'handlers',
    subject: 'Work order WO-20260101-999999 urged by the customer (1x)',
    createdAt: tp.clock.now(),
    ...overrides,
  });
  return key;
}
