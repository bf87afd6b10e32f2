import { formatApiKey, newSecret, parseApiKey, sameDigest, sha256Hex, UserInputSchema } from '../../domain/identity/accounts';

describe('API keys', () => {
  it('reads back what it formats', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(formatApiKey('oa-system', secret))).toEqual({ clientId: 'oa-system', secret });
  });

  it.each([
    ['no dot', 'oa-system'],
    ['no client id', `.${'a'.repeat(43)}`],
    ['a short secret', 'oa-system.abc'],
    ['an upper-case client id', `OA.${'a'.repeat(43)}`],
    ['a secret with foreign characters', `oa-system.${'a'.repeat(42)}+`],
  ])('refuses a key with %s', (_label, key) => {
    expect(parseApiKey(key)).toBeNull();
  });
});

describe('stored digests', () => {
  it('compares SHA-256 digests, refusing anything that is not one', () => {
    const digest = sha256Hex('secret');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(sameDigest(digest, sha256Hex('secret'))).toBe(true);
    expect(sameDigest(digest, sha256Hex('Secret'))).toBe(false);
    expect(sameDigest(digest, '')).toBe(false);
    expect(sameDigest('abc', 'abc')).toBe(false);
  });
});

describe('user input', () => {
  it('accepts an employee id as username and drops repeated roles', () => {
    const user = UserInputSchema.parse({ username: 'agent-0101', displayName: 'Wang Fang', roles: ['agent', 'agent'], unitId: 'hotline-agents' });
    expect(user).toMatchObject({ roles: ['agent'] });
    // left out: a new user is enabled, an existing one keeps what an administrator chose
    expect(user.disabled).toBeUndefined();
  });

  it('refuses an unknown role, no role, a weak password and unknown fields', () => {
    const base = { username: 'agent-0101', displayName: 'Wang Fang', roles: ['agent'], unitId: 'hotline-agents' };
    expect(UserInputSchema.safeParse({ ...base, roles: ['root'] }).success).toBe(false);
    expect(UserInputSchema.safeParse({ ...base, roles: [] }).success).toBe(false);
    expect(UserInputSchema.safeParse({ ...base, password: 'short' }).success).toBe(false);
    expect(UserInputSchema.safeParse({ ...base, isAdmin: true }).success).toBe(false);
    expect(UserInputSchema.safeParse({ ...base, username: 'Agent 0101' }).success).toBe(false);
  });
});
