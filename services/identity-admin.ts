import type { AuditLog } from '../adapters/mongo/audit.repository';
import type { DocumentLocks } from '../adapters/mongo/document-lock';
import type { UserDoc } from '../adapters/mongo/identity.model';
import type { IdentityRepository } from '../adapters/mongo/identity.repository';
import type { Clock } from '../domain/clock';
import { IdentityDataError, NotFoundError, RecordBusyError } from '../domain/errors';
import type { Language } from '../domain/identity/accounts';
import { IdentityAdminError } from '../domain/identity/errors';
import type { Principal, Role } from '../domain/identity/principal';
import { assignmentProblem, departmentOf, subtreeOf, type Unit } from '../domain/identity/units';
import { DISPATCH_DESK } from '../domain/work-order/lifecycle';
import type { IdentityService } from './identity-service';

/** A user as administrators see it: no password material, ever. */
export interface AdminUser {
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly unitId: string;
  readonly departmentId: string | null;
  readonly disabled: boolean;
  readonly email: string | null;
  readonly language: Language;
  /** Set while failed logins keep the account locked. */
  readonly lockedUntil: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface AdminUnit extends Unit {
  readonly disabled: boolean;
  /** Enabled users working in the unit itself. */
  readonly activeUsers: number;
}

export interface UserQuery {
  /** Part of the username or the display name, any case. */
  readonly q?: string;
  /** Users of this unit and the units below it. */
  readonly unitId?: string;
  readonly role?: Role;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly unitId: string;
  readonly password: string;
  readonly email?: string;
  readonly language?: Language;
}

/** Fields left out stay as they are; `email: null` removes the address. */
export interface UserChange {
  readonly displayName?: string;
  readonly roles?: Role[];
  readonly unitId?: string;
  readonly disabled?: boolean;
  readonly email?: string | null;
  readonly language?: Language;
}

export interface IdentityAdmin {
  users(query: UserQuery): Promise<{ items: AdminUser[]; total: number }>;
  user(username: string): Promise<AdminUser>;
  /** USER_EXISTS for a taken username; ROLE_NOT_ALLOWED_IN_UNIT for a combination the scope rules cannot serve. */
  createUser(by: Principal, input: NewUser): Promise<AdminUser>;
  /**
   * Refuses to take the admin role from, or disable, the caller or the last enabled admin, and to
   * enable a user of a disabled unit (UNIT_DISABLED); disabling ends the user's sessions.
   */
  updateUser(by: Principal, username: string, change: UserChange): Promise<AdminUser>;
  /** Sets a new password, lifts a lock and ends the user's sessions (whoever held the old one is out). */
  resetPassword(by: Principal, username: string, password: string): Promise<void>;
  units(): Promise<AdminUnit[]>;
  /** UNIT_EXISTS for a taken id; INVALID_IDENTITY_DATA when it does not fit the tree. */
  createUnit(by: Principal, unit: Unit): Promise<AdminUnit>;
  /** Renames, enables or disables; DEPARTMENT_IN_USE while active users, open work orders or enabled units depend on it. */
  updateUnit(by: Principal, unitId: string, change: { name?: string; disabled?: boolean }): Promise<AdminUnit>;
}

export interface IdentityAdminDeps {
  readonly repo: IdentityRepository;
  readonly identity: IdentityService;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly locks: DocumentLocks;
  readonly openWorkOrdersIn: (department: string) => Promise<number>;
}

/** What an audit record keeps of a user: the profile, never the password hash. */
const profileOf = (u: AdminUser) => ({ displayName: u.displayName, roles: u.roles, unitId: u.unitId, disabled: u.disabled, email: u.email, language: u.language });

/**
 * Users, units and roles as administrators change them; every change is audited with before and after.
 *
 * Each change reads the record, checks it and writes only the fields it changes, holding the
 * record's lock on either server: a rename at the moment of a disable cannot write the user back
 * enabled. Two rules that span records take a lock of their own, always in the order admins, unit,
 * user: changes that may end an admin take `admins`, so two admins disabling each other at once
 * leave one; moving a user into a unit or enabling them there takes the unit's, so the unit
 * cannot be disabled at the same moment as in use by nobody.
 */
export function createIdentityAdmin(deps: IdentityAdminDeps): IdentityAdmin {
  const { repo, identity, audit, clock, locks } = deps;

  const view = (user: UserDoc, units: readonly Unit[]): AdminUser => ({
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    unitId: user.unitId,
    departmentId: departmentOf(user.unitId, units),
    disabled: user.disabled,
    email: user.email ?? null,
    language: user.language ?? 'zh-CN',
    lockedUntil: user.lockedUntil && user.lockedUntil > clock.now() ? user.lockedUntil : null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  });

  async function existing(username: string): Promise<AdminUser> {
    const user = await repo.findUser(username);
    if (!user) throw new NotFoundError('user', username);
    return view(user, await repo.listUnits());
  }

  async function requireAssignable(roles: readonly Role[], unitId: string): Promise<void> {
    const units = await repo.listUnits();
    const unit = units.find((u) => u.unitId === unitId);
    if (!unit) throw new IdentityDataError(`unit ${unitId} does not exist`);
    if (unit.disabled) throw IdentityAdminError.unitDisabled(unitId);
    const problem = assignmentProblem({ roles, unitId }, units);
    if (problem) throw IdentityAdminError.roleNotAllowed(problem);
  }

  /** Refuses a change that would leave `username`, an enabled admin now, as no enabled admin when nobody else is one. */
  async function requireAnotherAdmin(username: string): Promise<void> {
    if (!(await repo.listUsersWithRole('admin')).some((u) => u.username !== username)) throw IdentityAdminError.lastAdmin(username);
  }

  /** The change, made holding the lock of `lockedUnit` (the unit it makes the user active in); undefined when the user is in another unit now. */
  async function changeUser(by: Principal, username: string, change: UserChange, lockedUnit: string | undefined): Promise<AdminUser | undefined> {
    const before = await existing(username);
    if (lockedUnit !== undefined && (change.unitId ?? before.unitId) !== lockedUnit) return undefined;
    const self = by.kind === 'user' && by.id === username;
    if (self && change.roles && before.roles.includes('admin') && !change.roles.includes('admin')) throw IdentityAdminError.ownAdminRole();
    if (self && change.disabled === true) throw IdentityAdminError.ownAccountDisable();
    const roles = change.roles ?? before.roles;
    const unitId = change.unitId ?? before.unitId;
    const disabled = change.disabled ?? before.disabled;
    if (change.roles || change.unitId || (before.disabled && !disabled)) await requireAssignable(roles, unitId);
    const isAdmin = (u: { roles: readonly Role[]; disabled: boolean }) => u.roles.includes('admin') && !u.disabled;
    if (isAdmin(before) && !isAdmin({ roles, disabled })) await requireAnotherAdmin(username);
    const now = clock.now();
    await repo.changeUser(username, change, now);
    if (disabled && !before.disabled) await repo.revokeSessionsOf(username, now);
    const after = await existing(username);
    await audit.record({ at: now, by: by.employeeId, action: 'user-changed', subject: `user:${username}`, detail: { before: profileOf(before), after: profileOf(after) } });
    return after;
  }

  /** The unit the change makes the user an active member of (moved there, or enabled where they are), if any. */
  async function unitJoined(username: string, change: UserChange): Promise<string | undefined> {
    if (change.unitId !== undefined) return change.unitId;
    return change.disabled === false ? (await repo.findUser(username))?.unitId : undefined;
  }

  async function unitViews(): Promise<AdminUnit[]> {
    const [units, users] = await Promise.all([repo.listUnits(), repo.listUsers()]);
    return units.map((u) => ({ ...u, disabled: u.disabled ?? false, activeUsers: users.filter((x) => x.unitId === u.unitId && !x.disabled).length }));
  }

  async function unitView(unitId: string): Promise<AdminUnit> {
    const unit = (await unitViews()).find((u) => u.unitId === unitId);
    if (!unit) throw new NotFoundError('unit', unitId);
    return unit;
  }

  async function changeUnit(by: Principal, unitId: string, change: { name?: string; disabled?: boolean }): Promise<AdminUnit> {
    const before = await unitView(unitId);
    if (change.disabled === true && !before.disabled) {
      if (before.kind === 'center') throw new IdentityDataError('the center cannot be disabled');
      if (unitId === DISPATCH_DESK) throw new IdentityDataError('the dispatch desk cannot be disabled: it takes the work orders of disabled departments');
      const activeUnits = (await repo.listUnits()).filter((u) => u.parentId === unitId && !u.disabled).length;
      const use = { activeUsers: before.activeUsers, openWorkOrders: await deps.openWorkOrdersIn(unitId), activeUnits };
      if (use.activeUsers + use.openWorkOrders + use.activeUnits > 0) throw IdentityAdminError.unitInUse(unitId, use);
    }
    await identity.changeUnit(unitId, change);
    const after = await unitView(unitId);
    const facts = (u: AdminUnit) => ({ name: u.name, disabled: u.disabled });
    await audit.record({ at: clock.now(), by: by.employeeId, action: 'unit-changed', subject: `unit:${unitId}`, detail: { before: facts(before), after: facts(after) } });
    return after;
  }

  return {
    async users({ q, unitId, role, page, pageSize }) {
      const [users, units] = await Promise.all([repo.listUsers(), repo.listUnits()]);
      const inUnits = unitId === undefined ? undefined : new Set(subtreeOf(unitId, units).map((u) => u.unitId));
      const needle = q?.trim().toLowerCase() ?? '';
      const matching = users.filter(
        (u) =>
          (!needle || u.username.includes(needle) || u.displayName.toLowerCase().includes(needle)) &&
          (!inUnits || inUnits.has(u.unitId)) &&
          (!role || u.roles.includes(role)),
      );
      return { items: matching.slice((page - 1) * pageSize, page * pageSize).map((u) => view(u, units)), total: matching.length };
    },

    user: existing,

    createUser: (by, input) =>
      locks.exclusive(`unit:${input.unitId}`, async () => {
        await requireAssignable(input.roles, input.unitId);
        // the insert decides: of two creates at once, the second finds the username taken
        if (!(await identity.insertUser({ ...input, disabled: false }))) throw IdentityAdminError.userExists(input.username);
        const created = await existing(input.username);
        await audit.record({ at: clock.now(), by: by.employeeId, action: 'user-created', subject: `user:${input.username}`, detail: { after: profileOf(created) } });
        return created;
      }),

    updateUser(by, username, change) {
      const write = async (): Promise<AdminUser> => {
        // the unit is read before its lock is taken: a move meanwhile sends the change round again
        for (let attempt = 1; attempt <= 3; attempt++) {
          const joined = await unitJoined(username, change);
          const inUser = () => locks.exclusive(`user:${username}`, () => changeUser(by, username, change, joined));
          const changed = joined === undefined ? await inUser() : await locks.exclusive(`unit:${joined}`, inUser);
          if (changed) return changed;
        }
        throw new RecordBusyError(`user ${username}`);
      };
      return change.disabled === true || change.roles !== undefined ? locks.exclusive('admins', write) : write();
    },

    async resetPassword(by, username, password) {
      await locks.exclusive(`user:${username}`, async () => {
        await existing(username);
        await identity.setPassword(username, password);
        const now = clock.now();
        await repo.revokeSessionsOf(username, now);
        await audit.record({ at: now, by: by.employeeId, action: 'user-password-reset', subject: `user:${username}`, detail: {} });
      });
    },

    units: unitViews,

    async createUnit(by, unit) {
      if (!(await identity.insertUnit({ ...unit, disabled: false }))) throw IdentityAdminError.unitExists(unit.unitId);
      const created = await unitView(unit.unitId);
      await audit.record({ at: clock.now(), by: by.employeeId, action: 'unit-created', subject: `unit:${unit.unitId}`, detail: { after: { name: created.name, kind: created.kind, parentId: created.parentId } } });
      return created;
    },

    updateUnit: (by, unitId, change) => locks.exclusive(`unit:${unitId}`, () => changeUnit(by, unitId, change)),
  };
}
