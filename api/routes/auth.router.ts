import { Router, type Response } from 'express';
import { z } from 'zod';
import { AuthenticationError } from '../../domain/errors';
import type { Principal } from '../../domain/identity/principal';
import type { Unit } from '../../domain/identity/units';
import type { IdentityService, LoginResult } from '../../services/identity-service';
import { authenticate, bearerTokenOf, challengeUnauthenticated, principalOf } from '../auth/authenticate';
import { requireJsonBody } from '../validate';

// Only bounded, not checked against the password policy: a login is no place to reveal rules.
const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** What the portal shows of the person or system calling. */
function principalView(principal: Principal) {
  return {
    kind: principal.kind,
    username: principal.id,
    displayName: principal.displayName,
    roles: principal.roles,
    unitId: principal.unitId,
    departmentId: principal.departmentId,
    departments: principal.departments,
  };
}

function sendSession(res: Response, session: LoginResult): void {
  res.set('Cache-Control', 'no-store').json({
    token: session.token,
    expiresAt: session.expiresAt.toISOString(),
    user: principalView(session.principal),
  });
}

/** `POST /login`, `POST /renew`, `POST /logout`, `GET /me`; mount at /api/auth. */
export function authRouter(identity: IdentityService): Router {
  const router = Router();

  router.post('/login', requireJsonBody, async (req, res) => {
    const { username, password } = LoginBody.parse(req.body);
    sendSession(res, await identity.login(username, password));
  });

  /** A new token with a full lifetime for the bearer's live session; the old token ends. */
  router.post('/renew', async (req, res) => {
    const token = bearerTokenOf(req);
    if (!token) throw AuthenticationError.unauthenticated('A session token is needed to renew it');
    sendSession(res, await identity.renewSession(token));
  });

  /** Ends the session of the bearer token used; an API key has no session and stays valid. */
  router.post('/logout', authenticate(identity), async (req, res) => {
    const token = bearerTokenOf(req);
    if (token) await identity.logout(token);
    res.status(204).end();
  });

  router.get('/me', authenticate(identity), (_req, res) => {
    res.json(principalView(principalOf(res)));
  });

  router.use(challengeUnauthenticated);
  return router;
}

const KIND_ORDER: Readonly<Record<Unit['kind'], number>> = { center: 0, department: 1, team: 2 };

/** `GET /` lists the unit tree, widest units first (the portal's transfer picker); mount at /api/units. */
export function unitsRouter(identity: IdentityService): Router {
  const router = Router();
  router.use(authenticate(identity));

  router.get('/', async (_req, res) => {
    const units = [...(await identity.listUnits())].sort(
      (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name),
    );
    res.json({ units: units.map(({ unitId, name, kind, parentId }) => ({ unitId, name, kind, parentId })) });
  });

  return router;
}
