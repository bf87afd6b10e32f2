import type { Connection, QueryFilter, UpdateQuery } from 'mongoose';
import { isVisible, type Visibility } from '../../domain/work-order/access';
import { OpenStatuses, type WorkOrderStatus } from '../../domain/work-order/lifecycle';
import type { CustomerTier, RoutingDecision } from '../../domain/work-order/work-order';
import { allOf, type Condition, type DocumentLocks } from './document-lock';
import { workOrderModel, type HistoryEntry, type ProcessDefinitionRef, type WorkOrderDoc } from './work-order.model';
import { isDuplicateKey } from './errors';

/** Result of binding a process instance's routing to a work order. */
export type RoutingOutcome = 'recorded' | 'already-recorded' | 'owned-by-other' | 'missing';

/** A change to one work order; the repository adds `updatedAt` and the revision step. */
export type WorkOrderChange = Omit<UpdateQuery<WorkOrderDoc>, '$setOnInsert'>;

/** What a new record carries; counters, lists and the revision start empty. */
export type NewWorkOrderRecord = Pick<
  WorkOrderDoc,
  'workOrderId' | 'type' | 'category' | 'description' | 'contactId' | 'eventId' | 'customer' | 'channel' | 'ownerAgentId' | 'parentWorkOrderId' | 'links'
>;

/** Further conditions on a worker's change. */
export interface JobGuard {
  /** Leave the work order alone in these statuses (the flow's end was recorded first). */
  readonly statusNotIn?: readonly WorkOrderStatus[];
}

export interface ListQuery {
  readonly visibility: Visibility;
  readonly status?: WorkOrderStatus;
  readonly department?: string;
  readonly type?: string;
  readonly tier?: CustomerTier;
  /** true: open and past due at `now`; false: not overdue. */
  readonly overdue?: boolean;
  readonly now: Date;
  readonly text?: string;
  readonly limit: number;
  readonly after?: ListCursor;
}

/** Position after the last item of a page (newest first: creation time, then work-order id). */
export interface ListCursor {
  readonly createdAt: Date;
  readonly id: string;
}

export interface WorkOrderRepository {
  /** Records a new work order (status pending); when its id is taken already, returns the one recorded. */
  insertPendingOnce(record: NewWorkOrderRecord, at: Date): Promise<{ inserted: boolean; workOrder: WorkOrderDoc }>;
  /** Adds a link to another work order (a child created from it, a related one), once. */
  updateLink(workOrderId: string, link: WorkOrderDoc['links'][number], at: Date): Promise<void>;
  findById(workOrderId: string): Promise<WorkOrderDoc | null>;
  /** The work order if the visibility lets its holder see it; null as if it did not exist otherwise. */
  findVisible(workOrderId: string, visibility: Visibility): Promise<WorkOrderDoc | null>;
  list(query: ListQuery): Promise<{ items: WorkOrderDoc[]; next?: ListCursor }>;
  /** Open work orders with a step waiting for one of `groups` or assigned to `employeeId`. */
  findWithOpenTasks(filter: { groups?: readonly string[]; assignee?: string; handlerId?: string; all?: boolean }, limit: number): Promise<WorkOrderDoc[]>;
  /** pending -> routing, once: the engine accepted the start. False when it had already moved on. */
  markStartAccepted(workOrderId: string, at: Date): Promise<boolean>;
  recordRouting(workOrderId: string, instance: { key: string; definition: ProcessDefinitionRef }, routing: RoutingDecision, at: Date): Promise<RoutingOutcome>;
  /** Open (not closed, not cancelled) work orders per version of work-order.bpmn they run on. */
  countOpenByProcessVersion(): Promise<Map<number, number>>;
  /** Notes, once per instance, that a stray instance reached the work order and was ended. */
  recordDiscardedInstance(workOrderId: string, processInstanceKey: string, at: Date): Promise<void>;
  /** Work orders created before `before` that no process instance has bound yet, oldest first. */
  findUnboundSince(before: Date, limit: number): Promise<WorkOrderDoc[]>;
  /**
   * Applies a change only if the work order still is as the caller decided it from: the same
   * revision (nobody changed it since it was read), or a status among `statusIn` (for changes
   * that only append). False otherwise: read again and decide again.
   */
  updateIf(workOrderId: string, condition: { revision: number } | { statusIn: readonly WorkOrderStatus[] }, change: WorkOrderChange, at: Date): Promise<boolean>;
  /**
   * A worker's change, applied at most once per engine job: the history entry carries the job
   * key, and a work order that already holds an entry of that job is left alone. `guard` adds
   * conditions. True when this call applied it.
   */
  applyOncePerJob(workOrderId: string, entry: HistoryEntry & { jobKey: string }, change: WorkOrderChange, at: Date, guard?: JobGuard): Promise<boolean>;
  /** Drops an engine command once the engine has it. */
  dropCommand(workOrderId: string, commandId: string, at: Date): Promise<void>;
  /** Work orders holding engine commands older than `before`, oldest first. */
  findOwingCommands(before: Date, limit: number): Promise<WorkOrderDoc[]>;
}

