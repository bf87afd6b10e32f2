import type { Mailbox } from '../adapters/mail/mailbox';
import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { MailOutboxStore, OutboxEntry } from '../adapters/mongo/mail-outbox.repository';
import type { Clock } from '../domain/clock';
import { NotFoundError } from '../domain/errors';
import { MailAdminError } from '../domain/mail/errors';

/** What a resend did: queued now, or found queued by an earlier resend (a double click sends once). */
export interface MailResend {
  readonly entry: OutboxEntry;
  readonly alreadyResent: boolean;
}

export interface MailAdmin {
  /** One page of the dead-lettered entries, latest first, and their total. */
  deadLetters(page: { skip: number; limit: number }): Promise<{ items: OutboxEntry[]; total: number }>;
  /**
   * Puts a dead-lettered entry back in the queue for its unsent recipients, `uncertain` ones
   * included (the admin decides they did not get it), journals who asked and audits it
   * (`mail-resent`). The drainer sends it. An entry an earlier resend already queued is answered
   * as it is, unchanged and not audited again.
   */
  resend(key: string, by: string): Promise<MailResend>;
  /** The local mail peer's mailbox; throws MAILBOX_NOT_LOCAL when mail goes to a real server. */
  mailbox(): Mailbox;
}

/** True when the entry's latest dead-lettering was followed by a resend (it is queued or sent again). */
const resentSinceDeadLettered = (entry: OutboxEntry): boolean =>
  entry.journal?.findLast((j) => j.event === 'dead-lettered' || j.event === 'resend-requested')?.event === 'resend-requested';

export function createMailAdmin(deps: { store: MailOutboxStore; mailbox: Mailbox | undefined; audit: AuditLog; clock: Clock }): MailAdmin {
  const { store, audit, clock } = deps;
  return {
    deadLetters: (page) => store.listDeadLetters(page),

    async resend(key, by) {
      const entry = await store.findByKey(key);
      if (!entry) throw new NotFoundError('mail', key);
      if (entry.state !== 'dead-letter') {
        if (resentSinceDeadLettered(entry)) return { entry, alreadyResent: true };
        throw MailAdminError.notDeadLettered(key, entry.state);
      }
      const now = clock.now();
      const recipients = entry.recipients?.map((r) => (r.state === 'sent' ? r : { ...r, state: 'pending' as const }));
      const again = recipients?.filter((r) => r.state === 'pending').map((r) => r.email) ?? [];
      const changed = await store.updateAt(entry, {
        $set: { state: 'pending', attempts: 0, nextAttemptAt: now, ...(recipients ? { recipients } : {}) },
        $unset: { deadLetteredAt: 1 },
        $push: { journal: { at: now, event: 'resend-requested', by, detail: `resend to ${again.join(', ') || 'its recipients'}` } },
      });
      if (!changed) {
        // a resend at the same moment (a double click) won the revision: answer what it did
        const current = await store.findByKey(key);
        if (current && resentSinceDeadLettered(current)) return { entry: current, alreadyResent: true };
        throw MailAdminError.changed(key);
      }
      await store.schedule(entry, now);
      await audit.record({ at: now, by, action: 'mail-resent', subject: `mail:${key}`, detail: { recipients: again } });
      return { entry: (await store.findByKey(key))!, alreadyResent: false };
    },

    mailbox() {
      if (!deps.mailbox) throw MailAdminError.mailboxNotLocal();
      return deps.mailbox;
    },
  };
}
