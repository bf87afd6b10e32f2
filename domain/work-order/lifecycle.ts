import type { Role } from '../identity/principal';
import type { Unit } from '../identity/units';

/**
 * Where a work order stands. Each value mirrors a point in `processes/work-order.bpmn`:
 * - pending: recorded; the engine has not yet confirmed the start.
 * - routing: the engine took the start; routing.dmn and `ticket.route` have not bound it yet.
 * - dispatched: waiting at #Activity_Accept for the department to accept it.
 * - returned: the department sent it back as misrouted; waiting at #Activity_Reroute (dispatch desk).
 * - in-progress: accepted; the department handles it at #Activity_Handle.
 * - collaborating: other departments work on it in parallel at #Activity_Collaborate.
 * - in-review: VIP path, feedback written; the department's supervisor reviews it at #Activity_Review.
 * - verifying: the center verifies the result with the customer (#Activity_Verify, or
 *   #Activity_SeniorCallback on the VIP path, or the automated callback #Activity_Callback,
 *   whose stage `callbackStage` tells).
 * - closed / cancelled: the instance has ended.
 */
export const WorkOrderStatuses = [
  'pending',
  'routing',
  'dispatched',
  'returned',
  'in-progress',
  'collaborating',
  'in-review',
  'verifying',
  'closed',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WorkOrderStatuses)[number];

export const OpenStatuses: readonly WorkOrderStatus[] = WorkOrderStatuses.filter((s) => s !== 'closed' && s !== 'cancelled');
export const isOpen = (status: WorkOrderStatus): boolean => OpenStatuses.includes(status);

/** The human steps of work-order.bpmn (user task element ids) and the status each one means. */
export const HumanSteps = {
  Activity_Accept: 'dispatched',
  Activity_Reroute: 'returned',
  Activity_Handle: 'in-progress',
  Activity_Collaborate: 'collaborating',
  Activity_Review: 'in-review',
  Activity_Verify: 'verifying',
  Activity_SeniorCallback: 'verifying',
} as const satisfies Record<string, WorkOrderStatus>;
export type HumanStep = keyof typeof HumanSteps;
export const isHumanStep = (elementId: string): elementId is HumanStep => Object.hasOwn(HumanSteps, elementId);

/** The department that re-routes returned work orders (candidate group of #Activity_Reroute). */
export const DISPATCH_DESK = 'dispatch-desk';

/**
 * Where a work order sent to `department` goes, given the unit of that id (if there is one): there
 * while it is an enabled department, else to the dispatch desk, which re-routes it by hand.
 * routing.dmn can name a department an admin disabled (or never created), and nobody would ever
 * read its inbox.
 */
export function receivingDepartment(department: string, unit: Unit | undefined): string {
  return unit?.unitId === department && unit.kind === 'department' && !unit.disabled ? department : DISPATCH_DESK;
}

/** Routing flows the decision table chooses; the VIP flow adds a supervisor review and a senior callback. */
export const Flows = ['standard', 'vip'] as const;
export type Flow = (typeof Flows)[number];

/**
 * Who may act at a human step, beyond belonging to the task's candidate department (or being
 * its assignee): the step's roles.
 */
const STEP_ROLES: Record<HumanStep, readonly Role[]> = {
  Activity_Accept: ['handler', 'supervisor'],
  Activity_Reroute: ['handler', 'supervisor'],
  Activity_Handle: ['handler', 'supervisor'],
  Activity_Collaborate: ['handler', 'supervisor'],
  Activity_Review: ['supervisor'],
  Activity_Verify: ['agent', 'supervisor'],
  Activity_SeniorCallback: ['agent', 'supervisor'],
};
export const rolesForStep = (step: HumanStep): readonly Role[] => STEP_ROLES[step];

/** Where an automated callback stands, in words for lists and the work-order page: `calling back (attempt 2)`. */
export function callbackStage(callback: { readonly state: string; readonly attempts: readonly unknown[]; readonly result?: { readonly outcome: string } | undefined }): string {
  const attempt = callback.attempts.length + 1;
  switch (callback.state) {
    case 'waiting':
      return `calling back (attempt ${attempt}, waiting for the calling window)`;
    case 'survey':
      return 'e-mail survey sent, awaiting the answer';
    case 'finished':
      return `called back: ${callback.result?.outcome.replace('-', ' ') ?? 'finished'}`;
    default:
      return `calling back (attempt ${attempt})`;
  }
}

/** Facts the next status depends on, besides the action. */
export interface NextStatusContext {
  readonly flow: Flow;
  /** verify: the customer is satisfied. */
  readonly satisfied?: boolean;
  /** review: the supervisor approved the feedback. */
  readonly approved?: boolean;
  /** collaboration-feedback: other collaborations are still open. */
  readonly otherCollaborationsOpen?: boolean;
}

/**
 * Actions that complete a human step. `decision` is the value work-order.bpmn's gateways read;
 * `next` is the status the work order moves to (the step the engine reaches next), decided
 * here so the API answers with it at once and the record never shows a stale status.
 */
export interface TaskAction {
  readonly steps: readonly HumanStep[];
  readonly decision: string;
  readonly next: (context: NextStatusContext) => WorkOrderStatus;
}

export const TaskActions = {
  accept: { steps: ['Activity_Accept'], decision: 'accept', next: () => 'in-progress' },
  return: { steps: ['Activity_Accept', 'Activity_Handle'], decision: 'return', next: () => 'returned' },
  transfer: { steps: ['Activity_Accept', 'Activity_Handle'], decision: 'transfer', next: () => 'dispatched' },
  reroute: { steps: ['Activity_Reroute'], decision: 'reroute', next: () => 'dispatched' },
  collaborate: { steps: ['Activity_Handle'], decision: 'collaborate', next: () => 'collaborating' },
  'collaboration-feedback': {
    steps: ['Activity_Collaborate'],
    decision: 'collaborated',
    next: ({ otherCollaborationsOpen }) => (otherCollaborationsOpen ? 'collaborating' : 'in-progress'),
  },
  feedback: { steps: ['Activity_Handle'], decision: 'feedback', next: ({ flow }) => (flow === 'vip' ? 'in-review' : 'verifying') },
  review: { steps: ['Activity_Review'], decision: 'review', next: ({ approved }) => (approved ? 'verifying' : 'in-progress') },
  verify: {
    steps: ['Activity_Verify', 'Activity_SeniorCallback'],
    decision: 'verify',
    next: ({ satisfied }) => (satisfied ? 'closed' : 'in-progress'),
  },
} as const satisfies Record<string, TaskAction>;
export type TaskActionName = keyof typeof TaskActions;
export const TaskActionNames = Object.keys(TaskActions) as TaskActionName[];

/** Actions sent to the running instance as messages instead of completing a step. */
export const MessageActions = ['urge', 'supervise', 'cancel'] as const;
export type MessageActionName = (typeof MessageActions)[number];
