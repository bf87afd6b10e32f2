import { z } from 'zod';

/** Pages of a dead-letter list (1-based). */
export const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** One line of a re-send of a selection (services/resend-batch.ts). */
export const ResendResultView = z.object({
  id: z.string(),
  outcome: z.enum(['queued', 'already-resent', 'refused']),
  code: z.string().optional(),
  detail: z.string().optional(),
});