const SYSTEM = 'system';

/** The conditions work-order updates are made under (see Condition: a filter and the same test in code). */
const when = {
  revision: (revision: number): Condition<WorkOrderDoc> => ({ filter: { revision }, holds: (d) => d.revision === revision }),
  statusIn: (statuses: readonly WorkOrderStatus[]): Condition<WorkOrderDoc> => ({ filter: { status: { $in: [...statuses] } }, holds: (d) => statuses.includes(d.status) }),
  statusNotIn: (statuses: readonly WorkOrderStatus[]): Condition<WorkOrderDoc> => ({ filter: { status: { $nin: [...statuses] } }, holds: (d) => !statuses.includes(d.status) }),
  unbound: { filter: { processInstanceKey: { $exists: false } }, holds: (d) => d.processInstanceKey === undefined } satisfies Condition<WorkOrderDoc>,
  jobNotSeen: (jobKey: string): Condition<WorkOrderDoc> => ({ filter: { 'history.jobKey': { $ne: jobKey } }, holds: (d) => !d.history.some((h) => h.jobKey === jobKey) }),
  notLinkedTo: (other: string): Condition<WorkOrderDoc> => ({ filter: { 'links.workOrderId': { $ne: other } }, holds: (d) => !d.links.some((l) => l.workOrderId === other) }),
  notDiscarded: (key: string): Condition<WorkOrderDoc> => ({ filter: { discardedInstanceKeys: { $ne: key } }, holds: (d) => !d.discardedInstanceKeys.includes(key) }),
};
/** Escapes text for a literal, case-insensitive match inside a regular expression. */
const literal = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');

export function visibilityFilter(visibility: Visibility): QueryFilter<WorkOrderDoc> {
  if (visibility.all) return {};
  const groups = [...visibility.groups];
  return {
    $or: [
      { department: { $in: groups } },
      { 'tasks.candidateGroups': { $in: groups } },
      { 'collaborations.department': { $in: groups } },
      { ownerAgentId: visibility.employeeId },
      { 'tasks.assignee': visibility.employeeId },
    ],
  };
}

