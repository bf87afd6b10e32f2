import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from './errors';

/**
 * A client's idempotency key and what it bought: the first request with a key reserves it
 * together with the id of the resource it will create, so a retry (even after a crash between
 * the two writes) finds that resource instead of creating a second one.
 */
export interface IdempotencyDoc {
  /** `<principalId>:<key>`: FerretDB v1 narrows queries through SQLite by `_id` only. */
  _id: string;
  /** Who used the key: keys of different clients never collide. */
  principalId: string;
  key: string;
  /** Fingerprint of the request body: the same key with another body is a client error. */
  requestHash: string;
  resourceId: string;
  createdAt: Date;
}

const IdempotencySchema = new Schema<IdempotencyDoc>(
  {
    _id: { type: String, required: true },
    principalId: { type: String, required: true },
    key: { type: String, required: true },
    requestHash: { type: String, required: true },
    resourceId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false },
);

export interface IdempotencyStore {
  find(principalId: string, key: string): Promise<IdempotencyDoc | null>;
  /** Reserves the key for `resourceId`; when it was taken already, returns the earlier reservation. */
  reserve(entry: Omit<IdempotencyDoc, '_id'>): Promise<{ reserved: true } | { reserved: false; existing: IdempotencyDoc }>;
}

export function mongoIdempotencyStore(connection: Connection): IdempotencyStore {
  const Keys = connection.model<IdempotencyDoc>('IdempotencyKey', IdempotencySchema);
  const idOf = (principalId: string, key: string): string => `${principalId}:${key}`;
  const find = (principalId: string, key: string) => Keys.findOne({ _id: idOf(principalId, key) }).lean<IdempotencyDoc>().exec();
  return {
    find,
    async reserve(entry) {
      try {
        await Keys.create({ ...entry, _id: idOf(entry.principalId, entry.key) });
        return { reserved: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await find(entry.principalId, entry.key);
        if (!existing) throw err;
        return { reserved: false, existing };
      }
    },
  };
}
