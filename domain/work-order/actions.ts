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

/** Bodies of the pause of handling: waiting for the customer stops the SLA clocks, resuming starts them again. */
export const WaitBodies = {
  'await-customer': z.strictObject({ reason: Text(1_000) }),
  resume: z.strictObject({ note: Text(1_000).optional() }),
} as const;
export type WaitAction = keyof typeof WaitBodies;
/** Either wait body: a reason to wait, or a note on resuming. */
export type WaitBody = Partial<z.infer<(typeof WaitBodies)['await-customer']> & z.infer<(typeof WaitBodies)['resume']>>;

/** An admin's re-plan: the work order's clocks move to the policy and calendar versions current now. */
export const ReplanBody = z.strictObject({ reason: Text(1_000) });

/** Bodies of the record-only changes: no step of the flow moves, the history records them. */
export const AnnotationBodies = {
  comment: z.strictObject({ text: Text(4_000) }),
  attachment: z.strictObject({
    fileName: z.string().trim().min(1).max(255).regex(/^[^/\\]+$/, 'a file name without folders'),
    contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as image/jpeg'),
    sizeBytes: z.number().int().min(1).max(50 * 1024 * 1024),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits'),
  }),
  link: z.strictObject({ workOrderId: z.string().regex(/^WO-\d{8}-\d{6}$/, 'a work-order id'), relation: z.literal('related') }),
} as const;
export type AnnotationBody<A extends keyof typeof AnnotationBodies> = z.infer<(typeof AnnotationBodies)[A]>;
