import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { CallbackPolicyRepository } from '../adapters/mongo/callback.repository';
import type { SlaRepository } from '../adapters/mongo/sla.repository';
import type { Clock } from '../domain/clock';
import { CallbackPolicyInputSchema, DEFAULT_CALLBACK_POLICY, type CallbackPolicy } from '../domain/callback/policy';
import { UnknownCalendarError } from '../domain/callback/errors';

export interface CallbackPolicies {
  /** The version new callbacks start with. A platform without one saves the default as version 1 (by `system`, audited). */
  current(): Promise<CallbackPolicy>;
  /** A version a callback is pinned to. Throws when it is gone (versions are never deleted). */
  pinned(version: number): Promise<CallbackPolicy>;
  versions(): Promise<CallbackPolicy[]>;
  /** An admin's change: validated, checked against the calendars, saved as the next version, audited. */
  save(input: unknown, by: string): Promise<CallbackPolicy>;
}

export function createCallbackPolicies(deps: { repo: CallbackPolicyRepository; sla: Pick<SlaRepository, 'currentCalendars'>; audit: AuditLog; clock: Clock }): CallbackPolicies {
  const { repo, audit, clock } = deps;
  // versions never change once saved, so a process keeps each one it has read
  const pinnedVersions = new Map<number, CallbackPolicy>();

  async function store(policy: unknown, by: string): Promise<CallbackPolicy> {
    const input = CallbackPolicyInputSchema.parse(policy);
    const calendarId = input.windows.calendarId;
    if (!(await deps.sla.currentCalendars()).some((c) => c.id === calendarId)) throw new UnknownCalendarError(calendarId);
    const now = clock.now();
    const saved = await repo.save(input, by, now);
    await audit.record({ at: now, by, action: 'callback-policy-saved', subject: 'callback-policy', detail: { version: saved.version, ...input } });
    return saved;
  }

  return {
    async current() {
      return (await repo.current()) ?? store({ ...DEFAULT_CALLBACK_POLICY, comment: 'No policy was saved: the built-in default.' }, 'system');
    },
    async pinned(version) {
      const cached = pinnedVersions.get(version);
      if (cached) return cached;
      const found = await repo.version(version);
      if (!found) throw new Error(`callback policy v${version} is missing`);
      pinnedVersions.set(version, found);
      return found;
    },
    versions: () => repo.versions(),
    save: store,
  };
}
