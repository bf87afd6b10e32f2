import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MailSender } from '../adapters/mail/mail-sender';
import type { UpdateQuery } from 'mongoose';
import { revisionOf, type MailOutboxStore, type OutboxEntry } from '../adapters/mongo/mail-outbox.repository';
import type { DeliveryJournalEntry, NotificationDoc, RecipientDelivery } from '../adapters/mongo/notification.repository';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { retryDelayMs, stableMessageId } from '../domain/mail/notification-mail';
import { resolveRecipients } from '../domain/mail/recipients';
import type { IdentityService } from './identity-service';
import type { MailComposer } from './mail-composer';

export interface MailDrainerOptions {
  /** Names this drainer in leases; unique per process by default. */
  readonly owner?: string;
  /** How long (ms) a claim keeps other drainers off an entry; well above one SMTP transaction's timeouts. */
  readonly leaseMs: number;
  /** Claims before an entry is dead-lettered. */
  readonly maxAttempts: number;
  /** Wait (ms) after the first failed attempt; doubled after each further one, up to retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Entries one pass looks at. */
  readonly batchSize: number;
  /** Entries delivered side by side within a pass (each waits mostly on the database and SMTP). */
  readonly concurrency: number;
  /** Domain of the Message-IDs (the sender address's). */
  readonly messageIdDomain: string;
}

