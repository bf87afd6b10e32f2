/** The server refused an insert or update because a unique index already holds the value. */
export const isDuplicateKey = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 11000;
