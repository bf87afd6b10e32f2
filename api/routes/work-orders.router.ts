import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../../domain/clock';
import { processesDir } from '../../runtime/paths';
import { ActionBodies, AnnotationBodies, ReplanBody, WaitBodies, type AnnotationBody } from '../../domain/work-order/actions';
import type { Principal } from '../../domain/identity/principal';
import { TaskActionNames, WorkOrderStatuses, type TaskActionName } from '../../domain/work-order/lifecycle';
import { progressOf } from '../../domain/work-order/progress';
import { CustomerTiers, isWorkOrderId, NewWorkOrderSchema, WorkOrderTypes } from '../../domain/work-order/work-order';
import type { WorkOrderActions } from '../../services/work-order-actions';
import type { WorkOrderAnnotations } from '../../services/work-order-annotations';
import type { WorkOrderService } from '../../services/work-order-service';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';
import { decodeCursor, encodeCursor } from '../cursor';
import { WorkOrderSummaryView, WorkOrderView, workOrderSummaryView, workOrderView } from '../work-order.view';

const MOUNT = '/api/work-orders';

const IdParams = z.object({
  id: z.string().refine(isWorkOrderId, 'a work-order id looks like WO-20261121-000001'),
});

const ListQuery = z.strictObject({
  status: z.enum(WorkOrderStatuses).optional(),
  department: z.string().max(64).optional(),
  type: z.enum(WorkOrderTypes).optional(),
  tier: z.enum(CustomerTiers).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().min(1).max(100).optional().describe('text in the id, description, customer id or name'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, '8-128 letters, digits, _ or -');

/** The diagram the portal draws: the one `processes/` deploys. */
const bpmnXml = readFileSync(path.join(processesDir(), 'work-order.bpmn'), 'utf8');

export interface WorkOrderRouterDeps {
  readonly service: WorkOrderService;
  readonly actions: WorkOrderActions;
  readonly annotations: WorkOrderAnnotations;
  readonly clock: Clock;
}

/** Who may take each step action at all; the step's own roles and departments are checked by the service. */
const STEP_ACTION_ROLES = ['agent', 'handler', 'supervisor'] as const;

export function workOrdersRouter(catalog: RouteCatalog, deps: WorkOrderRouterDeps): Router {
  const router = Router();
  const { service, actions, annotations, clock } = deps;
  const readers = ['agent', 'handler', 'supervisor', 'auditor', 'admin'] as const;

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/',
      tag: 'work orders',
      summary: 'Create a work order from a recorded contact',
      description: 'The agent who took the contact owns it (first-contact responsibility). Status pending means the engine start is still owed; it is never lost.',
      roles: ['agent'],
      body: NewWorkOrderSchema,
      headers: [{ name: 'Idempotency-Key', description: 'a retry with the same key returns the work order the first request created' }],
      responses: { 201: { description: 'created (or replayed: header Idempotent-Replayed: true)', schema: WorkOrderView } },
    },
    async ({ body, req, res }) => {
      const key = req.get('idempotency-key');
      const principal = principalOf(res);
      const created = await service.create(principal, body, key === undefined ? undefined : IdempotencyKey.parse(key));
      if (created.replayed) res.set('Idempotent-Replayed', 'true');
      res.status(201).location(`${MOUNT}/${created.workOrder.workOrderId}`).json(workOrderView(created.workOrder, principal, clock.now()));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/',
      tag: 'work orders',
      summary: 'List the work orders the caller may see, newest first',
      roles: readers,
      query: ListQuery,
      responses: { 200: { description: 'a page', schema: z.object({ items: z.array(WorkOrderSummaryView), nextCursor: z.string().nullable() }) } },
    },
    async ({ query, res }) => {
      const principal = principalOf(res);
      const { cursor, q, ...filters } = query;
      const page = await service.list(principal, { ...filters, text: q, after: cursor ? decodeCursor(cursor) : undefined });
      const now = clock.now();
      res.json({ items: page.items.map((doc) => workOrderSummaryView(doc, principal, now)), nextCursor: page.next ? encodeCursor(page.next) : null });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:id',
      tag: 'work orders',
      summary: 'A work order with its history, open steps and the actions the caller may take',
      roles: readers,
      params: IdParams,
      responses: { 200: { description: 'the work order', schema: WorkOrderView } },
    },
    async ({ params, res }) => {
      const principal = principalOf(res);
      res.json(workOrderView(await service.get(principal, params.id), principal, clock.now()));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/:id/progress',
      tag: 'work orders',
      summary: 'The diagram and where the work order stands in it (active and finished elements)',
      roles: readers,
      params: IdParams,
      responses: {
        200: {
          description: 'progress',
          schema: z.object({ processId: z.string(), bpmnXml: z.string(), activeElementIds: z.array(z.string()), completedElementIds: z.array(z.string()) }),
        },
      },
    },
    async ({ params, res }) => {
      const doc = await service.get(principalOf(res), params.id);
      res.json({ processId: 'work-order', bpmnXml, ...progressOf({ ...doc, routed: doc.routing !== undefined }) });
    },
  );

  for (const action of TaskActionNames) addStepAction(action);

  function addStepAction(action: TaskActionName): void {
    catalog.add(
      router,
      MOUNT,
      {
        method: 'post',
        path: `/:id/${action}`,
        tag: 'work-order actions',
        summary: `${action}: completes the open step it belongs to`,
        description: '409 ACTION_NOT_ALLOWED when the work order is not at such a step; 403 STEP_NOT_PERMITTED when the step is another role\'s or person\'s.',
        roles: STEP_ACTION_ROLES,
        params: IdParams,
        body: ActionBodies[action],
        responses: { 200: { description: 'the work order after the step', schema: WorkOrderView } },
      },
      async ({ params, body, res }) => {
        const principal = principalOf(res);
        const doc = await actions.completeStep(principal, params.id, action, body);
        res.json(workOrderView(doc, principal, clock.now()));
      },
    );
  }

  for (const action of ['urge', 'supervise'] as const) {
    catalog.add(
      router,
      MOUNT,
      {
        method: 'post',
        path: `/:id/${action}`,
        tag: 'work-order actions',
        summary: action === 'urge' ? 'Urge (催办): the customer asks again; counted and the handler is told' : 'Supervise (督办): a supervisor presses the department',
        roles: action === 'urge' ? ['agent', 'supervisor'] : ['supervisor'],
        params: IdParams,
        body: ActionBodies[action],
        responses: { 202: { description: 'sent to the work order\'s process, which counts and records it', schema: z.object({ workOrderId: z.string(), attentionId: z.string() }) } },
      },
      async ({ params, body, res }) => {
        const { attentionId } = await actions.requestAttention(principalOf(res), params.id, action, body);
        res.status(202).json({ workOrderId: params.id, attentionId });
      },
    );
  }

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/:id/cancel',
      tag: 'work-order actions',
      summary: 'Cancel: the owning agent withdraws the work order, with a reason',
      roles: ['agent'],
      params: IdParams,
      body: ActionBodies.cancel,
      responses: { 200: { description: 'the cancelled work order', schema: WorkOrderView } },
    },
    async ({ params, body, res }) => {
      const principal = principalOf(res);
      res.json(workOrderView(await actions.cancel(principal, params.id, body), principal, clock.now()));
    },
  );

  for (const action of ['await-customer', 'resume'] as const) {
    catalog.add(
      router,
      MOUNT,
      {
        method: 'post',
        path: `/:id/${action}`,
        tag: 'work-order actions',
        summary:
          action === 'await-customer'
            ? 'Wait for the customer: the handling department needs the customer, so the SLA clocks stand still'
            : 'The wait for the customer is over: the SLA clocks run again, their deadlines moved out by the paused working time',
        description: '409 ACTION_NOT_ALLOWED when the work order is not being handled, or (not) waiting already; 403 STEP_NOT_PERMITTED for another department.',
        roles: STEP_ACTION_ROLES,
        params: IdParams,
        body: WaitBodies[action],
        responses: { 200: { description: 'the work order', schema: WorkOrderView } },
      },
      async ({ params, body, res }) => {
        const principal = principalOf(res);
        res.json(workOrderView(await actions.wait(principal, params.id, action, body), principal, clock.now()));
      },
    );
  }

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/:id/sla/replan',
      tag: 'work-order actions',
      summary: 'Admins: move the work order to the SLA policy and calendar versions current now; its running clocks plan again (journaled with the reason)',
      roles: ['admin'],
      params: IdParams,
      body: ReplanBody,
      responses: { 200: { description: 'the work order, pinned to the current versions', schema: WorkOrderView } },
    },
    async ({ params, body, res }) => {
      const principal = principalOf(res);
      res.json(workOrderView(await actions.replan(principal, params.id, body), principal, clock.now()));
    },
  );

  const annotationRoutes = [
    ['comments', 'comment', 'Comment on the work order', (p: Principal, id: string, body: unknown) => annotations.comment(p, id, body as AnnotationBody<'comment'>)],
    ['attachments', 'attachment', "Attach a file's metadata (the file itself is in the document store)", (p: Principal, id: string, body: unknown) => annotations.attach(p, id, body as AnnotationBody<'attachment'>)],
    ['links', 'link', 'Relate another work order (both sides get the link)', (p: Principal, id: string, body: unknown) => annotations.link(p, id, body as AnnotationBody<'link'>)],
  ] as const;
  for (const [path, kind, summary, annotate] of annotationRoutes) {
    catalog.add(
      router,
      MOUNT,
      {
        method: 'post',
        path: `/:id/${path}`,
        tag: 'work-order records',
        summary,
        roles: STEP_ACTION_ROLES,
        params: IdParams,
        body: AnnotationBodies[kind],
        responses: { 201: { description: 'the work order with it', schema: WorkOrderView } },
      },
      async ({ params, body, res }) => {
        const principal = principalOf(res);
        res.status(201).json(workOrderView(await annotate(principal, params.id, body), principal, clock.now()));
      },
    );
  }

  return router;
}
