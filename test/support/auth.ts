import type { Express } from 'express';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../runtime/demo-identity';

const tokens = new WeakMap<Express, Map<string, string>>();

/**
 * Logs `username` in through `POST /api/auth/login` and returns the bearer token. Tokens are
 * kept per app and user, so a test file logs each user in once; `apiAs` logs in again when a
 * test moved the clock past the session's end.
 */
export async function loginAs(app: Express, username: string, password: string = DEMO_PASSWORD): Promise<string> {
  const cached = tokens.get(app)?.get(username);
  if (cached) return cached;
  const res = await request(app).post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token = (res.body as { token: string }).token;
  if (!tokens.has(app)) tokens.set(app, new Map());
  tokens.get(app)!.set(username, token);
  return token;
}

/** Drops the kept token of `username`: its session ended (the test moved the clock past it). */
export function forgetLogin(app: Express, username: string): void {
  tokens.get(app)?.delete(username);
}

/** Headers that make a supertest request come from `username`: `request(app).get(url).set(await asUser(app, 'billing-h1'))`. */
export async function asUser(app: Express, username: string): Promise<{ Authorization: string }> {
  return { Authorization: `Bearer ${await loginAs(app, username)}` };
}
