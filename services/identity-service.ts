import type { UserDoc } from '../adapters/mongo/identity.model';
import type { IdentityRepository } from '../adapters/mongo/identity.repository';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/clock';
import type { EscalationAudience } from '../domain/sla/policy';
import { AuthenticationError, IdentityDataError } from '../domain/errors';
import {
  ApiClientInputSchema,
  formatApiKey,
  newSecret,
  parseApiKey,
  sameDigest,
  SecretSchema,
  sha256Hex,
  UserInputSchema,
  type ApiClientInput,
  type UserInput,
} from '../domain/identity/accounts';
import { hashPassword, PasswordSchema, verifyPassword } from '../domain/identity/password';
import type { Principal } from '../domain/identity/principal';
import type { MailUser } from '../domain/mail/recipients';
import { placementProblem, principalFor, supervisorsFor, UnitSchema, type Unit } from '../domain/identity/units';

export interface LockoutPolicy {
  /** Consecutive failed logins that lock the account. */
  readonly maxFailures: number;
  /** How long (ms) a locked account refuses logins. */
  readonly lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };
/** One working shift. */
export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60_000;
/** The unit tree is read on every request and changes rarely; a change shows within this long (ms). */
const UNIT_CACHE_MS = 30_000;

export interface IdentityServiceDeps {
  /** The users, units, sessions and API clients (shared with the identity administration). */
  readonly repo: IdentityRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long (ms) a session lasts after login. Default DEFAULT_SESSION_TTL_MS. */
  readonly sessionTtlMs?: number;
  readonly lockout?: LockoutPolicy;
}

export interface LoginResult {
  /** Bearer token; only its hash is stored, so this is the one time it is seen. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly principal: Principal;
}

export interface IssuedApiKey {
  readonly clientId: string;
  /** `<clientId>.<secret>`; only the secret's hash is stored, so this is the one time it is seen. */
  readonly apiKey: string;
}

export interface IdentityService {
  /** Throws AuthenticationError INVALID_CREDENTIALS (unknown user, wrong password, disabled) or ACCOUNT_LOCKED. */
  login(username: string, password: string): Promise<LoginResult>;
  /** The principal of a live session's token; null when unknown, revoked, expired or its user is disabled. */
  authenticateToken(token: string): Promise<Principal | null>;
  /** The principal of an API key `<clientId>.<secret>`; null when unknown, revoked or wrong. */
  authenticateApiKey(apiKey: string): Promise<Principal | null>;
  /** Ends the session of this token; nothing happens for an unknown one. */
  logout(token: string): Promise<void>;
  /**
   * Trades a live session for a new one with a full lifetime (the portal's "stay signed in");
   * the old token stops working. UNAUTHENTICATED when the session is gone or its user disabled.
   */
  renewSession(token: string): Promise<LoginResult>;
  /** The unit tree, kept up to UNIT_CACHE_MS (read on every request). */
  listUnits(): Promise<readonly Unit[]>;
  /** One unit as stored now: for a decision that another process's change must reach at once (dispatch). */
  unitNow(unitId: string): Promise<Unit | undefined>;
  /**
   * Creates the API client and returns its key, once. Called again for the same client id, it
   * replaces details and key (rotation). `secret` fixes the key's secret (demo and test seeds).
   */
  createApiClient(input: ApiClientInput, options?: { secret?: string }): Promise<IssuedApiKey>;
  /** Creates or updates a user; a new user needs a password. Throws IdentityDataError for an unknown unit. */
  upsertUser(input: UserInput): Promise<void>;
  /** Creates a user; false when the username is taken (nothing changed). Throws IdentityDataError for an unknown unit. */
  insertUser(input: UserInput & { password: string }): Promise<boolean>;
  /** Sets a new password and lifts a lock; the caller ends the user's sessions. */
  setPassword(username: string, password: string): Promise<void>;
  /** Creates or updates a unit. Throws IdentityDataError when it does not fit the tree. */
  upsertUnit(unit: Unit): Promise<void>;
  /** Creates a unit; false when its id is taken (nothing changed). Throws IdentityDataError when it does not fit the tree. */
  insertUnit(unit: Unit): Promise<boolean>;
  /** Renames, enables or disables a unit, setting only what is given. */
  changeUnit(unitId: string, change: { name?: string; disabled?: boolean }): Promise<void>;
  /** Every user as the mail needs them (address, language, roles, unit), and the unit tree, to resolve recipients. */
  mailDirectory(): Promise<{ users: MailUser[]; units: readonly Unit[] }>;
  /** Employee ids of the supervisors an SLA escalation of `department` tells (see supervisorsFor). */
  supervisorsFor(audience: EscalationAudience, department: string | undefined): Promise<string[]>;
}

