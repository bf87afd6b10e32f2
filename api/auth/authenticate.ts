import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AuthenticationError, ForbiddenError } from '../../domain/errors';
import { hasRole, type Principal, type Role } from '../../domain/identity/principal';
import type { IdentityService } from '../../services/identity-service';

/** The credential a request carries: a user session's bearer token, or a system client's API key. */
type Credential = { scheme: 'bearer' | 'api-key'; value: string };

function credentialOf(req: Request): Credential | null {
  const match = /^(Bearer|ApiKey) +(\S+) *$/i.exec(req.get('authorization') ?? '');
  if (!match) return null;
  return { scheme: match[1]!.toLowerCase() === 'bearer' ? 'bearer' : 'api-key', value: match[2]! };
}

/** The bearer token of the request, if it carries one (logout ends that session). */
export function bearerTokenOf(req: Request): string | null {
  const credential = credentialOf(req);
  return credential?.scheme === 'bearer' ? credential.value : null;
}

/** RFC 9110: a 401 says how to authenticate. */
function challenge(res: Response): void {
  res.set('WWW-Authenticate', 'Bearer');
}

/** Adds the challenge to the 401 answers of the routes it follows (a failed login, for one). */
export const challengeUnauthenticated: ErrorRequestHandler = (err, _req, res, next) => {
  if (err instanceof AuthenticationError && err.code !== 'ACCOUNT_LOCKED') challenge(res);
  next(err);
};

export function setPrincipal(res: Response, principal: Principal): void {
  res.locals.principal = principal;
}

/** Who is calling. Throws when no `authenticate` ran before: a wiring mistake, not the caller's. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('no principal: the route is not behind authenticate()');
  return principal;
}

/**
 * Establishes who is calling from `Authorization: Bearer <token>` (a user's session) or
 * `Authorization: ApiKey <clientId>.<secret>` (a system client such as the OA system), and
 * answers 401 UNAUTHENTICATED without either.
 */
export function authenticate(identity: Pick<IdentityService, 'authenticateToken' | 'authenticateApiKey'>): RequestHandler {
  return async (req, res, next) => {
    const credential = credentialOf(req);
    if (!credential) {
      challenge(res);
      throw AuthenticationError.unauthenticated('Send Authorization: Bearer <token> (log in first) or ApiKey <clientId>.<secret>');
    }
    const principal =
      credential.scheme === 'bearer'
        ? await identity.authenticateToken(credential.value)
        : await identity.authenticateApiKey(credential.value);
    if (!principal) {
      challenge(res);
      throw AuthenticationError.unauthenticated(
        credential.scheme === 'bearer' ? 'The token is not valid, has expired or was logged out' : 'The API key is not valid or was revoked',
      );
    }
    setPrincipal(res, principal);
    next();
  };
}

/** Lets through principals holding at least one of `roles`; 403 FORBIDDEN naming them otherwise. */
export function requireRole(...roles: readonly Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!hasRole(principalOf(res), ...roles)) {
      throw new ForbiddenError(`This needs the role ${roles.join(' or ')}`);
    }
    next();
  };
}
