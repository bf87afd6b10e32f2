import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../../domain/clock';
import type { InboxService } from '../../services/inbox-service';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';
import { stepName } from '../work-order.view';

const TaskItem = z.object({
  taskId: z.string(),
  workOrderId: z.string(),
  step: z.string(),
  stepName: z.string(),
  candidateGroups: z.array(z.string()),
  assignee: z.string().nullable(),
  createdAt: z.iso.datetime(),
  dueAt: z.iso.datetime().nullable(),
  workOrder: z.object({ type: z.string(), category: z.string(), customerTier: z.string(), priority: z.string().nullable(), status: z.string(), description: z.string(), overdue: z.boolean() }),
});

export function tasksRouter(catalog: RouteCatalog, inbox: InboxService, clock: Clock): Router {
  const router = Router();
  catalog.add(
    router,
    '/api/tasks',
    {
      method: 'get',
      path: '/',
      tag: 'inbox',
      summary: 'Open steps: the department inbox, or my tasks; earliest due first',
      roles: ['agent', 'handler', 'supervisor'],
      query: z.strictObject({ view: z.enum(['department', 'mine']).default('department') }),
      responses: { 200: { description: 'open steps', schema: z.object({ items: z.array(TaskItem) }) } },
    },
    async ({ query, res }) => {
      const now = clock.now();
      const entries = await inbox.list(principalOf(res), query.view);
      res.json({
        items: entries.map(({ task, workOrder }) => ({
          taskId: task.taskId,
          workOrderId: workOrder.workOrderId,
          step: task.elementId,
          stepName: stepName(task.elementId),
          candidateGroups: task.candidateGroups,
          assignee: task.assignee ?? null,
          createdAt: task.createdAt.toISOString(),
          dueAt: workOrder.dueAt?.toISOString() ?? null,
          workOrder: {
            type: workOrder.type,
            category: workOrder.category,
            customerTier: workOrder.customer.tier,
            priority: workOrder.priority ?? null,
            status: workOrder.status,
            description: workOrder.description,
            overdue: workOrder.dueAt !== undefined && workOrder.dueAt.getTime() < now.getTime(),
          },
        })),
      });
    },
  );
  return router;
}
