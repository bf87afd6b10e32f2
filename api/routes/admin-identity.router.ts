import { Router } from 'express';
import { z } from 'zod';
import { Languages, UsernameSchema } from '../../domain/identity/accounts';
import { PasswordSchema } from '../../domain/identity/password';
import { RoleDescriptions, Roles } from '../../domain/identity/principal';
import { UnitIdSchema } from '../../domain/identity/units';
import type { AdminUnit, AdminUser, IdentityAdmin } from '../../services/identity-admin';
import { principalOf } from '../auth/authenticate';
import type { RouteCatalog } from '../route';

const MOUNT = '/api/admin';
const ADMINS = ['admin'] as const;

const RoleList = z.array(z.enum(Roles)).min(1, 'a user holds at least one role').transform((roles) => [...new Set(roles)]);
const DisplayName = z.string().trim().min(1).max(120);

const UserView = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(Roles)),
  unitId: z.string(),
  departmentId: z.string().nullable(),
  disabled: z.boolean(),
  email: z.string().nullable(),
  language: z.enum(Languages),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const UnitView = z.object({ unitId: z.string(), name: z.string(), kind: z.enum(['center', 'department', 'team']), parentId: z.string().nullable(), disabled: z.boolean(), activeUsers: z.number().int() });

const userView = (u: AdminUser): z.infer<typeof UserView> => ({
  ...u,
  lockedUntil: u.lockedUntil?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});
const unitView = ({ unitId, name, kind, parentId, disabled, activeUsers }: AdminUnit): z.infer<typeof UnitView> => ({ unitId, name, kind, parentId, disabled, activeUsers });

const UsernameParams = z.object({ username: UsernameSchema });
const UnitParams = z.object({ unitId: UnitIdSchema });

/** Admins: users, departments (the unit tree) and the fixed roles. Every change is audited. */
export function adminIdentityRouter(catalog: RouteCatalog, admin: IdentityAdmin): Router {
  const router = Router();

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/roles',
      tag: 'Administration',
      summary: 'The fixed roles and what each is for',
      roles: ADMINS,
      responses: { 200: { description: 'roles', schema: z.object({ roles: z.array(z.object({ role: z.enum(Roles), description: z.string() })) }) } },
    },
    ({ res }) => {
      res.json({ roles: Roles.map((role) => ({ role, description: RoleDescriptions[role] })) });
      return Promise.resolve();
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'get',
      path: '/users',
      tag: 'Administration',
      summary: 'Users, by username; searched by username or name, filtered by unit (and the units below it) and role',
      roles: ADMINS,
      query: z.strictObject({
        q: z.string().trim().max(120).optional(),
        unitId: UnitIdSchema.optional(),
        role: z.enum(Roles).optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: { 200: { description: 'one page of users', schema: z.object({ items: z.array(UserView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }) } },
    },
    async ({ query, res }) => {
      const { items, total } = await admin.users(query);
      res.json({ items: items.map(userView), total, page: query.page, pageSize: query.pageSize });
    },
  );

  catalog.add(
    router,
    MOUNT,
    { method: 'get', path: '/users/:username', tag: 'Administration', summary: 'One user', roles: ADMINS, params: UsernameParams, responses: { 200: { description: 'the user', schema: UserView }, 404: { description: 'no such user' } } },
    async ({ params, res }) => {
      res.json(userView(await admin.user(params.username)));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/users',
      tag: 'Administration',
      summary: 'Creates a user with an initial password (at least 10 characters)',
      roles: ADMINS,
      body: z.strictObject({ username: UsernameSchema, displayName: DisplayName, roles: RoleList, unitId: UnitIdSchema, password: PasswordSchema, email: z.email().max(254).optional(), language: z.enum(Languages).optional() }),
      responses: {
        201: { description: 'created', schema: UserView },
        409: { description: 'USER_EXISTS' },
        422: { description: 'ROLE_NOT_ALLOWED_IN_UNIT (e.g. a handler at the center) or INVALID_IDENTITY_DATA (unknown unit)' },
      },
    },
    async ({ body, res }) => {
      res.status(201).json(userView(await admin.createUser(principalOf(res), body)));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'patch',
      path: '/users/:username',
      tag: 'Administration',
      summary: "Changes a user's name, unit, roles, mail or disables them (which ends their sessions)",
      roles: ADMINS,
      params: UsernameParams,
      body: z.strictObject({ displayName: DisplayName.optional(), roles: RoleList.optional(), unitId: UnitIdSchema.optional(), disabled: z.boolean().optional(), email: z.email().max(254).nullable().optional(), language: z.enum(Languages).optional() }),
      responses: {
        200: { description: 'the user after the change', schema: UserView },
        409: { description: 'OWN_ADMIN_ROLE or OWN_ACCOUNT_DISABLE: an admin cannot lock themselves out' },
        422: { description: 'ROLE_NOT_ALLOWED_IN_UNIT or INVALID_IDENTITY_DATA' },
      },
    },
    async ({ params, body, res }) => {
      res.json(userView(await admin.updateUser(principalOf(res), params.username, body)));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/users/:username/password',
      tag: 'Administration',
      summary: "Sets a new password; the user's sessions end and a login lock is lifted",
      roles: ADMINS,
      params: UsernameParams,
      body: z.strictObject({ password: PasswordSchema }),
      responses: { 204: { description: 'set' }, 404: { description: 'no such user' } },
    },
    async ({ params, body, res }) => {
      await admin.resetPassword(principalOf(res), params.username, body.password);
      res.status(204).end();
    },
  );

  catalog.add(
    router,
    MOUNT,
    { method: 'get', path: '/units', tag: 'Administration', summary: 'The unit tree (center, departments, teams), disabled units too, with their active users', roles: ADMINS, responses: { 200: { description: 'units', schema: z.object({ units: z.array(UnitView) }) } } },
    async ({ res }) => {
      res.json({ units: (await admin.units()).map(unitView) });
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'post',
      path: '/units',
      tag: 'Administration',
      summary: 'Creates a department (below the center or a department) or a team (below a department or a team)',
      roles: ADMINS,
      body: z.strictObject({ unitId: UnitIdSchema, name: DisplayName, kind: z.enum(['department', 'team']), parentId: UnitIdSchema }),
      responses: { 201: { description: 'created', schema: UnitView }, 409: { description: 'UNIT_EXISTS' }, 422: { description: 'INVALID_IDENTITY_DATA: it does not fit the tree' } },
    },
    async ({ body, res }) => {
      res.status(201).json(unitView(await admin.createUnit(principalOf(res), body)));
    },
  );

  catalog.add(
    router,
    MOUNT,
    {
      method: 'patch',
      path: '/units/:unitId',
      tag: 'Administration',
      summary: 'Renames, disables or enables a unit',
      roles: ADMINS,
      params: UnitParams,
      body: z.strictObject({ name: DisplayName.optional(), disabled: z.boolean().optional() }),
      responses: { 200: { description: 'the unit after the change', schema: UnitView }, 409: { description: 'DEPARTMENT_IN_USE: active users, open work orders or enabled units below it' } },
    },
    async ({ params, body, res }) => {
      res.json(unitView(await admin.updateUnit(principalOf(res), params.unitId, body)));
    },
  );

  return router;
}
