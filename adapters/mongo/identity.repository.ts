import type { Connection } from 'mongoose';
import type { DocumentLocks } from './document-lock';
import type { Role } from '../../domain/identity/principal';
import type { Unit } from '../../domain/identity/units';
import { insertOnce } from './errors';
import { identityModels, type ApiClientDoc, type SessionDoc, type UnitDoc, type UserDoc } from './identity.model';

/** A user's profile as stored; the password hash is set only when given, `disabled` too (a new user is enabled). */
export type UserRecord = Pick<UserDoc, 'username' | 'displayName' | 'roles' | 'unitId' | 'email' | 'language'> & { passwordHash?: string; disabled?: boolean };

export type ApiClientRecord = Pick<ApiClientDoc, 'clientId' | 'displayName' | 'roles' | 'unitId' | 'keyHash'>;

/** Fields of a user to change, each only when given; `email: null` removes the address. */
export type UserChangeRecord = Partial<Pick<UserDoc, 'displayName' | 'roles' | 'unitId' | 'disabled' | 'language' | 'passwordHash'>> & { email?: string | null };

/** A new session; its token hash becomes the session's `_id`. */
export type NewSession = Omit<SessionDoc, '_id' | 'revokedAt'> & { tokenHash: string };

export interface IdentityRepository {
  listUnits(): Promise<Unit[]>;
  /** One unit, read by `_id`. */
  findUnit(unitId: string): Promise<Unit | undefined>;
  upsertUnit(unit: Unit): Promise<void>;
  /** Creates the unit; false when its id is taken (nothing changed). */
  insertUnit(unit: Unit): Promise<boolean>;
  /** Sets only the given fields of the unit. */
  changeUnit(unitId: string, change: { name?: string; disabled?: boolean }): Promise<void>;

  findUser(username: string): Promise<UserDoc | null>;
  /** Every user, disabled ones too (a scan: users are a small collection). */
  listUsers(): Promise<UserDoc[]>;
  /** Enabled users holding `role` (a scan: users are a small collection). */
  listUsersWithRole(role: Role): Promise<UserDoc[]>;
  /** Creates the user or updates its profile. Leaves login failures and the lock alone, and `disabled` unless given. */
  upsertUser(user: UserRecord, at: Date): Promise<void>;
  /** Creates the user; false when the username is taken (nothing changed, the password neither). */
  insertUser(user: UserRecord & { passwordHash: string }, at: Date): Promise<boolean>;
  /**
   * Sets only the given fields, so a change never writes back what another one changed meanwhile.
   * Without `email` the user gets no mail from then on.
   */
  changeUser(username: string, change: UserChangeRecord, at: Date): Promise<void>;
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

  insertSession(session: NewSession): Promise<void>;
  /** The session of this token hash, if neither revoked nor expired at `at`. */
  findLiveSession(tokenHash: string, at: Date): Promise<SessionDoc | null>;
  /** Ends the session; false when it had ended already (nothing changed). */
  revokeSession(tokenHash: string, at: Date): Promise<boolean>;
  /** Ends every live session of the user (disabled, or given a new password). */
  revokeSessionsOf(username: string, at: Date): Promise<void>;
  /** Removes a user's sessions that expired before `before` (no TTL index does it for us). */
  deleteExpiredSessions(username: string, before: Date): Promise<void>;

  /** Creates the client or replaces its details and key; a revoked client becomes active again. */
  upsertApiClient(client: ApiClientRecord, at: Date): Promise<void>;
  /** The client, unless revoked. */
  findActiveApiClient(clientId: string): Promise<ApiClientDoc | null>;
}

const unitOf = ({ unitId, name, kind, parentId, disabled }: UnitDoc): Unit => ({ unitId, name, kind, parentId, ...(disabled ? { disabled } : {}) });

/** The fields that are given: `$set` would store an undefined one as null. */
const definedOf = <T extends object>(fields: T): Partial<T> => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * Every per-request and per-login lookup and update goes by `_id` (see identity.model.ts): the
 * only filter FerretDB v1 on SQLite narrows in the database rather than by scanning the collection.
 * Each update of a user holds the user's document lock: FerretDB v1 writes a whole document back,
 * so a login's count written at the moment an administrator disables the user would enable it again.
 */
