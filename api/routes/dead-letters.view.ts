import { z } from 'zod';

/** Pages of a dead-letter list (1-based). */
export const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The answer schema of one page of a dead-letter list whose entries look like `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/**
 * Reads the page `query` asks for from `list` (which takes skip and limit) and answers it, each
 * entry as `view` shows it.
 */
export async function answerPage<D, V>(
  query: z.infer<typeof PageQuery>,
  list: (window: { skip: number; limit: number }) => Promise<{ items: readonly D[]; total: number }>,
  view: (doc: D) => V,
): Promise<{ items: V[]; total: number; page: number; pageSize: number }> {
  const { items, total } = await list({ skip: (query.page - 1) * query.pageSize, limit: query.pageSize });
  return { items: items.map(view), total, page: query.page, pageSize: query.pageSize };
}

/** One line of a re-send of a selection (services/resend-batch.ts). */
export const ResendResultView = z.object({
  id: z.string(),
  outcome: z.enum(['queued', 'already-resent', 'refused']),
  code: z.string().optional(),
  detail: z.string().optional(),
});
