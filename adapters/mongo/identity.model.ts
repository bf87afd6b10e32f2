import { Schema, type Connection, type Model } from 'mongoose';
import { Languages, type Language } from '../../domain/identity/accounts';
import { Roles, UnitKinds, type Role, type UnitKind } from '../../domain/identity/principal';

// Times are set by the repository from the platform's Clock, not by mongoose from the system
// clock. No TTL indexes (FerretDB v1 has none): expiry is checked on every read instead.
//
// Every collection is keyed by its natural key in `_id` (a string; mongoose generates no
// ObjectId then). FerretDB v1 on SQLite pushes only `_id` equality down to the database: a
// lookup by any other field, unique index or not, reads and decodes the whole collection. So
// the lookups made per request and per login go by `_id`, and no other unique index is kept
// (`_id` already is one).

export interface UnitDoc {
  /** The unit id. */
  _id: string;
  /** Same as `_id`, kept for readability. */
  unitId: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  /** Absent on units stored before units could be disabled (read as enabled). */
  disabled?: boolean;
}

export interface UserDoc {
  /** The username. */
  _id: string;
  /** Same as `_id`, kept for readability. Also the employee id recorded on work orders. */
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string;
  /** `scrypt$N$r$p$salt$key`, see domain/identity/password.ts. */
  passwordHash: string;
  /** Login attempts since the last success or lock; see IdentityRepository.reserveLoginAttempt. */
  failedLogins: number;
  lockedUntil: Date | null;
  disabled: boolean;
  /** Absent: the user gets no mail. */
  email?: string;
  /** Language of the user's mail; absent on users stored before it existed (read as zh-CN). */
  language?: Language;
  createdAt: Date;
  updatedAt: Date;
}

export interface SessionDoc {
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  _id: string;
  username: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface ApiClientDoc {
  /** The client id. */
  _id: string;
  /** Same as `_id`, kept for readability. */
  clientId: string;
  displayName: string;
  roles: Role[];
  unitId: string;
  /** SHA-256 (hex) of the key's secret part. */
  keyHash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const UnitSchema = new Schema<UnitDoc>(
  {
    _id: String,
    unitId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: UnitKinds, required: true },
    parentId: { type: String, default: null },
    disabled: { type: Boolean },
  },
  { collection: 'units', versionKey: false },
);

const UserSchema = new Schema<UserDoc>(
  {
    _id: String,
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    roles: { type: [{ type: String, enum: Roles }], required: true },
    unitId: { type: String, required: true },
    passwordHash: { type: String, required: true },
    failedLogins: { type: Number, required: true, default: 0 },
    lockedUntil: { type: Date, default: null },
    disabled: { type: Boolean, required: true, default: false },
    email: { type: String },
    language: { type: String, enum: Languages },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'users', versionKey: false },
);

const SessionSchema = new Schema<SessionDoc>(
  {
    _id: String,
    // indexed for deleteExpiredSessions (at login); FerretDB v1 on SQLite scans regardless
    username: { type: String, required: true, index: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'sessions', versionKey: false },
);

const ApiClientSchema = new Schema<ApiClientDoc>(
  {
    _id: String,
    clientId: { type: String, required: true },
    displayName: { type: String, required: true },
    roles: { type: [{ type: String, enum: Roles }], required: true },
    unitId: { type: String, required: true },
    keyHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'api_clients', versionKey: false },
);

export interface IdentityModels {
  readonly Units: Model<UnitDoc>;
  readonly Users: Model<UserDoc>;
  readonly Sessions: Model<SessionDoc>;
  readonly ApiClients: Model<ApiClientDoc>;
}

export function identityModels(connection: Connection): IdentityModels {
  return {
    Units: connection.model<UnitDoc>('Unit', UnitSchema),
    Users: connection.model<UserDoc>('User', UserSchema),
    Sessions: connection.model<SessionDoc>('Session', SessionSchema),
    ApiClients: connection.model<ApiClientDoc>('ApiClient', ApiClientSchema),
  };
}
