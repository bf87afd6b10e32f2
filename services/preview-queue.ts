import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { CallDoc } from '../adapters/mongo/call.repository';
import type { Condition } from '../adapters/mongo/document-lock';
import type { NewPreviewTask, PreviewTaskDoc, PreviewTaskRepository } from '../adapters/mongo/preview-task.repository';
import type { WorkOrderDoc } from '../adapters/mongo/work-order.model';
import type { WorkOrderRepository } from '../adapters/mongo/work-order.repository';
import type { UserTaskJobs } from '../adapters/zeebe/user-task-jobs';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import { DomainError, NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/identity/principal';
import {
  CallNotAllowedNowError,
  CLAIM_MS,
  heldByAnother,
  mayAccess,
  PREVIEW_JOB_TIMEOUT_MS,
  PreviewCallPlacedError,
  previewGroupsOf,
  PreviewTaskDoneError,
  PreviewTaskGoneError,
  PreviewTaskTakenError,
  resultVariables,
  type Preview,
  type PreviewResult,
  type ResultVariables,
} from '../domain/outreach/preview';
import { callIdOf, type CallService } from './call-service';
import type { PhoneLookup, SubscriberService } from './subscriber-service';

/** A task as the agent's screen needs it: the customer's line as the subscriber store knows it, and for a callback its work order. */
export interface PreviewEntry {
  readonly task: PreviewTaskDoc;
  readonly line: PhoneLookup | null;
  readonly workOrder: WorkOrderDoc | null;
}

export interface PreviewQueueDeps {
  readonly tasks: PreviewTaskRepository;
  readonly calls: Pick<CallService, 'placeAgentCall'>;
  readonly subscribers: Pick<SubscriberService, 'lookupByPhone'>;
  readonly workOrders: Pick<WorkOrderRepository, 'findById'>;
  readonly audit: AuditLog;
  readonly jobs: UserTaskJobs;
  /** Why the customer may not be called now beyond the task's own window (a campaign paused or stopped), if so. */
  readonly callBarred: (preview: Preview) => Promise<string | undefined>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface PreviewQueue {
  /**
   * The engine reached a preview user task (the user-task worker): the task is stored and filed
   * in its queues once. Returns the result an agent recorded that the engine has not taken yet
   * (its completion failed): the worker completes the job with it.
   */
  offer(task: Omit<NewPreviewTask, 'createdAt'>): Promise<ResultVariables | undefined>;
  /** The caller's customers waiting: tasks of the caller's units or assigned to the caller, not held by another agent; oldest first. */
  list(principal: Principal): Promise<PreviewEntry[]>;
  /** Takes the customer (or renews the caller's claim); a task the process left is dropped from the queue (PREVIEW_TASK_GONE). */
  claim(principal: Principal, taskId: string): Promise<PreviewEntry>;
  /** Calls the customer on the caller's behalf; the same request id again places no second call. */
  dial(principal: Principal, taskId: string, requestId: string): Promise<{ call: CallDoc; started: boolean }>;
  /** Records how the attempt ended and completes the job; `delivered` is false when the engine takes it later. */
  record(principal: Principal, taskId: string, result: PreviewResult): Promise<{ variables: ResultVariables; delivered: boolean }>;
}

/** Customers one list shows at most: an agent takes the next one, the rest is a glance ahead. */
const LIST_LIMIT = 20;
/** Ids read per queue for one list: enough to pass the customers other agents hold. */
const SCAN_IDS = 200;

const ALWAYS: Condition<PreviewTaskDoc> = { filter: {}, holds: () => true };

const queuesOfTask = (task: Pick<PreviewTaskDoc, 'candidateGroups' | 'assignee'>): string[] =>
  task.assignee ? [`assignee:${task.assignee}`] : task.candidateGroups.map((g) => `group:${g}`);

const queuesOfAgent = (principal: Principal): string[] => [`assignee:${principal.employeeId}`, ...previewGroupsOf(principal).map((g) => `group:${g}`)];

/** The task waits for its result and the agent may take it now (said as a filter for MongoDB and as a predicate for FerretDB's path). */
function openFor(employeeId: string, now: Date, extra = ALWAYS): Condition<PreviewTaskDoc> {
  return {
    filter: {
      result: { $exists: false },
      withdrawnAt: { $exists: false },
      $and: [
        { $or: [{ assignee: { $exists: false } }, { assignee: employeeId }] },
        { $or: [{ claimedBy: { $exists: false } }, { claimedBy: employeeId }, { claimedUntil: { $lte: now } }] },
        extra.filter,
      ],
    },
    holds: (task) => !task.result && !task.withdrawnAt && !heldByAnother(task, employeeId, now) && extra.holds(task),
  };
}

export function createPreviewQueue(deps: PreviewQueueDeps): PreviewQueue {
  const { tasks, clock } = deps;

  async function accessible(principal: Principal, taskId: string): Promise<PreviewTaskDoc> {
    const task = await tasks.find(taskId);
    if (!task || !mayAccess(principal, task)) throw new NotFoundError('preview task', taskId);
    return task;
  }

  /** Why a change did not apply, as the task is now: it has its result, the process left it, another call was placed, or another agent holds it. */
  async function refusal(principal: Principal, taskId: string, callId?: string): Promise<DomainError> {
    const task = await accessible(principal, taskId);
    if (task.result) return new PreviewTaskDoneError(taskId);
    if (task.withdrawnAt) return new PreviewTaskGoneError(taskId);
    if (callId && task.callId && task.callId !== callId) return new PreviewCallPlacedError(taskId, task.callId);
    return new PreviewTaskTakenError(taskId);
  }

  /** Takes the task out of its queues. */
  async function unfile(task: PreviewTaskDoc): Promise<void> {
    await Promise.all((task.filedIn ?? []).map(({ queue, page }) => tasks.unfile(queue, page, task._id)));
  }

  /** The process left the task: it leaves the queue, and whoever acts on it learns so. */
  async function withdrawn(task: PreviewTaskDoc, now: Date): Promise<PreviewTaskGoneError> {
    await tasks.updateIf(task._id, ALWAYS, { $set: { withdrawnAt: now } });
    await unfile(task);
    return new PreviewTaskGoneError(task._id);
  }

  /**
   * Before an agent takes or calls the customer: is the job still open? A process that left the
   * task (a timer, a cancellation) says nothing to the queue, and nobody should call that customer.
   */
  async function assertStillOpen(task: PreviewTaskDoc, now: Date): Promise<void> {
    if (!(await deps.jobs.isOpen(task._id, PREVIEW_JOB_TIMEOUT_MS))) throw await withdrawn(task, now);
  }

  async function entryOf(task: PreviewTaskDoc): Promise<PreviewEntry> {
    const { phone, workOrderId } = task.preview;
    const [line, workOrder] = await Promise.all([deps.subscribers.lookupByPhone(phone), workOrderId ? deps.workOrders.findById(workOrderId) : null]);
    return { task, line, workOrder };
  }

  const windowClosed = (task: PreviewTaskDoc, now: Date): boolean => task.preview.callableUntil !== undefined && now >= new Date(task.preview.callableUntil);

  /**
   * The first tasks of one queue the agent may take now. A customer whose calling window has
   * closed is not offered again: the task leaves the queue here (an agent who took it before
   * still records the call; the process withdraws it a grace period later).
   */
  async function takeableIn(queue: string, employeeId: string, now: Date): Promise<PreviewTaskDoc[]> {
    const found: PreviewTaskDoc[] = [];
    for (const id of await tasks.queued(queue, SCAN_IDS)) {
      const task = await tasks.find(id);
      if (task && windowClosed(task, now)) await unfile(task);
      else if (task && !task.result && !task.withdrawnAt && !heldByAnother(task, employeeId, now)) found.push(task);
      if (found.length === LIST_LIMIT) break;
    }
    return found;
  }

  return {
    async offer(task) {
      const stored = await tasks.insert({ ...task, createdAt: clock.now() });
      if (stored.result) return stored.result.variables;
      if (!stored.filedIn) {
        const filedIn = await Promise.all(queuesOfTask(stored).map(async (queue) => ({ queue, page: await tasks.file(queue, stored._id) })));
        await tasks.updateIf(stored._id, ALWAYS, { $set: { filedIn } });
      }
      return undefined;
    },

    async list(principal) {
      const now = clock.now();
      const perQueue = await Promise.all(queuesOfAgent(principal).map((queue) => takeableIn(queue, principal.employeeId, now)));
      const unique = new Map(perQueue.flat().map((task) => [task._id, task]));
      const oldestFirst = [...unique.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).slice(0, LIST_LIMIT);
      return Promise.all(oldestFirst.map(entryOf));
    },

    async claim(principal, taskId) {
      const task = await accessible(principal, taskId);
      const now = clock.now();
      const claim = { claimedBy: principal.employeeId, claimedUntil: new Date(now.getTime() + CLAIM_MS) };
      if (!(await tasks.updateIf(taskId, openFor(principal.employeeId, now), { $set: claim }))) throw await refusal(principal, taskId);
      await assertStillOpen(task, now);
      return entryOf((await tasks.find(taskId))!);
    },

    async dial(principal, taskId, requestId) {
      const task = await accessible(principal, taskId);
      const now = clock.now();
      // recorded before the call is placed: a second request id for this attempt finds it
      const callId = callIdOf(requestId);
      const sameCall: Condition<PreviewTaskDoc> = { filter: { $or: [{ callId: { $exists: false } }, { callId }] }, holds: (t) => t.callId === undefined || t.callId === callId };
      const claim = { claimedBy: principal.employeeId, claimedUntil: new Date(now.getTime() + CLAIM_MS), callId };
      if (!(await tasks.updateIf(taskId, openFor(principal.employeeId, now, sameCall), { $set: claim }))) throw await refusal(principal, taskId, callId);
      await assertStillOpen(task, now);
      const barred = windowClosed(task, now) ? 'the calling window has closed' : await deps.callBarred(task.preview);
      if (barred) {
        await tasks.updateIf(taskId, { filter: { callId, result: { $exists: false } }, holds: (t) => t.callId === callId && !t.result }, { $unset: { callId: 1 } });
        throw new CallNotAllowedNowError(taskId, barred);
      }
      try {
        return await deps.calls.placeAgentCall(principal, { requestId, to: task.preview.phone });
      } catch (err) {
        // a retry of this request may still place the call; otherwise the task forgets it
        if (!(err instanceof DomainError && err.retryable)) {
          await tasks.updateIf(taskId, { filter: { callId, result: { $exists: false } }, holds: (t) => t.callId === callId && !t.result }, { $unset: { callId: 1 } });
        }
        throw err;
      }
    },

    async record(principal, taskId, result) {
      const task = await accessible(principal, taskId);
      const now = clock.now();
      const variables = resultVariables(task.preview, result, now, task.callId);
      const recorded = { variables, by: principal.employeeId, at: now, ...(result.note ? { note: result.note } : {}) };
      if (!(await tasks.updateIf(taskId, openFor(principal.employeeId, now), { $set: { result: recorded, claimedBy: principal.employeeId } }))) {
        throw await refusal(principal, taskId);
      }
      await deps.audit.record({
        at: now,
        by: principal.employeeId,
        action: 'preview.result',
        subject: `preview-task/${taskId}`,
        detail: { processId: task.processId, processInstanceKey: task.processInstanceKey, chainId: task.preview.chainId, attempt: task.preview.attempt, ...variables, note: result.note ?? null },
      });
      await unfile(task);
      let completed: boolean;
      try {
        completed = await deps.jobs.complete(taskId, variables);
      } catch (err) {
        // recorded: the user-task worker completes the job when the engine offers it again
        deps.logger.warn({ err, taskId }, 'engine did not take the preview result; the job is completed when it comes back');
        return { variables, delivered: false };
      }
      if (!completed) throw await withdrawn(task, now);
      return { variables, delivered: true };
    },
  };
}
