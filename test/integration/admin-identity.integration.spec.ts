import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { processesDir } from '../../runtime/paths';
import { useTestPlatform } from '../support/test-platform';
import { apiAs, atStep, raiseWorkOrder, recordWhere } from '../support/work-orders';

/**
 * Administration of users, departments and roles through the API, on the real database: the
 * rules (password policy, role and unit combinations, no self-lockout, departments in use) and
 * the audit trail of every change.
 */
describe('identity administration', () => {
  const tp = useTestPlatform();
  const admin = () => apiAs(tp().app, 'admin');
  // ids of this run, so runs against the same database do not meet
  const run = randomBytes(3).toString('hex');
  const PASSWORD = 'first-password-2026';
  const login = (username: string, password: string) => request(tp().app).post('/api/auth/login').send({ username, password });
  const auditOf = async (subject: string) => (await tp().platform.audit.about(subject)).map((a) => ({ action: a.action, by: a.by, detail: a.detail }));

  it('lists the fixed roles with a description each, to admins only', async () => {
    const res = await admin().get('/api/admin/roles');
    expect(res.status).toBe(200);
    expect(res.body.roles.map((r: { role: string }) => r.role)).toEqual(['agent', 'handler', 'supervisor', 'designer', 'auditor', 'admin']);
    expect(res.body.roles.every((r: { description: string }) => r.description.length > 10)).toBe(true);
    expect((await apiAs(tp().app, 'center-sup').get('/api/admin/roles')).status).toBe(403);
    expect((await apiAs(tp().app, 'center-sup').get('/api/admin/users')).status).toBe(403);
    expect((await request(tp().app).get('/api/admin/users')).status).toBe(401);
  });

  it('creates a handler who signs in and sees the department inbox; edits, resets the password and disables them, which ends their session', async () => {
    const username = `new-handler-${run}`;
    // given: a user the admin creates in a team of billing
    // a name of this run only: other files (the admin e2e) create users in billing too
    const displayName = `Fang Lin ${run}`;
    const created = await admin().post('/api/admin/users', { username, displayName, roles: ['handler', 'handler'], unitId: 'billing-disputes', password: PASSWORD, email: `${username}@service-center.example` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username, roles: ['handler'], unitId: 'billing-disputes', departmentId: 'billing', disabled: false, language: 'zh-CN' });
    expect(JSON.stringify(created.body)).not.toMatch(/scrypt|password/i);
    expect(await admin().post('/api/admin/users', { username, displayName: 'Again', roles: ['agent'], unitId: 'center', password: PASSWORD })).toMatchObject({ status: 409, body: { code: 'USER_EXISTS' } });

    // then: they sign in with the initial password and see billing's inbox
    const session = await login(username, PASSWORD).expect(200);
    const bearer = { Authorization: `Bearer ${session.body.token as string}` };
    expect(session.body.user).toMatchObject({ departmentId: 'billing', departments: ['billing'] });
    expect((await request(tp().app).get('/api/tasks?view=department').set(bearer)).status).toBe(200);

    // found by name, by unit (the department holds the team) and by role
    const found = await admin().get(`/api/admin/users?q=${encodeURIComponent(displayName.toLowerCase())}&unitId=billing&role=handler`);
    expect(found.body).toMatchObject({ total: 1, page: 1, items: [{ username }] });
    expect((await admin().get(`/api/admin/users?q=${username}&role=auditor`)).body.total).toBe(0);
    const paged = await admin().get('/api/admin/users?pageSize=2&page=2');
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body.total).toBeGreaterThan(4);

    // when: renamed and made a supervisor too
    const changed = await admin().patch(`/api/admin/users/${username}`, { displayName: 'Lin Fang', roles: ['handler', 'supervisor'] });
    expect(changed).toMatchObject({ status: 200, body: { displayName: 'Lin Fang', roles: ['handler', 'supervisor'] } });

    // a new password must follow the policy; a good one ends the old session
    expect(await admin().post(`/api/admin/users/${username}/password`, { password: 'short' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await admin().post(`/api/admin/users/${username}/password`, { password: 'second-password-2026' })).status).toBe(204);
    expect((await request(tp().app).get('/api/auth/me').set(bearer)).status).toBe(401);
    expect((await login(username, PASSWORD)).status).toBe(401);
    const second = await login(username, 'second-password-2026').expect(200);
    const secondBearer = { Authorization: `Bearer ${second.body.token as string}` };

    // disabling ends the session at once and refuses logins
    expect(await admin().patch(`/api/admin/users/${username}`, { disabled: true })).toMatchObject({ status: 200, body: { disabled: true } });
    expect((await request(tp().app).get('/api/auth/me').set(secondBearer)).status).toBe(401);
    expect((await login(username, 'second-password-2026')).status).toBe(401);

    // every change audited by the admin, before and after, no password material
    const trail = await auditOf(`user:${username}`);
    expect(trail.map((a) => [a.action, a.by])).toEqual([['user-created', 'admin'], ['user-changed', 'admin'], ['user-password-reset', 'admin'], ['user-changed', 'admin']]);
    expect(trail[1]!.detail).toMatchObject({ before: { displayName, roles: ['handler'] }, after: { displayName: 'Lin Fang', roles: ['handler', 'supervisor'] } });
    expect(trail[3]!.detail).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    expect(JSON.stringify(trail)).not.toMatch(/password-2026|scrypt/);
  });

  it('refuses bad users with a code each and changes nothing', async () => {
    const username = `refused-${run}`;
    const base = { username, displayName: 'Refused', roles: ['handler'], unitId: 'billing', password: PASSWORD };
    expect(await admin().post('/api/admin/users', { ...base, username: 'Not A Username' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await admin().post('/api/admin/users', { ...base, password: 'too-short' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await admin().post('/api/admin/users', { ...base, roles: [] })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await admin().post('/api/admin/users', { ...base, roles: ['root'] })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await admin().post('/api/admin/users', { ...base, unitId: 'no-such-unit' })).toMatchObject({ status: 422, body: { code: 'INVALID_IDENTITY_DATA' } });
    // a handler's inbox is a department's: at the center there is none
    expect(await admin().post('/api/admin/users', { ...base, unitId: 'center' })).toMatchObject({ status: 422, body: { code: 'ROLE_NOT_ALLOWED_IN_UNIT' } });
    expect((await admin().get(`/api/admin/users/${username}`)).status).toBe(404);

    // an existing handler cannot be moved to the center either
    expect(await admin().patch('/api/admin/users/cr-h1', { unitId: 'center' })).toMatchObject({ status: 422, body: { code: 'ROLE_NOT_ALLOWED_IN_UNIT' } });
    expect((await admin().get('/api/admin/users/cr-h1')).body.unitId).toBe('customer-relations');
  });

  it('an admin can neither drop their own admin role nor disable themselves', async () => {
    expect(await admin().patch('/api/admin/users/admin', { roles: ['auditor'] })).toMatchObject({ status: 409, body: { code: 'OWN_ADMIN_ROLE' } });
    expect(await admin().patch('/api/admin/users/admin', { disabled: true })).toMatchObject({ status: 409, body: { code: 'OWN_ACCOUNT_DISABLE' } });
    expect((await admin().get('/api/admin/users/admin')).body).toMatchObject({ roles: ['admin'], disabled: false });
    // adding a role to oneself is fine
    expect((await admin().patch('/api/admin/users/admin', { roles: ['admin', 'auditor'] })).status).toBe(200);
    expect((await admin().patch('/api/admin/users/admin', { roles: ['admin'] })).status).toBe(200);
  });

  describe('changes at the same moment', () => {
    const as = (token: string) => ({ patch: (path: string, body: object) => request(tp().app).patch(path).set({ Authorization: `Bearer ${token}` }).send(body) });
    const newUser = async (username: string, roles: string[]) => {
      expect((await admin().post('/api/admin/users', { username, displayName: `Concurrent ${username}`, roles, unitId: 'center', password: PASSWORD })).status).toBe(201);
      return (await login(username, PASSWORD).expect(200)).body.token as string;
    };

    it('of two creates of one username, one is 201 and the other 409 USER_EXISTS; the first password stays', async () => {
      const username = `twin-${run}`;
      const answers = await Promise.all(
        ['first-password-2026', 'second-password-2026'].map((password) => admin().post('/api/admin/users', { username, displayName: 'Twin', roles: ['agent'], unitId: 'center', password })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('USER_EXISTS');
      const winner = answers[0]!.status === 201 ? 'first-password-2026' : 'second-password-2026';
      expect((await login(username, winner)).status).toBe(200);
      expect(await auditOf(`user:${username}`)).toHaveLength(1);
      expect((await Promise.all([1, 2].map(() => admin().post('/api/admin/units', { unitId: `twin-${run}`, name: 'Twin', kind: 'department', parentId: 'center' })))).map((a) => a.status).sort()).toEqual([201, 409]);
    });

    it('a rename or a password reset at the moment of a disable never writes the user back enabled', async () => {
      const username = `raced-${run}`;
      await newUser(username, ['agent']);
      for (let round = 0; round < 5; round++) {
        await Promise.all([
          admin().patch(`/api/admin/users/${username}`, { displayName: `Renamed ${round}` }),
          admin().patch(`/api/admin/users/${username}`, { disabled: true }),
          admin().post(`/api/admin/users/${username}/password`, { password: `reset-password-${round}-2026` }),
        ]);
        const user = (await admin().get(`/api/admin/users/${username}`)).body;
        expect({ round, displayName: user.displayName, disabled: user.disabled }).toEqual({ round, displayName: `Renamed ${round}`, disabled: true });
        expect((await admin().patch(`/api/admin/users/${username}`, { disabled: false })).status).toBe(200);
      }
    });

    it('two admins disabling each other at once leave one enabled admin (LAST_ADMIN for the other)', async () => {
      // given: two new admins, and the demo admin disabled by one of them
      const [one, two] = [`admin-a-${run}`, `admin-b-${run}`];
      const tokens = [await newUser(one, ['admin']), await newUser(two, ['admin'])];
      expect((await as(tokens[0]!).patch('/api/admin/users/admin', { disabled: true })).status).toBe(200);
      try {
        // when
        const answers = await Promise.all([as(tokens[0]!).patch(`/api/admin/users/${two}`, { disabled: true }), as(tokens[1]!).patch(`/api/admin/users/${one}`, { disabled: true })]);

        // then: one change went through; the other was refused (LAST_ADMIN) or came from a session that had just ended
        expect(answers.map((a) => a.status).sort()).toEqual([200, expect.any(Number)]);
        expect([401, 409]).toContain(answers.find((a) => a.status !== 200)!.status);
        const enabledAdmins = (await tp().platform.identityAdmin.users({ role: 'admin', page: 1, pageSize: 100 })).items.filter((u) => !u.disabled);
        expect(enabledAdmins.map((u) => u.username)).toHaveLength(1);
      } finally {
        for (const username of ['admin', one, two]) await tp().platform.identity.upsertUser({ username, displayName: username === 'admin' ? 'Gao Feng' : `Concurrent ${username}`, roles: ['admin'], unitId: 'center', disabled: username !== 'admin' });
      }
    });
  });

  it('creates, renames and disables departments; one in use cannot be disabled', async () => {
    const unitId = `dept-${run}`;
    const created = await admin().post('/api/admin/units', { unitId, name: 'Roaming desk', kind: 'department', parentId: 'center' });
    expect(created).toMatchObject({ status: 201, body: { unitId, name: 'Roaming desk', kind: 'department', parentId: 'center', disabled: false, activeUsers: 0 } });
    expect(await admin().post('/api/admin/units', { unitId, name: 'Again', kind: 'department', parentId: 'center' })).toMatchObject({ status: 409, body: { code: 'UNIT_EXISTS' } });
    expect(await admin().post('/api/admin/units', { unitId: `team-${run}`, name: 'Orphan', kind: 'team', parentId: 'no-such-unit' })).toMatchObject({ status: 422, body: { code: 'INVALID_IDENTITY_DATA' } });

    expect(await admin().patch(`/api/admin/units/${unitId}`, { name: 'Roaming and travel desk' })).toMatchObject({ status: 200, body: { name: 'Roaming and travel desk' } });

    // with an active user it cannot be disabled; once the user is disabled it can
    const username = `roaming-h1-${run}`;
    expect((await admin().post('/api/admin/users', { username, displayName: 'Roaming handler', roles: ['handler'], unitId, password: PASSWORD })).status).toBe(201);
    const refused = await admin().patch(`/api/admin/units/${unitId}`, { disabled: true });
    expect(refused).toMatchObject({ status: 409, body: { code: 'DEPARTMENT_IN_USE', detail: expect.stringMatching(/1 active users/) } });
    expect((await admin().patch(`/api/admin/users/${username}`, { disabled: true })).status).toBe(200);
    expect(await admin().patch(`/api/admin/units/${unitId}`, { disabled: true })).toMatchObject({ status: 200, body: { disabled: true, activeUsers: 0 } });

    // nobody new works in a disabled unit; the units list marks it for pickers
    expect(await admin().post('/api/admin/users', { username: `late-${run}`, displayName: 'Late', roles: ['agent'], unitId, password: PASSWORD })).toMatchObject({ status: 422, body: { code: 'UNIT_DISABLED' } });
    // nor is anyone enabled there again
    expect(await admin().patch(`/api/admin/users/${username}`, { disabled: false })).toMatchObject({ status: 422, body: { code: 'UNIT_DISABLED' } });
    expect((await admin().get(`/api/admin/users/${username}`)).body.disabled).toBe(true);
    const listed = await apiAs(tp().app, 'agent-0101').get('/api/units');
    expect(listed.body.units).toContainEqual(expect.objectContaining({ unitId, disabled: true }));
    expect(await admin().patch('/api/admin/units/center', { disabled: true })).toMatchObject({ status: 422, body: { code: 'INVALID_IDENTITY_DATA' } });

    const trail = await auditOf(`unit:${unitId}`);
    expect(trail.map((a) => a.action)).toEqual(['unit-created', 'unit-changed', 'unit-changed']);
    expect(trail[2]!.detail).toEqual({ before: { name: 'Roaming and travel desk', disabled: false }, after: { name: 'Roaming and travel desk', disabled: true } });
  });

  it('a department disabled at the moment a user is moved into it: one of the two goes through, never both', async () => {
    for (let round = 1; round <= 3; round++) {
      // given: an empty department and a handler of billing
      const unitId = `race-desk-${round}-${run}`;
      const username = `mover-${round}-${run}`;
      expect((await admin().post('/api/admin/units', { unitId, name: `Race desk ${round}`, kind: 'department', parentId: 'center' })).status).toBe(201);
      expect((await admin().post('/api/admin/users', { username, displayName: `Mover ${round}`, roles: ['handler'], unitId: 'billing', password: PASSWORD })).status).toBe(201);

      // when
      const [disable, move] = await Promise.all([admin().patch(`/api/admin/units/${unitId}`, { disabled: true }), admin().patch(`/api/admin/users/${username}`, { unitId })]);

      // then: nobody enabled works in a disabled department
      const user = (await admin().get(`/api/admin/users/${username}`)).body;
      const unit = ((await admin().get('/api/admin/units')).body.units as { unitId: string; disabled: boolean }[]).find((u) => u.unitId === unitId)!;
      if (disable.status === 200) {
        expect(move.body.code).toBe('UNIT_DISABLED');
        expect(user.unitId).toBe('billing');
      } else {
        expect(disable.body.code).toBe('DEPARTMENT_IN_USE');
        expect(move.status).toBe(200);
        expect(user.unitId).toBe(unitId);
      }
      expect(unit.disabled && user.unitId === unitId && !user.disabled).toBe(false);
      expect((await admin().patch(`/api/admin/users/${username}`, { disabled: true })).status).toBe(200);
    }
  });

  it('a work order routing.dmn sends to a disabled department goes to the dispatch desk instead, which cannot be disabled', async () => {
    // given: a department the admin created and disabled, and a routing table a designer pointed at it
    const unitId = `closed-desk-${run}`;
    const category = `closed-desk/case-${run}`;
    expect((await admin().post('/api/admin/units', { unitId, name: 'Closed desk', kind: 'department', parentId: 'center' })).status).toBe(201);
    expect((await admin().patch(`/api/admin/units/${unitId}`, { disabled: true })).status).toBe(200);
    const designer = apiAs(tp().app, 'designer-1');
    const routing = readFileSync(path.join(processesDir(), 'routing.dmn'), 'utf8');
    const rule = [
      '<rule id="Rule_ClosedDesk">',
      ...['-', `"${category}"`, '-', '-'].map((test, i) => `<inputEntry id="UnaryTests_ClosedDesk_${i}"><text>${test}</text></inputEntry>`),
      ...[`"${unitId}"`, '"normal"', '"standard"', '"standard"', '"agent"'].map((value, i) => `<outputEntry id="LiteralExpression_ClosedDesk_${i}"><text>${value}</text></outputEntry>`),
      '</rule>',
    ].join('');
    const pointed = await designer.post('/api/processes/routing/deploy', { xml: routing.replace('<rule id="Rule_VipComplaint">', `${rule}<rule id="Rule_VipComplaint">`), comment: `test: ${category} to ${unitId}` });
    expect(pointed.status).toBe(201);
    try {
      // when
      const { workOrderId } = await raiseWorkOrder(tp().app, { workOrder: { type: 'complaint', category, description: 'A case for a desk that closed.' } });

      // then: the dispatch desk has it, in the record, the history and the engine's task
      const doc = await atStep(tp(), workOrderId, 'Activity_Accept');
      expect(doc.department).toBe('dispatch-desk');
      expect(doc.routing).toMatchObject({ department: unitId });
      expect(doc.history.find((h) => h.action === 'dispatched')?.note).toBe(`to dispatch-desk: ${unitId} takes no work orders (disabled or unknown)`);
      expect(doc.tasks.find((t) => t.elementId === 'Activity_Accept')?.candidateGroups).toEqual(['dispatch-desk']);
      expect((await apiAs(tp().app, 'agent-0101').post(`/api/work-orders/${workOrderId}/cancel`, { reason: 'end of the admin test' })).status).toBe(200);
    } finally {
      expect((await designer.post('/api/processes/routing/deploy', { xml: routing, comment: 'test cleanup: the routing table of processes/' })).status).toBe(201);
    }
    expect(await admin().patch('/api/admin/units/dispatch-desk', { disabled: true })).toMatchObject({ status: 422, body: { code: 'INVALID_IDENTITY_DATA' } });
  });

  it('a department with open work orders cannot be disabled', async () => {
    // a fault report of an ordinary Beijing customer: routing.dmn sends it to branch-010-network
    const { workOrderId } = await raiseWorkOrder(tp().app, { contact: { region: '010', customerTier: 'standard' }, workOrder: { type: 'fault-report', category: 'broadband/no-signal', description: 'No signal on the home line.' } });
    await recordWhere(tp(), workOrderId, (d) => d.department === 'branch-010-network');
    const unitOf = async (): Promise<unknown> => ((await admin().get('/api/admin/units')).body.units as { unitId: string }[]).find((u) => u.unitId === 'branch-010-network');
    const before = await unitOf();
    const refused = await admin().patch('/api/admin/units/branch-010-network', { disabled: true });
    expect(refused).toMatchObject({ status: 409, body: { code: 'DEPARTMENT_IN_USE' } });
    expect(refused.body.detail).toMatch(/open work orders/);
    expect(await unitOf()).toEqual(before);
    // tests cancel what they started: an open clock would show in later files' SLA reports
    expect((await apiAs(tp().app, 'agent-0101').post(`/api/work-orders/${workOrderId}/cancel`, { reason: 'end of the admin test' })).status).toBe(200);
  });
});
