import { randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { connectMongo } from '../../adapters/mongo/connect';
import { documentLocks } from '../../adapters/mongo/document-lock';
import { mongoIdentityRepository, type IdentityRepository } from '../../adapters/mongo/identity.repository';
import { authenticate, principalOf, requireRole } from '../../api/auth/authenticate';
import { problemHandler, routeNotFound } from '../../api/problem';
import { authRouter, unitsRouter } from '../../api/routes/auth.router';
import { resolveConnections } from '../../config/connections';
import { parseEnv } from '../../config/env';
import { TEST_PROFILE } from '../../config/local-profiles';
import { createLogger } from '../../config/logger';
import type { Clock } from '../../domain/clock';
import { IdentityDataError } from '../../domain/errors';
import { sha256Hex } from '../../domain/identity/accounts';
import { DEMO_OA_SYSTEM_SECRET, DEMO_PASSWORD, DEMO_UNITS, DEMO_USERNAMES, seedIdentity } from '../../runtime/demo-identity';
import { createIdentityService, DEFAULT_SESSION_TTL_MS, type IdentityService } from '../../services/identity-service';
import { asUser, loginAs } from '../support/auth';

const MINUTE = 60_000;
const env = parseEnv();
const logger = createLogger(env, 'test');

/** A clock the test moves; the platform never sleeps through a lock or a session's end. */
function testClock(start = new Date('2026-11-23T01:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

/** The auth routes as the API mounts them, plus one route only supervisors may call. */
function authApp(identity: IdentityService): Express {
  const app = express();
  app.use(express.json());
  app.use('/api/auth', authRouter(identity));
  app.use('/api/units', unitsRouter(identity));
  app.get('/api/supervision', authenticate(identity), requireRole('supervisor', 'admin'), (_req, res) => {
    res.json({ by: principalOf(res).id });
  });
  app.use(routeNotFound);
  app.use(problemHandler(logger));
  return app;
}

describe('identity and access', () => {
  let mongo: Connection;
  let stored: IdentityRepository;
  beforeAll(async () => {
    mongo = await connectMongo(resolveConnections(env, TEST_PROFILE).mongodbUri);
    stored = mongoIdentityRepository(mongo, await documentLocks(mongo));
    const identity = createIdentityService({ repo: stored, clock: testClock(), logger });
    await seedIdentity(identity, { password: DEMO_PASSWORD, oaSystemSecret: DEMO_OA_SYSTEM_SECRET });
  });
  afterAll(async () => {
    await mongo.close();
  });

  /** Its own clock, service and app per test: moving time in one test moves it in no other. */
  function given() {
    const clock = testClock();
    const identity = createIdentityService({ repo: stored, clock, logger });
    return { clock, identity, app: authApp(identity) };
  }

  // usernames of this run, so tests and runs do not share failed logins or locks
  const run = randomBytes(3).toString('hex');
  const USER_PASSWORD = 'a-long-enough-password';
  async function newUser(identity: IdentityService, name: string): Promise<string> {
    const username = `${name}-${run}`;
    await identity.upsertUser({ username, displayName: `Test ${name}`, roles: ['handler'], unitId: 'billing', password: USER_PASSWORD });
    return username;
  }
  const login = (app: Express, username: string, password: string) => request(app).post('/api/auth/login').send({ username, password });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('login', () => {
    it('answers a token, its end and the user with department and scope', async () => {
      const { app, clock } = given();
      const res = await login(app, 'billing-h2', DEMO_PASSWORD).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresAt: new Date(clock.now().getTime() + DEFAULT_SESSION_TTL_MS).toISOString(),
        user: {
          kind: 'user',
          username: 'billing-h2',
          displayName: 'Yang Lei',
          roles: ['handler'],
          unitId: 'billing-disputes',
          departmentId: 'billing',
          departments: ['billing'],
        },
      });
      const me = await request(app).get('/api/auth/me').set(bearer(res.body.token)).expect(200);
      expect(me.body).toEqual(res.body.user);
    });

    it('answers a wrong password and an unknown user alike: 401 INVALID_CREDENTIALS', async () => {
      const { app } = given();
      const wrongPassword = await login(app, 'billing-h1', 'not-the-password').expect(401);
      const unknownUser = await login(app, `nobody-${run}`, 'not-the-password').expect(401);
      expect(wrongPassword.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(wrongPassword.headers['www-authenticate']).toBe('Bearer');
      expect(wrongPassword.body).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect(unknownUser.body).toEqual(wrongPassword.body);
      expect(unknownUser.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses a body with unknown fields or a missing password with 400', async () => {
      const { app } = given();
      await request(app).post('/api/auth/login').send({ username: 'admin', password: DEMO_PASSWORD, role: 'admin' }).expect(400);
      const res = await request(app).post('/api/auth/login').send({ username: 'admin' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a disabled user like a wrong password, and ends its sessions', async () => {
      const { app, identity } = given();
      const username = await newUser(identity, 'leaver');
      const token = (await login(app, username, USER_PASSWORD).expect(200)).body.token as string;
      await identity.upsertUser({ username, displayName: 'Test leaver', roles: ['handler'], unitId: 'billing', disabled: true });
      expect((await login(app, username, USER_PASSWORD).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
      await request(app).get('/api/auth/me').set(bearer(token)).expect(401);
      // the profile stated again without `disabled`, as the demo seed does at each start, leaves the user disabled
      await identity.upsertUser({ username, displayName: 'Test leaver', roles: ['handler'], unitId: 'billing', password: USER_PASSWORD });
      expect((await stored.findUser(username))!.disabled).toBe(true);
      await login(app, username, USER_PASSWORD).expect(401);
    });

    it('a user disabled while login attempts are counted stays disabled', async () => {
      // FerretDB v1 writes a whole document back: a count written over the disable would enable the user again
      const { identity, clock } = given();
      for (let round = 1; round <= 3; round++) {
        const username = await newUser(identity, `raced-${round}`);
        const attempts = Array.from({ length: 8 }, () => stored.reserveLoginAttempt(username, clock.now()));
        await Promise.all([...attempts.slice(0, 4), stored.changeUser(username, { disabled: true }, clock.now()), ...attempts.slice(4)]);
        expect((await stored.findUser(username))!.disabled).toBe(true);
      }
    });

    it.each([
      ['center-sup', 'all', null],
      ['billing-sup', ['billing'], 'billing'],
      ['agent-0101', [], 'front-office'],
      ['auditor-1', 'all', null],
    ])('gives %s the scope %j', async (username, departments, departmentId) => {
      const { app } = given();
      const me = await request(app).get('/api/auth/me').set(await asUser(app, username)).expect(200);
      expect(me.body).toMatchObject({ username, departments, departmentId });
    });
  });

  describe('lockout', () => {
    it('locks after 5 failed logins for 15 minutes, then lets the right password in', async () => {
      const { app, identity, clock } = given();
      const username = await newUser(identity, 'forgetful');
      for (let i = 1; i <= 4; i++) expect((await login(app, username, `wrong-${i}`).expect(401)).body.code).toBe('INVALID_CREDENTIALS');

      const fifth = await login(app, username, 'wrong-5').expect(423);
      const lockedUntil = new Date(clock.now().getTime() + 15 * MINUTE);
      expect(fifth.body).toMatchObject({ code: 'ACCOUNT_LOCKED', status: 423 });
      expect(fifth.body.detail).toContain(lockedUntil.toISOString());
      // locked: even the right password is refused, with the same end
      expect((await login(app, username, USER_PASSWORD).expect(423)).body.detail).toContain(lockedUntil.toISOString());

      clock.advance(15 * MINUTE - 1_000);
      await login(app, username, USER_PASSWORD).expect(423);
      clock.advance(1_000);
      await login(app, username, USER_PASSWORD).expect(200);
      expect(await mongo.collection('users').findOne({ username })).toMatchObject({ failedLogins: 0, lockedUntil: null });
    });

    it('counts consecutive failures only: a success starts the count again', async () => {
      const { app, identity } = given();
      const username = await newUser(identity, 'typo');
      for (let i = 1; i <= 4; i++) await login(app, username, `wrong-${i}`).expect(401);
      await login(app, username, USER_PASSWORD).expect(200);
      for (let i = 1; i <= 4; i++) await login(app, username, `wrong-${i}`).expect(401);
      await login(app, username, USER_PASSWORD).expect(200);
    });
  });

  describe('sessions', () => {
    it('authenticates with the token until logout', async () => {
      const { app } = given();
      const token = (await login(app, 'cr-h1', DEMO_PASSWORD).expect(200)).body.token as string;
      await request(app).get('/api/auth/me').set(bearer(token)).expect(200);
      await request(app).post('/api/auth/logout').set(bearer(token)).expect(204);
      const after = await request(app).get('/api/auth/me').set(bearer(token)).expect(401);
      expect(after.body.code).toBe('UNAUTHENTICATED');
      expect(after.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses a session once it has expired', async () => {
      const { app, clock } = given();
      const token = (await login(app, 'vip-h1', DEMO_PASSWORD).expect(200)).body.token as string;
      clock.advance(DEFAULT_SESSION_TTL_MS - 1_000);
      await request(app).get('/api/auth/me').set(bearer(token)).expect(200);
      clock.advance(1_000);
      expect((await request(app).get('/api/auth/me').set(bearer(token)).expect(401)).body.code).toBe('UNAUTHENTICATED');
    });

    it('renews a live session for a full lifetime and ends the old token', async () => {
      const { app, clock } = given();
      const old = (await login(app, 'billing-h2', DEMO_PASSWORD).expect(200)).body.token as string;
      clock.advance(DEFAULT_SESSION_TTL_MS - 60_000);

      const renewed = await request(app).post('/api/auth/renew').set(bearer(old)).expect(200);

      expect(renewed.headers['cache-control']).toBe('no-store');
      expect(renewed.body.user.username).toBe('billing-h2');
      expect(new Date(renewed.body.expiresAt as string).getTime()).toBe(clock.now().getTime() + DEFAULT_SESSION_TTL_MS);
      await request(app).get('/api/auth/me').set(bearer(old)).expect(401);
      clock.advance(60_000);
      await request(app).get('/api/auth/me').set(bearer(renewed.body.token as string)).expect(200);
    });

    it('a renewal racing a password reset leaves no live session: the reset ended the old one after the renewal read it', async () => {
      // given: the reset's "end every session" runs right after the renewal read the old session
      const clock = testClock();
      const repo: IdentityRepository = {
        ...stored,
        async findLiveSession(tokenHash, at) {
          const session = await stored.findLiveSession(tokenHash, at);
          if (session) await stored.revokeSessionsOf(session.username, at);
          return session;
        },
      };
      const app = authApp(createIdentityService({ repo, clock, logger }));
      const token = (await login(app, 'billing-h2', DEMO_PASSWORD).expect(200)).body.token as string;

      // when
      const res = await request(app).post('/api/auth/renew').set(bearer(token)).expect(401);

      // then: refused, and the session the renewal had already stored is ended too
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(await mongo.collection('sessions').countDocuments({ username: 'billing-h2', revokedAt: null, expiresAt: { $gt: clock.now() } })).toBe(0);
    });

    it('renews nothing once the session has ended', async () => {
      const { app } = given();
      const token = (await login(app, 'billing-h2', DEMO_PASSWORD).expect(200)).body.token as string;
      await request(app).post('/api/auth/logout').set(bearer(token)).expect(204);

      const res = await request(app).post('/api/auth/renew').set(bearer(token)).expect(401);

      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect((await request(app).post('/api/auth/renew').expect(401)).body.code).toBe('UNAUTHENTICATED');
    });

    it.each([
      ['no Authorization header', {}],
      ['an unknown token', bearer(randomBytes(32).toString('base64url'))],
      ['a malformed token', bearer('not a token')],
      ['another scheme', { Authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ])('answers 401 UNAUTHENTICATED to %s', async (_label, headers: Record<string, string>) => {
      const { app } = given();
      const res = await request(app).get('/api/auth/me').set(headers).expect(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });
  });

  describe('API keys', () => {
    it('authenticates the OA system with its seeded key', async () => {
      const { app } = given();
      const me = await request(app).get('/api/auth/me').set({ Authorization: `ApiKey oa-system.${DEMO_OA_SYSTEM_SECRET}` }).expect(200);
      expect(me.body).toEqual({
        kind: 'api-client',
        username: 'oa-system',
        displayName: 'OA system',
        roles: ['agent'],
        unitId: 'center',
        departmentId: null,
        departments: [],
      });
    });

    it('refuses a wrong secret and an unknown client', async () => {
      const { app } = given();
      const otherSecret = randomBytes(32).toString('base64url');
      await request(app).get('/api/auth/me').set({ Authorization: `ApiKey oa-system.${otherSecret}` }).expect(401);
      await request(app).get('/api/auth/me').set({ Authorization: `ApiKey nobody-${run}.${DEMO_OA_SYSTEM_SECRET}` }).expect(401);
    });

    it('issues a key once, and a new key replaces the old one', async () => {
      const { app, identity } = given();
      const client = { clientId: `crm-${run}`, displayName: 'CRM', roles: ['agent' as const], unitId: 'front-office' };
      const first = await identity.createApiClient(client);
      expect(first.apiKey).toMatch(new RegExp(`^crm-${run}\\.[A-Za-z0-9_-]{43}$`));
      await request(app).get('/api/auth/me').set({ Authorization: `ApiKey ${first.apiKey}` }).expect(200);
      const rotated = await identity.createApiClient(client);
      await request(app).get('/api/auth/me').set({ Authorization: `ApiKey ${first.apiKey}` }).expect(401);
      await request(app).get('/api/auth/me').set({ Authorization: `ApiKey ${rotated.apiKey}` }).expect(200);
    });
  });

  describe('roles', () => {
    it('answers 403 FORBIDDEN naming the roles needed', async () => {
      const { app } = given();
      const res = await request(app).get('/api/supervision').set(await asUser(app, 'agent-0102')).expect(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      expect(res.body.detail).toMatch(/supervisor or admin/);
    });

    it('lets a holder of one of the roles through', async () => {
      const { app } = given();
      expect((await request(app).get('/api/supervision').set(await asUser(app, 'vip-sup')).expect(200)).body).toEqual({ by: 'vip-sup' });
      await request(app).get('/api/supervision').expect(401);
    });
  });

  describe('units', () => {
    it('lists the unit tree to any authenticated caller, widest units first', async () => {
      const { app } = given();
      await request(app).get('/api/units').expect(401);
      const res = await request(app).get('/api/units').set(await asUser(app, 'agent-0103')).expect(200);
      expect(res.body.units[0]).toEqual({ unitId: 'center', name: 'Customer service center', kind: 'center', parentId: null });
      // every demo unit (other test files may have added some through the admin API)
      for (const unit of DEMO_UNITS) expect(res.body.units).toContainEqual(expect.objectContaining({ unitId: unit.unitId }));
      expect(res.body.units).toContainEqual({ unitId: 'branch-010-network', name: 'Beijing branch network', kind: 'department', parentId: 'center' });
    });
  });

  describe('seeding and identity data', () => {
    it('seeds the same identities when run again', async () => {
      const { identity } = given();
      await seedIdentity(identity, { password: DEMO_PASSWORD, oaSystemSecret: DEMO_OA_SYSTEM_SECRET });
      expect(await mongo.collection('units').countDocuments({ unitId: { $in: DEMO_UNITS.map((u) => u.unitId) } })).toBe(DEMO_UNITS.length);
      expect(await mongo.collection('users').countDocuments({ username: { $in: [...DEMO_USERNAMES] } })).toBe(DEMO_USERNAMES.length);
      expect(await mongo.collection('api_clients').countDocuments({ clientId: 'oa-system' })).toBe(1);
    });

    it('stores no password, token or key in the clear', async () => {
      const { app } = given();
      const token = await loginAs(app, 'netm-h1');
      const user = await mongo.collection('users').findOne({ username: 'netm-h1' });
      expect(user!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
      const sessions = mongo.collection<{ _id: string }>('sessions');
      expect(await sessions.countDocuments({ _id: token })).toBe(0);
      expect(await sessions.countDocuments({ _id: sha256Hex(token) })).toBe(1);
      expect(await mongo.collection('api_clients').countDocuments({ keyHash: DEMO_OA_SYSTEM_SECRET })).toBe(0);
    });

    it('refuses units and users that do not fit the tree', async () => {
      const { identity } = given();
      await expect(identity.upsertUnit({ unitId: `team-${run}`, name: 'Stray', kind: 'team', parentId: 'center' })).rejects.toThrow(IdentityDataError);
      await expect(
        identity.upsertUser({ username: `stray-${run}`, displayName: 'Stray', roles: ['agent'], unitId: 'nowhere', password: USER_PASSWORD }),
      ).rejects.toThrow(/unit nowhere does not exist/);
      await expect(identity.upsertUser({ username: `nopass-${run}`, displayName: 'No password', roles: ['agent'], unitId: 'billing' })).rejects.toThrow(
        /needs a password/,
      );
    });
  });
});