export function mongoIdentityRepository(connection: Connection, locks: DocumentLocks): IdentityRepository {
  const { Units, Users, Sessions, ApiClients } = identityModels(connection);
  const userWrite = <R>(username: string, write: () => Promise<R>): Promise<R> => locks.run(`${Users.collection.collectionName}/${username}`, write);

  return {
    async listUnits() {
      return (await Units.find().lean<UnitDoc[]>().exec()).map(unitOf);
    },

    async findUnit(unitId) {
      const doc = await Units.findOne({ _id: unitId }).lean<UnitDoc>().exec();
      return doc ? unitOf(doc) : undefined;
    },

    async upsertUnit({ unitId, name, kind, parentId, disabled }) {
      // `disabled` only when given: the demo seed re-stating its units leaves an administrator's choice alone
      await Units.updateOne({ _id: unitId }, { $set: { unitId, name, kind, parentId, ...(disabled === undefined ? {} : { disabled }) } }, { upsert: true });
    },

    insertUnit(unit) {
      return insertOnce(() => Units.create({ _id: unit.unitId, ...unit }));
    },

    async changeUnit(unitId, change) {
      await Units.updateOne({ _id: unitId }, { $set: definedOf(change) });
    },

    findUser(username) {
      return Users.findOne({ _id: username }).lean<UserDoc>().exec();
    },

    listUsers() {
      return Users.find().sort({ _id: 1 }).lean<UserDoc[]>().exec();
    },

    listUsersWithRole(role) {
      return Users.find({ roles: role, disabled: false }).sort({ _id: 1 }).lean<UserDoc[]>().exec();
    },

    async upsertUser({ username, passwordHash, disabled, ...profile }, at) {
      await userWrite(username, () =>
        Users.updateOne(
          { _id: username },
          {
            $set: { ...profile, ...(passwordHash === undefined ? {} : { passwordHash }), ...(disabled === undefined ? {} : { disabled }), updatedAt: at },
            $setOnInsert: { username, failedLogins: 0, lockedUntil: null, createdAt: at, ...(disabled === undefined ? { disabled: false } : {}) },
          },
          { upsert: true },
        ),
      );
    },

    insertUser({ username, disabled = false, ...user }, at) {
      return insertOnce(() => Users.create({ _id: username, username, ...user, disabled, failedLogins: 0, lockedUntil: null, createdAt: at, updatedAt: at }));
    },

    async changeUser(username, { email, ...change }, at) {
      await userWrite(username, () =>
        Users.updateOne(
          { _id: username },
          { $set: { ...definedOf(change), ...(email ? { email } : {}), updatedAt: at }, ...(email === null ? { $unset: { email: 1 } } : {}) },
        ),
      );
    },

    async reserveLoginAttempt(username, at) {
      const doc = await userWrite(username, () =>
        Users.findOneAndUpdate(
          { _id: username, disabled: false, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: at } }] },
          { $inc: { failedLogins: 1 }, $set: { updatedAt: at } },
          { returnDocument: 'after', lean: true },
        ),
      );
      return doc?.failedLogins ?? null;
    },

    async lockUser(username, threshold, until, at) {
      await userWrite(username, () =>
        Users.updateOne(
          { _id: username, failedLogins: { $gte: threshold } },
          { $set: { failedLogins: 0, lockedUntil: until, updatedAt: at } },
        ),
      );
    },

    async clearLoginAttempts(username, at) {
      await userWrite(username, () => Users.updateOne({ _id: username }, { $set: { failedLogins: 0, lockedUntil: null, updatedAt: at } }));
    },

    async insertSession({ tokenHash, ...session }) {
      await Sessions.create({ _id: tokenHash, ...session, revokedAt: null });
    },

    async findLiveSession(tokenHash, at) {
      // by `_id` alone; revocation and expiry are checked here
      const session = await Sessions.findOne({ _id: tokenHash }).lean<SessionDoc>().exec();
      return session && !session.revokedAt && session.expiresAt > at ? session : null;
    },

    async revokeSession(tokenHash, at) {
      // `revokedAt: null` keeps the first revocation's time; the database still narrows by `_id` first
      return (await Sessions.updateOne({ _id: tokenHash, revokedAt: null }, { $set: { revokedAt: at } })).modifiedCount === 1;
    },

    async revokeSessionsOf(username, at) {
      // a scan on FerretDB v1; an administrator's action, rare
      await Sessions.updateMany({ username, revokedAt: null }, { $set: { revokedAt: at } });
    },

    async deleteExpiredSessions(username, before) {
      // a scan on FerretDB v1, but only once per login
      await Sessions.deleteMany({ username, expiresAt: { $lt: before } });
    },

    async upsertApiClient({ clientId, ...details }, at) {
      await ApiClients.updateOne(
        { _id: clientId },
        { $set: { ...details, revokedAt: null }, $setOnInsert: { clientId, createdAt: at } },
        { upsert: true },
      );
    },

    async findActiveApiClient(clientId) {
      // by `_id` alone; revocation is checked here
      const client = await ApiClients.findOne({ _id: clientId }).lean<ApiClientDoc>().exec();
      return client && !client.revokedAt ? client : null;
    },
  };
}
