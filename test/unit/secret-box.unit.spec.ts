import { secretBox } from '../../adapters/mongo/secret-box';

describe('the secret box that seals stored secrets', () => {
  const [key, previousKey] = ['a'.repeat(64), 'b'.repeat(64)];
  const box = secretBox(key);
  const secret = 'whsec_c2VjcmV0LW9mLXRoZS1vYS1lbmRwb2ludC0wMTIzNDU2Nzg5';

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const [one, two] = [box.seal(secret), box.seal(secret)];
    expect(one).toMatch(/^gcm1:/);
    expect(one).not.toContain(secret.slice('whsec_'.length));
    expect(one).not.toBe(two);
    expect([box.open(one), box.open(two)]).toEqual([secret, secret]);
  });

  it('refuses a sealed value that was altered, one another key sealed, and a plain value', () => {
    const sealed = box.seal(secret);
    const raw = Buffer.from(sealed.slice('gcm1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`gcm1:${raw.toString('base64')}`)).toThrow(/does not open with SECRETS_KEY/);
    expect(() => secretBox(previousKey).open(sealed)).toThrow(/does not open with SECRETS_KEY/);
    expect(() => box.open(secret)).toThrow(/not sealed/);
  });

  it('moves to a new key: the previous one still opens, and reseal seals plain and previous values under the new one', () => {
    const old = secretBox(previousKey).seal(secret);
    const moved = secretBox(key, previousKey);
    expect(moved.open(old)).toBe(secret);
    for (const stored of [old, secret]) {
      const resealed = moved.reseal(stored)!;
      expect(box.open(resealed)).toBe(secret);
      expect(moved.reseal(resealed)).toBeUndefined();
    }
    expect(() => box.reseal(old)).toThrow(/SECRETS_KEY_PREVIOUS/);
  });

  it('wants keys of 32 bytes', () => {
    expect(() => secretBox('ab'.repeat(16))).toThrow(/32 bytes/);
    expect(() => secretBox(key, 'ab')).toThrow(/32 bytes/);
  });
});
