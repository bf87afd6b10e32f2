import type { OaRepository } from '../adapters/mongo/oa.repository';
import type { WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { OutboundEventType } from '../domain/oa/events';
import type { OaOutbox } from './oa-outbox';

/** True while the work order is with the OA department it was pushed to and OA has not answered it finally. */
export const isWithOa = (doc: Pick<WorkOrderDoc, 'oa' | 'department'>): boolean =>
  doc.oa !== undefined && doc.oa.stage !== 'finished' && doc.oa.department === doc.department;

/**
 * Tells OA about a later change (urged, supervised, cancelled, chased) of a work order it works
 * on; nothing when the work order is not with OA. `cause` keys the push (one per cause).
 */
export async function relayToOa(
  deps: { oa: OaRepository; oaOutbox: OaOutbox },
  doc: WorkOrderDoc,
  type: OutboundEventType,
  cause: string,
  extra?: Record<string, unknown>,
): Promise<void> {
  if (!isWithOa(doc)) return;
  const endpoint = await deps.oa.endpoint(doc.oa!.endpointId);
  if (endpoint) await deps.oaOutbox.push(endpoint, doc, type, cause, extra);
}
