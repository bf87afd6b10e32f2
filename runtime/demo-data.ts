import type { NewWorkOrder } from '../domain/work-order/work-order';

/** Work orders a new user finds after `npm start`: one per routing path worth seeing. */
export const DEMO_WORK_ORDERS: readonly NewWorkOrder[] = [
  {
    type: 'complaint',
    category: 'billing/charge-dispute',
    customerId: 'C-1000001',
    customerTier: 'standard',
    region: '021',
    channel: 'hotline',
    contactId: 'CT-9000001',
    ownerAgentId: 'agent-0101',
    description: 'Customer disputes a 58.00 CNY data roaming charge on the October bill.',
  },
  {
    type: 'fault-report',
    category: 'broadband/no-signal',
    customerId: 'C-1000002',
    customerTier: 'diamond',
    region: '010',
    channel: 'account-manager',
    ownerAgentId: 'agent-0102',
    description: 'Enterprise line down since 08:10; the account manager reports the fibre modem shows LOS.',
  },
  {
    type: 'consultation',
    category: 'plans/5g-upgrade',
    customerId: 'C-1000003',
    customerTier: 'gold',
    region: '0755',
    channel: 'web',
    ownerAgentId: 'agent-0103',
    description: 'Asks whether the 5G upgrade keeps the family-plan discount.',
  },
];
