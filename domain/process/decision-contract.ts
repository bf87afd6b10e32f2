import { z } from 'zod';

/**
 * The outputs a decision table must give for a caller that parses its result with `schema` (a
 * strict object): every field without a default is required, and no other field is allowed.
 */
export function decisionFieldsOf(schema: z.ZodObject): { required: string[]; allowed: string[] } {
  const fields = Object.entries(schema.shape);
  return {
    required: fields.filter(([, field]) => !z.safeParse(field, undefined).success).map(([name]) => name),
    allowed: fields.map(([name]) => name),
  };
}
