import type { Connection } from 'mongoose';
import { OpenStatuses } from '../../domain/work-order/lifecycle';
import type { OpenWorkOrderFacts } from '../../domain/mail/digest';
import { workOrderModel } from './work-order.model';

/** A department's open work orders, as much of each as its daily digest counts. */
export type OpenWorkOrdersOf = (department: string) => Promise<OpenWorkOrderFacts[]>;

export function mongoOpenWorkOrdersOf(connection: Connection): OpenWorkOrdersOf {
  const WorkOrders = workOrderModel(connection);
  // a scan on FerretDB v1 (only `_id` is pushed down), once per department and day
  return (department) =>
    WorkOrders.find({ department, status: { $in: [...OpenStatuses] } }, { _id: 0, workOrderId: 1, dueAt: 1, escalated: 1 })
      .lean<OpenWorkOrderFacts[]>()
      .exec();
}

/** How many open work orders a department has (a scan on FerretDB v1: asked when an admin disables one). */
export function mongoOpenWorkOrderCount(connection: Connection): (department: string) => Promise<number> {
  const WorkOrders = workOrderModel(connection);
  return (department) => WorkOrders.countDocuments({ department, status: { $in: [...OpenStatuses] } }).exec();
}
