import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PasswordSchema } from './password';
import { Roles } from './principal';
import { UnitIdSchema } from './units';

/** A username is also the employee id recorded on work orders (owner, handler, dispatcher). */
export const UsernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a username is a lowercase employee id, e.g. agent-0101');

/** Languages the platform writes mail in; zh-CN is the center's own. */
export const Languages = ['zh-CN', 'en'] as const;
export type Language = (typeof Languages)[number];

const RolesSchema = z.array(z.enum(Roles)).min(1).transform((roles) => [...new Set(roles)]);

/** A user as an administrator or a seed defines it. The password is required only for a new user. */
export const UserInputSchema = z.strictObject({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(120),
  roles: RolesSchema,
  unitId: UnitIdSchema,
  password: PasswordSchema.optional(),
  /** Left out: a new user is enabled, an existing one keeps what an administrator chose. */
  disabled: z.boolean().optional(),
  /** Where the platform's mail reaches the user; without one the user gets no mail (recorded as skipped). */
  email: z.email().max(254).optional(),
  /** Language of the user's mail. */
  language: z.enum(Languages).default('zh-CN'),
});
export type UserInput = z.input<typeof UserInputSchema>;

export const ClientIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a client id is a lowercase slug, e.g. oa-system');

/** A system client (the OA system) that calls the API with an API key. */
export const ApiClientInputSchema = z.strictObject({
  clientId: ClientIdSchema,
  displayName: z.string().trim().min(1).max(120),
  roles: RolesSchema,
  unitId: UnitIdSchema,
});
export type ApiClientInput = z.input<typeof ApiClientInputSchema>;

/** 32 random bytes in base64url: session tokens and API-key secrets. */
export const SecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a secret is 32 bytes in base64url (43 characters)');

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Tokens and secrets are stored only as their SHA-256: a copy of the database lets no one in.
 * A fast hash suffices because they are random and long, unlike passwords.
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two SHA-256 hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

/** API keys read `<clientId>.<secret>`; the client id names the record, the secret proves the holder. */
export function formatApiKey(clientId: string, secret: string): string {
  return `${clientId}.${secret}`;
}

export function parseApiKey(key: string): { clientId: string; secret: string } | null {
  const dot = key.lastIndexOf('.');
  const clientId = ClientIdSchema.safeParse(key.slice(0, dot));
  const secret = SecretSchema.safeParse(key.slice(dot + 1));
  return dot > 0 && clientId.success && secret.success ? { clientId: clientId.data, secret: secret.data } : null;
}
