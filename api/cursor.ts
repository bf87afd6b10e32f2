import { z } from 'zod';
import type { ListCursor } from '../adapters/mongo/work-order.repository';

const CursorSchema = z.object({ t: z.number().int(), i: z.string().regex(/^WO-\d{8}-\d{6}$/) });

/** Opaque page cursor: the position after a page's last item, base64url JSON. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.getTime(), i: cursor.id })).toString('base64url');
}

/** Throws a ZodError (400) for a cursor this API did not issue. */
export function decodeCursor(text: string): ListCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = CursorSchema.safeParse(raw);
  if (!parsed.success) throw new z.ZodError([{ code: 'custom', path: ['cursor'], message: 'not a cursor this API issued', input: text }]);
  return { createdAt: new Date(parsed.data.t), id: parsed.data.i };
}