const sessionEnded = (): AuthenticationError => AuthenticationError.unauthenticated('The session has ended; log in again');

export function createIdentityService(deps: IdentityServiceDeps): IdentityService {
  const { repo, clock, logger } = deps;
  const sessionTtlMs = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const lockout = deps.lockout ?? DEFAULT_LOCKOUT;

  let cachedUnits: { units: Promise<Unit[]>; loadedAt: number } | undefined;
  function units(): Promise<readonly Unit[]> {
    const now = clock.now().getTime();
    if (!cachedUnits || now - cachedUnits.loadedAt >= UNIT_CACHE_MS) {
      const loading = repo.listUnits();
      cachedUnits = { units: loading, loadedAt: now };
      // a failed read is not kept: the next request reads again
      loading.catch(() => {
        if (cachedUnits?.units === loading) cachedUnits = undefined;
      });
    }
    return cachedUnits.units;
  }

  // Unknown users get a password check too, against a hash of nothing anyone knows, so the
  // answer takes as long as for a wrong password and timing does not reveal who exists.
  let dummyHash: Promise<string> | undefined;
  const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword(newSecret()));

  async function requireUnit(unitId: string): Promise<void> {
    const known = await repo.listUnits();
    if (!known.some((u) => u.unitId === unitId)) throw new IdentityDataError(`unit ${unitId} does not exist`);
  }

  /** The unit, validated, if it fits the tree. */
  async function placeable(input: Unit): Promise<Unit> {
    const unit = UnitSchema.parse(input);
    const problem = placementProblem(unit, await repo.listUnits());
    if (problem) throw new IdentityDataError(`unit ${unit.unitId}: ${problem}`);
    return unit;
  }

  async function userPrincipal(user: UserDoc): Promise<Principal> {
    return principalFor({ kind: 'user', id: user.username, displayName: user.displayName, roles: user.roles, unitId: user.unitId }, await units());
  }

  async function lock(username: string, now: Date): Promise<never> {
    const until = new Date(now.getTime() + lockout.lockMs);
    await repo.lockUser(username, lockout.maxFailures, until, now);
    logger.warn({ username, lockedUntil: until }, 'account locked after failed logins');
    throw AuthenticationError.accountLocked(until);
  }

  /** Refuses a login of a user found locked; passes otherwise. */
  function refuseIfLocked(user: UserDoc | null, now: Date): void {
    if (user?.lockedUntil && user.lockedUntil > now) throw AuthenticationError.accountLocked(user.lockedUntil);
  }

  return {
    async login(username, password) {
      const now = clock.now();
      const user = await repo.findUser(username);
      if (!user || user.disabled) {
        await verifyPassword(password, await dummyPasswordHash());
        throw AuthenticationError.invalidCredentials();
      }
      refuseIfLocked(user, now);

      const attempt = await repo.reserveLoginAttempt(username, now);
      if (attempt === null) {
        // locked or disabled since it was read
        refuseIfLocked(await repo.findUser(username), now);
        throw AuthenticationError.invalidCredentials();
      }
      // attempts beyond the budget (parallel guesses that raced the lock) are not even checked
      if (attempt > lockout.maxFailures || !(await verifyPassword(password, user.passwordHash))) {
        if (attempt >= lockout.maxFailures) return lock(username, now);
        throw AuthenticationError.invalidCredentials();
      }

      await repo.clearLoginAttempts(username, now);
      await repo.deleteExpiredSessions(username, now);
      const token = newSecret();
      const expiresAt = new Date(now.getTime() + sessionTtlMs);
      await repo.insertSession({ tokenHash: sha256Hex(token), username, createdAt: now, expiresAt });
      return { token, expiresAt, principal: await userPrincipal(user) };
    },

    async authenticateToken(token) {
      if (!SecretSchema.safeParse(token).success) return null;
      const session = await repo.findLiveSession(sha256Hex(token), clock.now());
      if (!session) return null;
      const user = await repo.findUser(session.username);
      return user && !user.disabled ? userPrincipal(user) : null;
    },

    async authenticateApiKey(apiKey) {
      const parsed = parseApiKey(apiKey);
      if (!parsed) return null;
      const client = await repo.findActiveApiClient(parsed.clientId);
      if (!client || !sameDigest(sha256Hex(parsed.secret), client.keyHash)) return null;
      return principalFor(
        { kind: 'api-client', id: client.clientId, displayName: client.displayName, roles: client.roles, unitId: client.unitId },
        await units(),
      );
    },

    async logout(token) {
      if (SecretSchema.safeParse(token).success) await repo.revokeSession(sha256Hex(token), clock.now());
    },

    async renewSession(token) {
      const now = clock.now();
      const session = SecretSchema.safeParse(token).success ? await repo.findLiveSession(sha256Hex(token), now) : null;
      const user = session && (await repo.findUser(session.username));
      if (!session || !user || user.disabled) throw sessionEnded();
      const renewed = newSecret();
      const expiresAt = new Date(now.getTime() + sessionTtlMs);
      // the new session first: a failure in between leaves the user signed in, never out
      await repo.insertSession({ tokenHash: sha256Hex(renewed), username: user.username, createdAt: now, expiresAt });
      // A password reset or a disable ends every session of the user; one that ran after the old
      // session was read above did not see the new one. It ended the old one first, then, or left
      // the user disabled: the renewal must not outlive it.
      const endedByUs = await repo.revokeSession(sha256Hex(token), now);
      const still = await repo.findUser(user.username);
      if (!endedByUs || !still || still.disabled) {
        await repo.revokeSession(sha256Hex(renewed), now);
        throw sessionEnded();
      }
      return { token: renewed, expiresAt, principal: await userPrincipal(still) };
    },

    listUnits: units,
    unitNow: (unitId) => repo.findUnit(unitId),

    async createApiClient(input, { secret = newSecret() } = {}) {
      const client = ApiClientInputSchema.parse(input);
      await requireUnit(client.unitId);
      await repo.upsertApiClient({ ...client, keyHash: sha256Hex(SecretSchema.parse(secret)) }, clock.now());
      return { clientId: client.clientId, apiKey: formatApiKey(client.clientId, secret) };
    },

    async upsertUser(input) {
      const { password, ...profile } = UserInputSchema.parse(input);
      await requireUnit(profile.unitId);
      if (password === undefined && !(await repo.findUser(profile.username))) {
        throw new IdentityDataError(`user ${profile.username} is new and needs a password`);
      }
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      await repo.upsertUser({ ...profile, ...(passwordHash === undefined ? {} : { passwordHash }) }, clock.now());
    },

    async insertUser(input) {
      const { password, ...profile } = UserInputSchema.parse(input);
      await requireUnit(profile.unitId);
      return repo.insertUser({ ...profile, passwordHash: await hashPassword(PasswordSchema.parse(password)) }, clock.now());
    },

    async setPassword(username, password) {
      const now = clock.now();
      await repo.changeUser(username, { passwordHash: await hashPassword(PasswordSchema.parse(password)) }, now);
      await repo.clearLoginAttempts(username, now);
    },

    async mailDirectory() {
      const users = await repo.listUsers();
      return {
        users: users.map(({ username, displayName, roles, unitId, disabled, email, language }) => ({ username, displayName, roles, unitId, disabled, email, language })),
        units: await units(),
      };
    },

    async supervisorsFor(audience, department) {
      return supervisorsFor(audience, department, await units(), await repo.listUsersWithRole('supervisor'));
    },

    async upsertUnit(input) {
      await repo.upsertUnit(await placeable(input));
      cachedUnits = undefined;
    },

    async insertUnit(input) {
      const inserted = await repo.insertUnit(await placeable(input));
      cachedUnits = undefined;
      return inserted;
    },

    async changeUnit(unitId, change) {
      await repo.changeUnit(unitId, change);
      cachedUnits = undefined;
    },
  };
}
