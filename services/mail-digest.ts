import type { NotificationOutbox } from '../adapters/mongo/notification.repository';
import type { Clock } from '../domain/clock';
import { centerDay, digestDueAt } from '../domain/mail/digest';
import { digestKey } from '../domain/mail/notification-mail';
import type { IdentityService } from './identity-service';

export interface DigestSchedulerDeps {
  readonly outbox: Pick<NotificationOutbox, 'enqueue'>;
  readonly identity: Pick<IdentityService, 'listUnits'>;
  readonly clock: Clock;
  readonly centerTimeZone: string;
  /** Hour of the center-day (0-23, wall clock) from which the day's digest is due. */
  readonly digestHour: number;
}

export interface DigestScheduler {
  /** Queues today's digest of every department once the digest hour has passed; the day (yyyy-mm-dd) when it did. */
  enqueueDue(): Promise<string | null>;
}

/**
 * Each department's daily digest, to its supervisors, once per center-day. The outbox key
 * `digest:<department>:<yyyy-mm-dd>` makes it once across drainers, processes and restarts;
 * remembering the day queued only saves the duplicate inserts. Driven by the platform clock.
 */
export function createDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  let queuedDay: string | undefined;
  return {
    async enqueueDue() {
      const now = deps.clock.now();
      const today = centerDay(now, deps.centerTimeZone);
      if (now < digestDueAt(now, deps.centerTimeZone, deps.digestHour) || queuedDay === today.day) return null;
      const departments = (await deps.identity.listUnits()).filter((u) => u.kind === 'department');
      for (const department of departments) {
        await deps.outbox.enqueue({
          key: digestKey(department.unitId, today.day),
          kind: 'digest',
          departments: [department.unitId],
          employees: [],
          audience: 'supervisors',
          subject: `Daily digest of ${department.unitId} for ${today.day}`,
          createdAt: now,
        });
      }
      queuedDay = today.day;
      return today.day;
    },
  };
}
