import { DomainError } from '../domain/errors';

/** What re-sending one dead letter of a selection did. */
export interface ResendResult {
  readonly id: string;
  readonly outcome: 'queued' | 'already-resent' | 'refused';
  /** Why it was refused (a domain error code such as NOT_FOUND). */
  readonly code?: string;
  readonly detail?: string;
}

/** Largest selection re-sent in one request. */
export const MAX_RESEND_BATCH = 100;

/**
 * Re-sends each dead letter of an administrator's selection in turn: one that cannot be re-sent
 * is reported and the others still go.
 */
export async function resendEach(ids: readonly string[], resendOne: (id: string) => Promise<'queued' | 'already-resent'>): Promise<ResendResult[]> {
  const results: ResendResult[] = [];
  for (const id of new Set(ids)) {
    try {
      results.push({ id, outcome: await resendOne(id) });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      results.push({ id, outcome: 'refused', code: err.code, detail: err.message });
    }
  }
  return results;
}