export interface MailDrainerDeps {
  readonly store: MailOutboxStore;
  readonly sender: MailSender;
  readonly composer: MailComposer;
  readonly identity: Pick<IdentityService, 'mailDirectory'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** `error`: the database or the composer failed; the lease runs out and a later pass tries again. */
export type DeliveryOutcome = 'sent' | 'retry' | 'dead-letter' | 'held-by-other' | 'lost-to-other' | 'error';

export interface MailDrainer {
  /** One pass over the due entries; what happened to each one looked at. */
  drainOnce(): Promise<Record<DeliveryOutcome, number>>;
}

/** Another drainer changed the entry since this one read it: it holds the entry now. */
class LostEntry extends Error {}

type MailDirectory = Awaited<ReturnType<IdentityService['mailDirectory']>>;

type EntryWriter = (change: UpdateQuery<NotificationDoc>, journal?: [DeliveryJournalEntry['event'], string]) => Promise<void>;

const SYSTEM = 'system';

/**
 * Delivers the notification outbox by mail. Per entry: claim it with a lease (a revision-
 * conditional update), resolve its recipients once, and for each recipient mark `sending`,
 * hand the mail to SMTP, mark `sent` with the server's answer. Every write is made at the
 * revision this drainer last wrote, so a drainer that lost the entry stops at its next write.
 *
 * Never twice: a recipient found `sending` by a later claim (its drainer died or hung between
 * the SMTP answer and the mark) becomes `uncertain` and is not sent again automatically; the
 * entry is dead-lettered for an admin to look at. That is at-most-once per recipient, chosen
 * because a duplicate "dispatched to you" mail is worse than a rare one an admin must resend
 * (docs/mail.md). Failures the server reported are certain and are retried with backoff.
 */
export function createMailDrainer(deps: MailDrainerDeps, options: MailDrainerOptions): MailDrainer {
  const { store, sender, composer, clock, logger } = deps;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = logger.child({ component: 'mail-drainer', owner });

  /**
   * Writes to one entry at the revision this drainer last wrote, raising it; throws LostEntry when
   * another drainer changed the entry meanwhile. A journal line goes in with the same write.
   */
  function writerFor(found: OutboxEntry): EntryWriter {
    let revision = revisionOf(found);
    return async (change, line) => {
      const journal = line ? { $push: { journal: { at: clock.now(), event: line[0], by: SYSTEM, detail: line[1] } } } : {};
      if (!(await store.updateAt({ _id: found._id, revision }, { ...change, ...journal }))) throw new LostEntry();
      revision += 1;
    };
  }

  async function deliver(found: OutboxEntry, directory: () => Promise<MailDirectory>): Promise<DeliveryOutcome> {
    const claimedAt = clock.now();
    if (found.leaseUntil && found.leaseUntil > claimedAt) return 'held-by-other';
    const write = writerFor(found);
    const attempts = (found.attempts ?? 0) + 1;
    await write({ $set: { leaseOwner: owner, leaseUntil: new Date(claimedAt.getTime() + options.leaseMs), attempts } });

    let recipients: RecipientDelivery[];
    if (found.recipients === undefined) {
      const resolved = resolveFor(found, await directory());
      recipients = resolved.recipients;
      const skipped = resolved.skipped.map((s) => `${s.employeeId} (${s.reason})`).join(', ');
      await write({ $set: { recipients, skipped: resolved.skipped } }, ['recipients-resolved', `${recipients.length} recipient(s)${skipped ? `; skipped ${skipped}` : ''}`]);
    } else {
      recipients = found.recipients.map((r) => ({ ...r }));
      const interrupted = recipients.filter((r) => r.state === 'sending');
      if (interrupted.length > 0) {
        for (const r of interrupted) r.state = 'uncertain';
        await write({ $set: { recipients } }, ['delivery-uncertain', `a drainer stopped while sending to ${interrupted.map((r) => r.email).join(', ')}: not sent again automatically`]);
      }
    }

    const due = recipients.filter((r) => r.state === 'pending' || r.state === 'failed');
    if (due.length > 0) {
      const compose = await composer.prepare(found);
      for (const recipient of due) {
        recipient.state = 'sending';
        // each send renews the lease: a slow server must not let another drainer take the entry midway
        await write({ $set: { recipients, leaseUntil: new Date(clock.now().getTime() + options.leaseMs) } });
        try {
          const mail = compose(recipient);
          const receipt = await sender.send({ to: { name: recipient.name, address: recipient.email }, ...mail, messageId: recipient.messageId, headers: { 'X-Closeloop-Notification': found.key } });
          Object.assign(recipient, { state: 'sent', response: receipt.response, at: clock.now() });
          await write({ $set: { recipients } });
        } catch (err) {
          if (err instanceof LostEntry) throw err;
          const message = err instanceof Error ? err.message : String(err);
          Object.assign(recipient, { state: 'failed', response: message, at: clock.now() });
          await write({ $set: { recipients, lastError: message } });
          // the server or the way to it failed: the others would wait on the same timeouts
          break;
        }
      }
    }
    return finish(found, recipients, attempts, write);
  }

  function resolveFor(entry: NotificationDoc, { users, units }: MailDirectory): { recipients: RecipientDelivery[]; skipped: NonNullable<NotificationDoc['skipped']> } {
    const { recipients, skipped } = resolveRecipients(entry, users, units);
    return {
      recipients: recipients.map((r) => ({ ...r, state: 'pending', messageId: stableMessageId(entry.key, r.employeeId, options.messageIdDomain) })),
      skipped,
    };
  }

  /**
   * Ends the attempt: sent, retried after a backoff, or dead-lettered; the lease is released either
   * way. The mail queue follows the entry's own write: a drainer stopping in between leaves a queue
   * document that the next pass drops (the entry is no longer pending) or moves to nextAttemptAt.
   */
  async function finish(entry: OutboxEntry, recipients: readonly RecipientDelivery[], attempts: number, write: EntryWriter): Promise<DeliveryOutcome> {
    const now = clock.now();
    const release = { leaseOwner: 1, leaseUntil: 1 } as const;
    const unfinished = recipients.filter((r) => r.state === 'pending' || r.state === 'failed');
    const uncertain = recipients.filter((r) => r.state === 'uncertain');
    if (unfinished.length === 0 && uncertain.length === 0) {
      await write({ $set: { state: 'sent', sentAt: now }, $unset: release }, ['sent', `${recipients.length} mail(s) accepted by the SMTP server`]);
      await store.dequeue(entry.key);
      return 'sent';
    }
    if (unfinished.length > 0 && attempts < options.maxAttempts) {
      const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts, options.retryBaseMs, options.retryMaxMs));
      await write({ $set: { nextAttemptAt }, $unset: release }, ['attempt-failed', `attempt ${attempts} of ${options.maxAttempts}: ${unfinished.map((r) => r.email).join(', ')} not sent; next attempt at ${nextAttemptAt.toISOString()}`]);
      await store.schedule(entry, nextAttemptAt);
      return 'retry';
    }
    const why = unfinished.length > 0 ? `gave up after ${attempts} attempt(s)` : `delivery to ${uncertain.map((r) => r.email).join(', ')} is uncertain`;
    await write({ $set: { state: 'dead-letter', deadLetteredAt: now }, $unset: release }, ['dead-lettered', why]);
    await store.dequeue(entry.key);
    log.warn({ key: entry.key, why }, 'mail dead-lettered');
    return 'dead-letter';
  }

  return {
    async drainOnce() {
      const outcomes: Record<DeliveryOutcome, number> = { sent: 0, retry: 0, 'dead-letter': 0, 'held-by-other': 0, 'lost-to-other': 0, error: 0 };
      const queue = await store.findDue(clock.now(), options.batchSize);
      // the users and units are read once per pass, and only when an entry needs its recipients
      let loading: Promise<MailDirectory> | undefined;
      const directory = (): Promise<MailDirectory> => (loading ??= deps.identity.mailDirectory());
      const lane = async (): Promise<void> => {
        for (let entry = queue.shift(); entry; entry = queue.shift()) {
          try {
            outcomes[await deliver(entry, directory)] += 1;
          } catch (err) {
            if (err instanceof LostEntry) outcomes['lost-to-other'] += 1;
            else {
              log.error({ err, key: entry.key }, 'mail delivery failed');
              outcomes.error += 1;
            }
          }
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, lane));
      return outcomes;
    },
  };
}
