import { hasRole, type Principal } from '../identity/principal';
import {
  isHumanStep,
  isOpen,
  rolesForStep,
  TaskActionNames,
  TaskActions,
  type MessageActionName,
  type TaskActionName,
  type WorkOrderStatus,
} from './lifecycle';

/**
 * Which work orders a principal may see: those of its departments (current department, an open
 * step's candidate group, or a collaboration it was asked for), those it owns as the agent of
 * first contact, and those with a step assigned to it. `all` for center-wide roles.
 */
export interface Visibility {
  readonly all: boolean;
  /** Department ids and the principal's own unit (a team can be a step's candidate group). */
  readonly groups: readonly string[];
  readonly employeeId: string;
}

/** The parts of a work order visibility reads. */
export interface VisibilityFacts {
  readonly ownerAgentId: string;
  readonly department?: string;
  readonly tasks: readonly { candidateGroups: readonly string[]; assignee?: string }[];
  readonly collaborations: readonly { department: string }[];
}

/** The rule of `Visibility`, for one work order (the repository's list filter says the same in a query). */
export function isVisible(visibility: Visibility, facts: VisibilityFacts): boolean {
  if (visibility.all) return true;
  const mine = (group: string | undefined): boolean => group !== undefined && visibility.groups.includes(group);
  return (
    mine(facts.department) ||
    facts.ownerAgentId === visibility.employeeId ||
    facts.tasks.some((t) => t.assignee === visibility.employeeId || t.candidateGroups.some(mine)) ||
    facts.collaborations.some((c) => mine(c.department))
  );
}

export function visibilityOf(principal: Principal): Visibility {
  const departments = principal.departments === 'all' ? [] : principal.departments;
  return {
    all: principal.departments === 'all',
    groups: [...new Set([...departments, principal.unitId])],
    employeeId: principal.employeeId,
  };
}

/** The parts of a work order access decisions read. */
export interface AccessFacts {
  readonly status: WorkOrderStatus;
  readonly ownerAgentId: string;
  readonly department?: string;
  readonly tasks: readonly { elementId: string; candidateGroups: readonly string[]; assignee?: string }[];
  /** Set while the department waits for the customer (the SLA clocks stand still). */
  readonly waitingForCustomer?: unknown;
}

const inScope = (principal: Principal, group: string | undefined): boolean =>
  group !== undefined && (principal.departments === 'all' || principal.departments.includes(group) || principal.unitId === group);

/** May the principal complete this open step? It needs the step's role and the task: assigned to it, or its group's. */
export function mayCompleteTask(principal: Principal, task: AccessFacts['tasks'][number]): boolean {
  if (!isHumanStep(task.elementId)) return false;
  if (!hasRole(principal, ...rolesForStep(task.elementId))) return false;
  if (task.assignee === principal.employeeId) return true;
  return task.candidateGroups.some((group) => inScope(principal, group));
}

/** The open step an action would complete for this principal, if any. */
export function taskForAction<T extends AccessFacts['tasks'][number]>(principal: Principal, tasks: readonly T[], action: TaskActionName): T | undefined {
  const steps: readonly string[] = TaskActions[action].steps;
  return tasks.find((task) => steps.includes(task.elementId) && mayCompleteTask(principal, task));
}

/**
 * May the principal say the department waits for the customer, or that the wait is over? Whoever
 * may write the handling step's feedback: the wait is part of handling.
 */
export function mayPauseHandling(principal: Principal, facts: AccessFacts): boolean {
  return taskForAction(principal, facts.tasks, 'feedback') !== undefined;
}

/** Statuses in which a running instance listens for urges, supervision and cancellation. */
const ATTENTION_STATUSES: readonly WorkOrderStatus[] = ['routing', 'dispatched', 'returned', 'in-progress', 'collaborating', 'in-review', 'verifying'];

const isOwner = (principal: Principal, facts: AccessFacts): boolean => principal.employeeId === facts.ownerAgentId;

/** May the principal send this message action, whatever the status? */
export function mayRequest(principal: Principal, facts: AccessFacts, action: MessageActionName): boolean {
  switch (action) {
    case 'urge':
      // the customer called again: the owning agent, a supervisor over the department, or the OA system
      return (hasRole(principal, 'agent') && (isOwner(principal, facts) || principal.kind === 'api-client')) || supervises(principal, facts);
    case 'supervise':
      return supervises(principal, facts);
    case 'cancel':
      // first-contact responsibility: only the agent who owns the work order withdraws it
      return hasRole(principal, 'agent') && isOwner(principal, facts);
  }
}

const supervises = (principal: Principal, facts: AccessFacts): boolean => hasRole(principal, 'supervisor') && inScope(principal, facts.department);

/** Whether the status admits the message action at all (409 when not, 403-like refusals aside). */
export function statusAllows(action: MessageActionName, status: WorkOrderStatus): boolean {
  if (action === 'cancel') return isOpen(status);
  return ATTENTION_STATUSES.includes(status);
}

/** Exactly the actions this principal may take on the work order now (the portal shows these buttons). */
export function allowedActions(principal: Principal, facts: AccessFacts): string[] {
  const actions: string[] = TaskActionNames.filter((action) => taskForAction(principal, facts.tasks, action) !== undefined);
  if (mayPauseHandling(principal, facts)) actions.push(facts.waitingForCustomer ? 'resume' : 'await-customer');
  for (const action of ['urge', 'supervise', 'cancel'] as const) {
    if (statusAllows(action, facts.status) && mayRequest(principal, facts, action)) actions.push(action);
  }
  return actions;
}
