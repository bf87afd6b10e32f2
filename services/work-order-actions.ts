import { randomUUID } from 'node:crypto';
import type { NotificationOutbox } from '../adapters/mongo/notification.repository';
import type { Attention, EngineCommand, HistoryEntry, OpenTask, WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderChange, WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { Clock } from '../domain/clock';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/identity/principal';
import { hasRole } from '../domain/identity/principal';
import { StepClocks, stopsStepClock } from '../domain/sla/process';
import { mayPauseHandling, mayRequest, statusAllows, taskForAction, visibilityOf } from '../domain/work-order/access';
import type { ActionBody, WaitAction, WaitBody } from '../domain/work-order/actions';
import { ActionNotAllowedError, InvalidReferenceError, StepNotPermittedError, WorkOrderBusyError } from '../domain/work-order/errors';
import { DISPATCH_DESK, isOpen, TaskActions, type HumanStep, type MessageActionName, type TaskActionName, type WorkOrderStatus } from '../domain/work-order/lifecycle';
import { WorkOrderProcess } from '../domain/work-order/process';
import { pauseClocks, replanClocks, resumeClocks, stopClocks } from './clock-commands';
import { completeJobCommand, publishCommand, type EngineCommandSender } from './engine-commands';
import { versionsOf, type SlaService } from './sla-service';

export interface WorkOrderActionsDeps {
  readonly workOrders: WorkOrderRepository;
  readonly slaService: Pick<SlaService, 'choose'>;
  readonly notifications: NotificationOutbox;
  readonly commands: EngineCommandSender;
  /** True when the id names a department of the unit tree (transfer, re-route and collaboration targets). */
  readonly isDepartment: (id: string) => Promise<boolean>;
  readonly clock: Clock;
}

export interface WorkOrderActions {
  /** Completes the open step the action belongs to; answers with the work order as it stands after. */
  completeStep<A extends TaskActionName>(principal: Principal, workOrderId: string, action: A, body: ActionBody<A>): Promise<WorkOrderDoc>;
  /** Urges or supervises: the engine counts and records it (202); answers with the id of the derived order. */
  requestAttention(principal: Principal, workOrderId: string, action: 'urge' | 'supervise', body: ActionBody<'urge'>): Promise<{ attentionId: string }>;
  cancel(principal: Principal, workOrderId: string, body: ActionBody<'cancel'>): Promise<WorkOrderDoc>;
  /** The department waits for the customer (the clocks stand still), or the wait is over. */
  wait(principal: Principal, workOrderId: string, action: WaitAction, body: WaitBody): Promise<WorkOrderDoc>;
  /** Admins: re-pins the work order to the current policy and calendar; its running clocks plan again. */
  replan(principal: Principal, workOrderId: string, body: { reason: string }): Promise<WorkOrderDoc>;
}

/** Any step action's body: each action's schema (domain/work-order/actions.ts) guarantees its own fields. */
type StepBody = Partial<ActionBody<'transfer'> & ActionBody<'collaborate'> & ActionBody<'feedback'> & ActionBody<'review'> & ActionBody<'verify'> & ActionBody<'accept'>>;

/** What completing a step changes besides status, open tasks and history. */
interface StepPlan {
  readonly variables: Record<string, unknown>;
  readonly set?: Record<string, unknown>;
  readonly unset?: Record<string, 1>;
  readonly push?: Record<string, unknown>;
  readonly note?: string;
  readonly context?: { satisfied?: boolean; approved?: boolean };
}

/** Optimistic updates that lose a race read again; after this many tries the caller gets a conflict. */
const ATTEMPTS = 5;

/** A decided change, the engine commands it owes, and the condition it was decided under (default: the revision read). */
interface Decision {
  readonly change: WorkOrderChange;
  readonly commands: readonly EngineCommand[];
  readonly condition?: { statusIn: readonly WorkOrderStatus[] };
}

export function createWorkOrderActions(deps: WorkOrderActionsDeps): WorkOrderActions {
  const { workOrders, clock } = deps;

  async function read(principal: Principal, workOrderId: string): Promise<WorkOrderDoc> {
    const found = await workOrders.findVisible(workOrderId, visibilityOf(principal));
    if (!found) throw new NotFoundError('work order', workOrderId);
    return found;
  }

  async function requireDepartment(id: string): Promise<void> {
    if (!(await deps.isDepartment(id))) throw new InvalidReferenceError('UNKNOWN_DEPARTMENT', `${id} is not a department`);
  }

  async function plan(action: TaskActionName, body: StepBody, doc: WorkOrderDoc, task: OpenTask, principal: Principal, now: Date): Promise<StepPlan> {
    const by = principal.employeeId;
    switch (action) {
      case 'accept':
        return { variables: {}, set: { acceptedAt: now, handlerId: by }, note: body.note };
      case 'return':
        return { variables: {}, set: { department: DISPATCH_DESK }, unset: { handlerId: 1, acceptedAt: 1 }, note: body.reason };
      case 'transfer':
      case 'reroute': {
        const department = body.department!;
        await requireDepartment(department);
        if (action === 'transfer' && department === doc.department) {
          throw new InvalidReferenceError('INVALID_DEPARTMENT', `work order ${doc.workOrderId} is with ${department} already`);
        }
        return {
          variables: { department, dispatchedBy: by },
          set: { department },
          unset: { handlerId: 1, acceptedAt: 1 },
          note: [`to ${department}`, body.reason ?? body.note].filter(Boolean).join(': '),
        };
      }
      case 'collaborate': {
        const departments = body.departments!;
        for (const department of departments) {
          await requireDepartment(department);
          if (department === doc.department) throw new InvalidReferenceError('INVALID_DEPARTMENT', `${department} handles the work order; ask other departments`);
        }
        const request = body.request!;
        return {
          variables: { collaborators: departments },
          push: { collaborations: { $each: departments.map((department) => ({ department, request, requestedBy: by, requestedAt: now })) } },
          note: `asked ${departments.join(', ')}: ${request}`,
        };
      }
      case 'collaboration-feedback': {
        const department = task.candidateGroups[0];
        const open = doc.collaborations.findLastIndex((c) => c.department === department && c.feedback === undefined);
        if (open < 0) throw new ActionNotAllowedError(action, doc.workOrderId, doc.status);
        const feedback = body.feedback!;
        return { variables: {}, set: { [`collaborations.${open}.feedback`]: feedback, [`collaborations.${open}.by`]: by, [`collaborations.${open}.at`]: now }, note: `${department}: ${feedback}` };
      }
      case 'feedback':
        return { variables: {}, set: { feedback: { text: body.feedback!, by, at: now } }, note: body.feedback };
      case 'review':
        return { variables: { approved: body.approved }, note: body.note, context: { approved: body.approved } };
      case 'verify':
        return { variables: { satisfied: body.satisfied }, note: body.note, context: { satisfied: body.satisfied } };
    }
  }

  /**
   * Reads, decides and applies a change unless the work order moved meanwhile (the decision's
   * condition no longer holds); then sends what the engine is owed.
   */
  async function change(principal: Principal, workOrderId: string, decide: (doc: WorkOrderDoc, now: Date) => Decision | Promise<Decision>): Promise<WorkOrderDoc> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const doc = await read(principal, workOrderId);
      const now = clock.now();
      const decided = await decide(doc, now);
      if (await workOrders.updateIf(workOrderId, decided.condition ?? { revision: doc.revision }, decided.change, now)) {
        await deps.commands.send({ workOrderId, engineCommands: [...decided.commands] });
        return (await workOrders.findById(workOrderId))!;
      }
    }
    throw new WorkOrderBusyError(workOrderId);
  }

  return {
    completeStep(principal, workOrderId, action, body) {
      return change(principal, workOrderId, async (doc, now) => {
        const task = taskForAction(principal, doc.tasks, action);
        if (!task) {
          const steps: readonly string[] = TaskActions[action].steps;
          if (doc.tasks.some((t) => steps.includes(t.elementId))) throw new StepNotPermittedError(action, workOrderId);
          throw new ActionNotAllowedError(action, workOrderId, doc.status);
        }
        const planned = await plan(action, body, doc, task, principal, now);
        const next: WorkOrderStatus = TaskActions[action].next({
          flow: doc.flow ?? 'standard',
          ...planned.context,
          otherCollaborationsOpen: doc.tasks.some((t) => t.elementId === task.elementId && t.taskId !== task.taskId),
        });
        const entry: HistoryEntry = {
          at: now,
          action,
          by: principal.employeeId,
          from: doc.status,
          to: next,
          elementId: task.elementId,
          jobKey: task.taskId,
          ...(planned.note ? { note: planned.note } : {}),
        };
        const variables = { decision: TaskActions[action].decision, ...planned.variables };
        const step = task.elementId as HumanStep;
        const stopped = stopClocks(doc.clocks, (c) => c.kind === StepClocks[step] && stopsStepClock(step, action), 'stopped', now);
        // the step the wait belonged to is done: the clocks still running go on
        const waitEnds = doc.waitingForCustomer !== undefined && step === 'Activity_Handle';
        const running = stopped.clocks.filter((c) => c.running);
        const commands = [completeJobCommand(task.taskId, variables, now), ...stopped.commands, ...(waitEnds ? resumeClocks(running, doc.pauseCount, now) : [])];
        const unset = { ...planned.unset, ...(waitEnds ? { waitingForCustomer: 1 as const } : {}) };
        return {
          commands,
          change: {
            // the whole list, not `$pull`: FerretDB v1 pulls only elements equal to the condition
            $set: { status: next, tasks: doc.tasks.filter((t) => t.taskId !== task.taskId), clocks: stopped.clocks, ...planned.set },
            ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
            $push: { history: entry, engineCommands: { $each: commands }, ...planned.push },
          },
        };
      });
    },

    async requestAttention(principal, workOrderId, action, body) {
      const attentionId = randomUUID();
      await change(principal, workOrderId, (doc, now) => {
        assertMessageAllowed(principal, doc, action);
        const attention: Attention = { attentionId, kind: action === 'urge' ? 'urging' : 'supervision', by: principal.employeeId, at: now, ...(body.note ? { note: body.note } : {}) };
        const name = action === 'urge' ? WorkOrderProcess.messages.urged : WorkOrderProcess.messages.supervised;
        const command = publishCommand(name, `attention/${attentionId}`, {}, now);
        // appending does not depend on the rest of the record: urges sent at once all count
        return { commands: [command], change: { $push: { attentions: attention, engineCommands: command } }, condition: { statusIn: [doc.status] } };
      });
      return { attentionId };
    },

    cancel(principal, workOrderId, body) {
      return change(principal, workOrderId, (doc, now) => {
        assertMessageAllowed(principal, doc, 'cancel');
        const entry: HistoryEntry = { at: now, action: 'cancel', by: principal.employeeId, from: doc.status, to: 'cancelled', note: body.reason };
        const command = publishCommand(WorkOrderProcess.messages.cancelled, `cancel/${String(doc._id)}`, {}, now);
        const stopped = stopClocks(doc.clocks, () => true, 'cancelled', now);
        const commands = [command, ...stopped.commands];
        return {
          commands,
          change: {
            $set: { status: 'cancelled', tasks: [], clocks: stopped.clocks, cancellation: { reason: body.reason, by: principal.employeeId, at: now } },
            $unset: { waitingForCustomer: 1 },
            $push: { history: entry, engineCommands: { $each: commands } },
          },
          // decided on the revision read: a clock started meanwhile must be in the list it stops
        };
      });
    },

    wait(principal, workOrderId, action, body) {
      return change(principal, workOrderId, (doc, now) => {
        if (!mayPauseHandling(principal, doc)) {
          if (doc.tasks.some((t) => t.elementId === 'Activity_Handle')) throw new StepNotPermittedError(action, workOrderId);
          throw new ActionNotAllowedError(action, workOrderId, doc.status);
        }
        const waiting = doc.waitingForCustomer !== undefined;
        if (waiting !== (action === 'resume')) throw new ActionNotAllowedError(action, workOrderId, waiting ? 'waiting for the customer' : doc.status);
        const running = doc.clocks.filter((c) => c.running);
        const pause = action === 'resume' ? doc.pauseCount : doc.pauseCount + 1;
        const commands = action === 'resume' ? resumeClocks(running, pause, now) : pauseClocks(running, pause, now);
        const note = body.reason ?? body.note;
        const entry: HistoryEntry = { at: now, action, by: principal.employeeId, elementId: 'Activity_Handle', ...(note ? { note } : {}) };
        return {
          commands,
          change:
            action === 'resume'
              ? { $unset: { waitingForCustomer: 1 }, $push: { history: entry, engineCommands: { $each: commands } } }
              : {
                  $set: { waitingForCustomer: { since: now, reason: body.reason!, by: principal.employeeId }, pauseCount: pause },
                  $push: { history: entry, engineCommands: { $each: commands } },
                },
        };
      });
    },

    replan(principal, workOrderId, body) {
      if (!hasRole(principal, 'admin')) throw new ForbiddenError('only admins re-plan SLA clocks');
      return change(principal, workOrderId, async (doc, now) => {
        if (!isOpen(doc.status) || !doc.sla) throw new ActionNotAllowedError('replan', workOrderId, doc.status);
        const terms = await deps.slaService.choose(doc);
        if (!terms) throw new ActionNotAllowedError('replan', workOrderId, 'no SLA policy applies now');
        const replans = doc.sla.replans + 1;
        const sla = { ...versionsOf(terms), pinnedAt: now, replans };
        const commands = replanClocks(doc.clocks.filter((c) => c.running), { replanId: String(replans), by: principal.employeeId, reason: body.reason }, now);
        const note = `${body.reason} (policy ${sla.policy.id} v${sla.policy.version}, calendar ${sla.calendar.id} v${sla.calendar.version})`;
        const entry: HistoryEntry = { at: now, action: 'sla-replanned', by: principal.employeeId, note };
        return { commands, change: { $set: { sla }, $push: { history: entry, engineCommands: { $each: commands } } } };
      });
    },
  };
}

function assertMessageAllowed(principal: Principal, doc: WorkOrderDoc, action: MessageActionName): void {
  if (!mayRequest(principal, doc, action)) throw new ForbiddenError(`you may not ${action} work order ${doc.workOrderId}`);
  if (!statusAllows(action, doc.status)) throw new ActionNotAllowedError(action, doc.workOrderId, doc.status);
}
