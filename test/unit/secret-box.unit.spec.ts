import { secretBox } from '../../adapters/mongo/secret-box';

describe('the secret box that seals stored secrets', () => {
  const key = 'a'.repeat(64);
  const box = secretBox(key);
  const secret = 'whsec_c2VjcmV0LW9mLXRoZS1vYS1lbmRwb2ludC0wMTIzNDU2Nzg5';

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const [one, two] = [box.seal(secret), box.seal(secret)];
    expect(one).toMatch(/^gcm1:/);
    expect(one).not.toContain(secret.slice('whsec_'.length));
    expect(one).not.toBe(two);
    expect([box.open(one), box.open(two)]).toEqual([secret, secret]);
  });

  it('refuses a sealed value that was altered, or that another key sealed', () => {
    const sealed = box.seal(secret);
    const raw = Buffer.from(sealed.slice('gcm1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`gcm1:${raw.toString('base64')}`)).toThrow(/does not open with SECRETS_KEY/);
    expect(() => secretBox('b'.repeat(64)).open(sealed)).toThrow(/does not open with SECRETS_KEY/);
  });

  it('reads a secret stored before sealing as it is', () => {
    expect(box.open(secret)).toBe(secret);
  });

  it('wants a key of 32 bytes', () => {
    expect(() => secretBox('ab'.repeat(16))).toThrow(/32 bytes/);
  });
});
