import type { Mailbox } from '../adapters/mail/mailbox';
import type { MailOutboxStore, OutboxEntry } from '../adapters/mongo/mail-outbox.repository';
import type { Clock } from '../domain/clock';
import { NotFoundError } from '../domain/errors';
import { MailAdminError } from '../domain/mail/errors';

export interface MailAdmin {
  /** Dead-lettered entries, latest first. */
  deadLetters(limit: number): Promise<OutboxEntry[]>;
  /**
   * Puts a dead-lettered entry back in the queue for its unsent recipients, `uncertain` ones
   * included (the admin decides they did not get it), and journals who asked. The drainer sends it.
   */
  resend(key: string, by: string): Promise<OutboxEntry>;
  /** The local mail peer's mailbox; throws MAILBOX_NOT_LOCAL when mail goes to a real server. */
  mailbox(): Mailbox;
}

export function createMailAdmin(deps: { store: MailOutboxStore; mailbox: Mailbox | undefined; clock: Clock }): MailAdmin {
  const { store, clock } = deps;
  return {
    deadLetters: (limit) => store.listDeadLetters(limit),

    async resend(key, by) {
      const entry = await store.findByKey(key);
      if (!entry) throw new NotFoundError('mail', key);
      if (entry.state !== 'dead-letter') throw MailAdminError.notDeadLettered(key, entry.state);
      const now = clock.now();
      const recipients = entry.recipients?.map((r) => (r.state === 'sent' ? r : { ...r, state: 'pending' as const }));
      const again = recipients?.filter((r) => r.state === 'pending').map((r) => r.email) ?? [];
      const changed = await store.updateAt(entry, {
        $set: { state: 'pending', attempts: 0, nextAttemptAt: now, ...(recipients ? { recipients } : {}) },
        $unset: { deadLetteredAt: 1 },
        $push: { journal: { at: now, event: 'resend-requested', by, detail: `resend to ${again.join(', ') || 'its recipients'}` } },
      });
      if (!changed) throw MailAdminError.changed(key);
      await store.schedule(entry, now);
      return (await store.findByKey(key))!;
    },

    mailbox() {
      if (!deps.mailbox) throw MailAdminError.mailboxNotLocal();
      return deps.mailbox;
    },
  };
}
