import type { OpenTask, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Principal } from '../domain/identity/principal';
import { visibilityOf } from '../domain/work-order/access';

export interface InboxEntry {
  readonly task: OpenTask;
  readonly workOrder: WorkOrderDoc;
}

export interface InboxService {
  /**
   * `department`: open steps waiting for the caller's departments (or unit). `mine`: steps
   * assigned to the caller and steps of work orders the caller handles. Earliest due first.
   */
  list(principal: Principal, view: 'department' | 'mine'): Promise<InboxEntry[]>;
}

/** An inbox shows this many work orders at most; a department with more needs the list's filters. */
const INBOX_LIMIT = 500;

const dueTime = (doc: WorkOrderDoc): number => doc.dueAt?.getTime() ?? Number.MAX_SAFE_INTEGER;

export function createInboxService(workOrders: WorkOrderRepository): InboxService {
  return {
    async list(principal, view) {
      const visibility = visibilityOf(principal);
      const inMyGroups = (task: OpenTask): boolean => visibility.all || task.candidateGroups.some((g) => visibility.groups.includes(g));
      const docs =
        view === 'department'
          ? await workOrders.findWithOpenTasks(visibility.all ? { all: true } : { groups: visibility.groups }, INBOX_LIMIT)
          : await workOrders.findWithOpenTasks({ assignee: principal.employeeId, handlerId: principal.employeeId }, INBOX_LIMIT);
      const entries = docs.flatMap((workOrder) =>
        workOrder.tasks
          .filter((task) => (view === 'department' ? inMyGroups(task) : task.assignee === principal.employeeId || (workOrder.handlerId === principal.employeeId && inMyGroups(task))))
          .map((task) => ({ task, workOrder })),
      );
      return entries.sort((a, b) => dueTime(a.workOrder) - dueTime(b.workOrder) || a.task.createdAt.getTime() - b.task.createdAt.getTime());
    },
  };
}
