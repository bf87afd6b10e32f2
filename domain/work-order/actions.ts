import { z } from 'zod';
import { Text } from './work-order';
import type { MessageActionName, TaskActionName } from './lifecycle';

/** A department id as the unit tree names it, e.g. `billing`. */
const DepartmentId = z.string().regex(/^[a-z0-9-]{2,64}$/, 'a department id such as billing');

/** The body of each action, one strict schema per endpoint (unknown fields are refused). */
export const ActionBodies = {
  accept: z.strictObject({ note: Text(1_000).optional() }),
  return: z.strictObject({ reason: Text(1_000) }),
  transfer: z.strictObject({ department: DepartmentId, reason: Text(1_000) }),
  reroute: z.strictObject({ department: DepartmentId, note: Text(1_000).optional() }),
  collaborate: z.strictObject({
    departments: z.array(DepartmentId).min(1).max(5).refine((d) => new Set(d).size === d.length, 'each department once'),
    request: Text(2_000),
  }),
  'collaboration-feedback': z.strictObject({ feedback: Text(4_000) }),
  feedback: z.strictObject({ feedback: Text(4_000) }),
  review: z.strictObject({ approved: z.boolean(), note: Text(1_000).optional() }),
  verify: z.strictObject({ satisfied: z.boolean(), note: Text(1_000).optional() }),
  urge: z.strictObject({ note: Text(1_000).optional() }),
  supervise: z.strictObject({ note: Text(1_000).optional() }),
  cancel: z.strictObject({ reason: Text(1_000) }),
} as const satisfies Record<TaskActionName | MessageActionName, z.ZodType>;

export type ActionBody<A extends keyof typeof ActionBodies> = z.infer<(typeof ActionBodies)[A]>;
