import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { EndpointSecret, OaDeliveryDoc, OaEndpointDoc, OaRepository } from '../adapters/mongo/oa.repository';
import type { Clock } from '../domain/clock';
import { NotFoundError } from '../domain/errors';
import { newSecret } from '../domain/oa/signature';

export type SecretDirection = 'signing' | 'verifying';

export interface EndpointInput {
  endpointId: string;
  name: string;
  url: string;
  departments: string[];
  answerWithin: string;
}

export interface OaAdmin {
  endpoints(): Promise<OaEndpointDoc[]>;
  /** Creates or changes an endpoint; a new one gets both secrets, shown only in this answer. */
  saveEndpoint(by: string, input: EndpointInput): Promise<{ endpoint: OaEndpointDoc; newSecrets: Partial<Record<SecretDirection, string>> }>;
  /** A new secret for one direction; the ones before it retire after `graceHours` (both work meanwhile). */
  rotateSecret(by: string, endpointId: string, direction: SecretDirection, graceHours: number): Promise<{ endpoint: OaEndpointDoc; secret: string }>;
  /**
   * The departments go back to working in Closeloop's inbox. Refused while work orders wait for
   * the endpoint's answers: without its secrets their answers could no longer be verified.
   */
  removeEndpoint(by: string, endpointId: string): Promise<'removed' | 'missing' | { inUse: number }>;
  /** One page of the dead pushes, latest first, and their total. */
  deadLetters(page: { skip: number; limit: number }): Promise<{ items: OaDeliveryDoc[]; total: number }>;
  /** Queues a dead push again (audited); an earlier re-send found changes nothing. NotFoundError when there is no such dead push. */
  resend(by: string, deliveryId: string): Promise<'queued' | 'already-resent'>;
}

const field = (direction: SecretDirection): 'signingSecrets' | 'verifyingSecrets' => (direction === 'signing' ? 'signingSecrets' : 'verifyingSecrets');

/** Administration of OA endpoints and their dead letters; every change is audited (without the secrets). */
export function createOaAdmin(deps: { repo: OaRepository; audit: AuditLog; clock: Clock }): OaAdmin {
  const { repo, audit, clock } = deps;
  const secret = (now: Date): EndpointSecret & { secret: string } => ({ secretId: `sec_${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 6)}`, secret: newSecret(), createdAt: now });

  return {
    endpoints: () => repo.endpoints(),
    async saveEndpoint(by, input) {
      const now = clock.now();
      const existing = await repo.endpoint(input.endpointId);
      const newSecrets: Partial<Record<SecretDirection, string>> = {};
      const endpoint: OaEndpointDoc = existing
        ? { ...existing, name: input.name, url: input.url, departments: input.departments, answerWithin: input.answerWithin, updatedAt: now, updatedBy: by }
        : (() => {
            const signing = secret(now);
            const verifying = secret(now);
            newSecrets.signing = signing.secret;
            newSecrets.verifying = verifying.secret;
            return { _id: input.endpointId, ...input, signingSecrets: [signing], verifyingSecrets: [verifying], updatedAt: now, updatedBy: by };
          })();
      await repo.saveEndpoint(endpoint);
      await audit.record({ at: now, by, action: existing ? 'oa-endpoint-changed' : 'oa-endpoint-created', subject: `oa-endpoint:${input.endpointId}`, detail: { ...input } });
      return { endpoint, newSecrets };
    },
    async rotateSecret(by, endpointId, direction, graceHours) {
      const existing = await repo.endpoint(endpointId);
      if (!existing) throw new NotFoundError('OA endpoint', endpointId);
      const now = clock.now();
      const retiresAt = new Date(now.getTime() + graceHours * 3_600_000);
      const fresh = secret(now);
      const kept = existing[field(direction)]
        .filter((s) => !s.retiresAt || s.retiresAt.getTime() > now.getTime())
        .map((s) => ({ ...s, retiresAt: s.retiresAt && s.retiresAt < retiresAt ? s.retiresAt : retiresAt }));
      const endpoint = { ...existing, [field(direction)]: [...kept, fresh], updatedAt: now, updatedBy: by };
      await repo.saveEndpoint(endpoint);
      await audit.record({ at: now, by, action: 'oa-secret-rotated', subject: `oa-endpoint:${endpointId}`, detail: { direction, secretId: fresh.secretId, previousRetireAt: retiresAt.toISOString() } });
      return { endpoint, secret: fresh.secret };
    },
    async removeEndpoint(by, endpointId) {
      const inUse = await repo.openWorkOrdersWith(endpointId);
      if (inUse > 0) return { inUse };
      if (!(await repo.removeEndpoint(endpointId))) return 'missing';
      await audit.record({ at: clock.now(), by, action: 'oa-endpoint-removed', subject: `oa-endpoint:${endpointId}`, detail: {} });
      return 'removed';
    },
    deadLetters: (page) => repo.deadLetters(page),
    async resend(by, deliveryId) {
      const now = clock.now();
      const outcome = await repo.resend(deliveryId, by, now);
      if (outcome === 'missing') throw new NotFoundError('dead OA push', deliveryId);
      if (outcome === 'queued') await audit.record({ at: now, by, action: 'oa-delivery-resent', subject: `oa-delivery:${deliveryId}`, detail: {} });
      return outcome;
    },
  };
}
