import { Router } from 'express';
import { z } from 'zod';
import { isWorkOrderId, NewWorkOrderSchema } from '../../domain/work-order/work-order';
import type { WorkOrderService } from '../../services/work-order-service';
import { requireJsonBody } from '../validate';
import { workOrderView } from '../work-order.view';

const WorkOrderParams = z.object({
  id: z.string().refine(isWorkOrderId, 'a work-order id looks like WO-20261121-000001'),
});

export function workOrdersRouter(service: WorkOrderService): Router {
  const router = Router();

  /** Create a work order. 201 with the record; `status: pending` means the engine start is still owed. */
  router.post('/', requireJsonBody, async (req, res) => {
    const input = NewWorkOrderSchema.parse(req.body);
    const created = await service.create(input);
    res.status(201).location(`${req.baseUrl}/${created.workOrderId}`).json(workOrderView(created));
  });

  router.get('/:id', async (req, res) => {
    const { id } = WorkOrderParams.parse(req.params);
    res.json(workOrderView(await service.get(id)));
  });

  return router;
}
