// @ts-check
/** A work order's codes the forms and filters offer, in the order they offer them (domain/work-order). */
export const WORK_ORDER_TYPES = ['complaint', 'fault-report', 'consultation', 'service-request'];
export const TIERS = ['diamond', 'platinum', 'gold', 'silver', 'standard'];
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