export function mongoWorkOrderRepository(connection: Connection, locks: DocumentLocks): WorkOrderRepository {
  const WorkOrders = workOrderModel(connection);
  /** Every update of a work order: conditional, atomic on MongoDB and on FerretDB (see DocumentLocks). */
  const update = (workOrderId: string, condition: Condition<WorkOrderDoc>, change: UpdateQuery<WorkOrderDoc>): Promise<boolean> =>
    locks.updateIf(WorkOrders, workOrderId, condition, change);
  const byId = (workOrderId: string) => WorkOrders.findOne({ _id: workOrderId }).lean<WorkOrderDoc>().exec();

  const withStamp = (change: WorkOrderChange, at: Date): UpdateQuery<WorkOrderDoc> => ({
    ...change,
    $set: { ...(change.$set as Record<string, unknown> | undefined), updatedAt: at },
    $inc: { ...(change.$inc as Record<string, number> | undefined), revision: 1 },
  });

  return {
    async insertPendingOnce(record, at) {
      const created: HistoryEntry = { at, action: 'created', by: record.ownerAgentId, to: 'pending' };
      try {
        const doc = await WorkOrders.create({ ...record, _id: record.workOrderId, status: 'pending', revision: 0, history: [created], createdAt: at, updatedAt: at });
        return { inserted: true, workOrder: doc.toObject() };
      } catch (err) {
        const existing = isDuplicateKey(err) ? await byId(record.workOrderId) : null;
        if (!existing) throw err;
        return { inserted: false, workOrder: existing };
      }
    },

    async updateLink(workOrderId, link, at) {
      await update(
        workOrderId,
        when.notLinkedTo(link.workOrderId),
        withStamp({ $push: { links: link } }, at),
      );
    },

    findById: byId,

    async findVisible(workOrderId, visibility) {
      // by `_id`, then the same rule as visibilityFilter in code: one indexed read on either server
      const found = await byId(workOrderId);
      return found && isVisible(visibility, found) ? found : null;
    },

    async list(query) {
      const conditions: QueryFilter<WorkOrderDoc>[] = [visibilityFilter(query.visibility)];
      if (query.status) conditions.push({ status: query.status });
      if (query.department) conditions.push({ department: query.department });
      if (query.type) conditions.push({ type: query.type });
      if (query.tier) conditions.push({ 'customer.tier': query.tier });
      if (query.overdue === true) conditions.push({ status: { $in: OpenStatuses }, dueAt: { $lt: query.now } });
      if (query.overdue === false) conditions.push({ $or: [{ status: { $nin: OpenStatuses } }, { dueAt: { $gte: query.now } }, { dueAt: { $exists: false } }] });
      if (query.text) {
        const pattern = literal(query.text);
        conditions.push({ $or: [{ workOrderId: pattern }, { description: pattern }, { 'customer.customerId': pattern }, { 'customer.name': pattern }] });
      }
      if (query.after) {
        const { createdAt, id } = query.after;
        conditions.push({ $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }] });
      }
      const found = await WorkOrders.find({ $and: conditions })
        .sort({ createdAt: -1, _id: -1 })
        .limit(query.limit + 1)
        .lean<WorkOrderDoc[]>()
        .exec();
      const items = found.slice(0, query.limit);
      const last = items.at(-1);
      return { items, next: found.length > query.limit && last ? { createdAt: last.createdAt, id: last._id } : undefined };
    },

    findWithOpenTasks(filter, limit) {
      const or: QueryFilter<WorkOrderDoc>[] = [];
      if (filter.all) or.push({ 'tasks.0': { $exists: true } });
      if (filter.groups?.length) or.push({ 'tasks.candidateGroups': { $in: [...filter.groups] } });
      if (filter.assignee) or.push({ 'tasks.assignee': filter.assignee });
      if (filter.handlerId) or.push({ handlerId: filter.handlerId, 'tasks.0': { $exists: true } });
      if (or.length === 0) return Promise.resolve([]);
      return WorkOrders.find({ $or: or, status: { $in: OpenStatuses } })
        .sort({ dueAt: 1 })
        .limit(limit)
        .lean<WorkOrderDoc[]>()
        .exec();
    },

    async markStartAccepted(workOrderId, at) {
      const entry: HistoryEntry = { at, action: 'process-start-accepted', by: SYSTEM, from: 'pending', to: 'routing' };
      return update(workOrderId, when.statusIn(['pending']), withStamp({ $set: { status: 'routing', startAcceptedAt: at }, $push: { history: entry } }, at));
    },

    async recordRouting(workOrderId, instance, routing, at) {
      const processInstanceKey = instance.key;
      // One conditional update: only a work order that no instance owns yet can be bound, so two
      // instances racing for it cannot both win. The status stays: the next step sets it.
      const entry: HistoryEntry = {
        at,
        action: 'routed',
        by: SYSTEM,
        note: `${routing.department}, ${routing.priority}, limit class ${routing.timeLimitClass}, ${routing.flow} flow`,
        elementId: 'Activity_Route',
      };
      const bound = await update(
        workOrderId,
        when.unbound,
        withStamp(
          {
            $set: { processInstanceKey, processDefinition: instance.definition, routing, department: routing.department, priority: routing.priority, flow: routing.flow, routedAt: at },
            $push: { history: entry },
          },
          at,
        ),
      );
      if (bound) return 'recorded';
      const current = await WorkOrders.findOne({ _id: workOrderId }, { processInstanceKey: 1 }).lean<Pick<WorkOrderDoc, 'processInstanceKey'>>().exec();
      if (!current) return 'missing';
      return current.processInstanceKey === processInstanceKey ? 'already-recorded' : 'owned-by-other';
    },

    async recordDiscardedInstance(workOrderId, processInstanceKey, at) {
      const entry: HistoryEntry = {
        at,
        action: 'duplicate-instance-discarded',
        by: SYSTEM,
        note: `process instance ${processInstanceKey} ended: the work order belongs to another instance`,
      };
      await update(
        workOrderId,
        when.notDiscarded(processInstanceKey),
        withStamp({ $addToSet: { discardedInstanceKeys: processInstanceKey }, $push: { history: entry } }, at),
      );
    },

    async countOpenByProcessVersion() {
      // One grouped count on the server. On FerretDB v1 it reads every work order (only _id
      // filters are pushed down); it serves the designer's screens, not a hot path.
      const rows = await WorkOrders.aggregate<{ _id: number | null; open: number }>([
        { $match: { status: { $in: [...OpenStatuses] }, 'processDefinition.version': { $exists: true } } },
        { $group: { _id: '$processDefinition.version', open: { $sum: 1 } } },
      ]).exec();
      return new Map(rows.filter((r) => r._id !== null).map((r) => [r._id!, r.open]));
    },

    findUnboundSince(before, limit) {
      return WorkOrders.find({ status: { $in: ['pending', 'routing'] }, processInstanceKey: { $exists: false }, createdAt: { $lt: before } })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<WorkOrderDoc[]>()
        .exec();
    },

    updateIf(workOrderId, condition, change, at) {
      return update(workOrderId, 'revision' in condition ? when.revision(condition.revision) : when.statusIn(condition.statusIn), withStamp(change, at));
    },

    applyOncePerJob(workOrderId, entry, change, at, guard = {}) {
      const push = { ...((change.$push as Record<string, unknown> | undefined) ?? {}), history: entry };
      const condition = guard.statusNotIn ? allOf(when.jobNotSeen(entry.jobKey), when.statusNotIn(guard.statusNotIn)) : when.jobNotSeen(entry.jobKey);
      return update(workOrderId, condition, withStamp({ ...change, $push: push }, at));
    },

    async dropCommand(workOrderId, commandId, at) {
      // not `$pull` with a condition: FerretDB v1 pulls only elements equal to the whole condition
      for (let attempt = 1; attempt <= 5; attempt++) {
        const doc = await WorkOrders.findOne({ _id: workOrderId }, { revision: 1, engineCommands: 1 }).lean<Pick<WorkOrderDoc, 'revision' | 'engineCommands'>>().exec();
        if (!doc?.engineCommands.some((c) => c.commandId === commandId)) return;
        const left = doc.engineCommands.filter((c) => c.commandId !== commandId);
        if (await update(workOrderId, when.revision(doc.revision), withStamp({ $set: { engineCommands: left } }, at))) return;
      }
    },

    findOwingCommands(before, limit) {
      return WorkOrders.find({ 'engineCommands.createdAt': { $lt: before } })
        .sort({ updatedAt: 1 })
        .limit(limit)
        .lean<WorkOrderDoc[]>()
        .exec();
    },
  };
}
