import type { WorkOrderStatus } from './lifecycle';

/** What a work order's record tells about its path through work-order.bpmn. */
export interface ProgressFacts {
  readonly status: WorkOrderStatus;
  readonly routed: boolean;
  readonly tasks: readonly { elementId: string }[];
  readonly history: readonly { elementId?: string }[];
  /** A dispatch to OA: the instance waits for OA's answers (receive tasks, no open step of its own). */
  readonly oa?: { readonly stage: 'awaiting-acceptance' | 'accepted' | 'finished' };
  /** Automated callbacks (#Activity_Callback): one not finished means the instance waits in it. */
  readonly callbacks?: readonly { readonly state: string }[];
  readonly closedAs?: 'unreachable';
}

/** The receive task the instance waits at while OA works on the work order. */
const OA_WAITS = { 'awaiting-acceptance': 'Activity_AwaitOaAcceptance', accepted: 'Activity_AwaitOaResolution' } as const;

export interface Progress {
  /** Elements the instance waits at now (open steps). */
  readonly activeElementIds: string[];
  /** Elements it has passed. */
  readonly completedElementIds: string[];
}

/**
 * Where a work order stands in its diagram, from its own record: every step the workers and
 * the API recorded names its BPMN element. (The engine has no history search without Operate;
 * the record is the audit trail anyway.)
 */
export function progressOf(facts: ProgressFacts): Progress {
  const active = new Set(facts.tasks.map((t) => t.elementId));
  const open = facts.status !== 'closed' && facts.status !== 'cancelled';
  if (facts.oa && facts.oa.stage !== 'finished' && open) active.add(OA_WAITS[facts.oa.stage]);
  if (open && facts.callbacks?.some((c) => c.state !== 'finished')) active.add('Activity_Callback');
  const completed = new Set<string>(['StartEvent_Created']);
  if (facts.routed) completed.add('Activity_Classify');
  for (const entry of facts.history) if (entry.elementId && !active.has(entry.elementId)) completed.add(entry.elementId);
  if (facts.status === 'closed') completed.add(facts.closedAs === 'unreachable' ? 'EndEvent_ClosedUnreachable' : 'EndEvent_Closed');
  if (facts.status === 'cancelled') ['StartEvent_Cancelled', 'Activity_RecordCancel', 'EndEvent_Cancelled'].forEach((id) => completed.add(id));
  return { activeElementIds: [...active], completedElementIds: [...completed] };
}
