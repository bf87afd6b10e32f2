import type { Connection } from 'mongoose';
import type { Unit } from '../../domain/identity/units';
import { identityModels, type ApiClientDoc, type SessionDoc, type UnitDoc, type UserDoc } from './identity.model';

/** A user's profile as stored; the password hash is set only when given. */
export type UserRecord = Pick<UserDoc, 'username' | 'displayName' | 'roles' | 'unitId' | 'disabled'> & { passwordHash?: string };

export type ApiClientRecord = Pick<ApiClientDoc, 'clientId' | 'displayName' | 'roles' | 'unitId' | 'keyHash'>;

export interface IdentityRepository {
  listUnits(): Promise<Unit[]>;
  upsertUnit(unit: Unit): Promise<void>;

  findUser(username: string): Promise<UserDoc | null>;
  /** Creates the user or updates its profile. Leaves login failures and the lock alone. */
  upsertUser(user: UserRecord, at: Date): Promise<void>;
  /**
   * Counts a login attempt before its password is checked, in one `$inc`, and returns the count
   * since the last success or lock. Counting first bounds the guesses that parallel requests can
   * make, on MongoDB; FerretDB v1 (local only) does not isolate concurrent updates and may lose
   * counts of parallel attempts. Null when the user is locked or disabled (or does not exist).
   */
  reserveLoginAttempt(username: string, at: Date): Promise<number | null>;
  /** Locks the user until `until` and restarts the count, if the count still reaches `threshold`. */
  lockUser(username: string, threshold: number, until: Date, at: Date): Promise<void>;
  /** A successful login: the count restarts and any lock ends. */
  clearLoginAttempts(username: string, at: Date): Promise<void>;

  insertSession(session: Omit<SessionDoc, '_id' | 'revokedAt'>): Promise<void>;
  /** The session of this token hash, if neither revoked nor expired at `at`. */
  findLiveSession(tokenHash: string, at: Date): Promise<SessionDoc | null>;
  revokeSession(tokenHash: string, at: Date): Promise<void>;
  /** Removes a user's sessions that expired before `before` (no TTL index does it for us). */
  deleteExpiredSessions(username: string, before: Date): Promise<void>;

  /** Creates the client or replaces its details and key; a revoked client becomes active again. */
  upsertApiClient(client: ApiClientRecord, at: Date): Promise<void>;
  /** The client, unless revoked. */
  findActiveApiClient(clientId: string): Promise<ApiClientDoc | null>;
}

export function mongoIdentityRepository(connection: Connection): IdentityRepository {
  const { Units, Users, Sessions, ApiClients } = identityModels(connection);

  return {
    async listUnits() {
      const docs = await Units.find().lean<UnitDoc[]>().exec();
      return docs.map(({ unitId, name, kind, parentId }) => ({ unitId, name, kind, parentId }));
    },

    async upsertUnit({ unitId, name, kind, parentId }) {
      await Units.updateOne({ unitId }, { $set: { name, kind, parentId } }, { upsert: true });
    },

    findUser(username) {
      return Users.findOne({ username }).lean<UserDoc>().exec();
    },

    async upsertUser({ username, passwordHash, ...profile }, at) {
      await Users.updateOne(
        { username },
        {
          $set: { ...profile, ...(passwordHash === undefined ? {} : { passwordHash }), updatedAt: at },
          $setOnInsert: { failedLogins: 0, lockedUntil: null, createdAt: at },
        },
        { upsert: true },
      );
    },

    async reserveLoginAttempt(username, at) {
      const doc = await Users.findOneAndUpdate(
        { username, disabled: false, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: at } }] },
        { $inc: { failedLogins: 1 }, $set: { updatedAt: at } },
        { returnDocument: 'after', lean: true },
      );
      return doc?.failedLogins ?? null;
    },

    async lockUser(username, threshold, until, at) {
      await Users.updateOne(
        { username, failedLogins: { $gte: threshold } },
        { $set: { failedLogins: 0, lockedUntil: until, updatedAt: at } },
      );
    },

    async clearLoginAttempts(username, at) {
      await Users.updateOne({ username }, { $set: { failedLogins: 0, lockedUntil: null, updatedAt: at } });
    },

    async insertSession(session) {
      await Sessions.create({ ...session, revokedAt: null });
    },

    findLiveSession(tokenHash, at) {
      return Sessions.findOne({ tokenHash, revokedAt: null, expiresAt: { $gt: at } }).lean<SessionDoc>().exec();
    },

    async revokeSession(tokenHash, at) {
      await Sessions.updateOne({ tokenHash, revokedAt: null }, { $set: { revokedAt: at } });
    },

    async deleteExpiredSessions(username, before) {
      await Sessions.deleteMany({ username, expiresAt: { $lt: before } });
    },

    async upsertApiClient({ clientId, ...details }, at) {
      await ApiClients.updateOne(
        { clientId },
        { $set: { ...details, revokedAt: null }, $setOnInsert: { createdAt: at } },
        { upsert: true },
      );
    },

    findActiveApiClient(clientId) {
      return ApiClients.findOne({ clientId, revokedAt: null }).lean<ApiClientDoc>().exec();
    },
  };
}
