import { scryptSync } from 'node:crypto';
import { hashPassword, PasswordSchema, SCRYPT_PARAMETERS, verifyPassword } from '../../domain/identity/password';

describe('password hashing', () => {
  it('encodes algorithm, parameters, salt and key as scrypt$N$r$p$salt$key', async () => {
    const encoded = await hashPassword('correct horse battery');
    const [algorithm, N, r, p, salt, key] = encoded.split('$');
    expect([algorithm, Number(N), Number(r), Number(p)]).toEqual(['scrypt', SCRYPT_PARAMETERS.N, SCRYPT_PARAMETERS.r, SCRYPT_PARAMETERS.p]);
    expect([N, r, p]).toEqual(['16384', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
  });

  it('verifies the right password and refuses another', async () => {
    const encoded = await hashPassword('correct horse battery');
    await expect(verifyPassword('correct horse battery', encoded)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', encoded)).resolves.toBe(false);
    await expect(verifyPassword('', encoded)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('reads the parameters from the hash, so hashes made with other parameters still verify', async () => {
    // scrypt(N=1024, r=8, p=1) of "correct horse battery" with this salt, made with node:crypto
    const salt = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const key = scryptSync('correct horse battery', salt, 32, { N: 1024, r: 8, p: 1 });
    const older = `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    await expect(verifyPassword('correct horse battery', older)).resolves.toBe(true);
    await expect(verifyPassword('wrong horse battery', older)).resolves.toBe(false);
  });

  it('treats a password typed in full-width characters like the same password in ASCII', async () => {
    const encoded = await hashPassword('closeloop-2026');
    await expect(verifyPassword('ｃｌｏｓｅｌｏｏｐ－２０２６', encoded)).resolves.toBe(true);
  });

  it.each([
    ['another algorithm', 'bcrypt$10$abc'],
    ['missing parts', 'scrypt$16384$8$1$c2FsdA'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U'],
    ['parameters needing gigabytes', 'scrypt$1048576$32$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U'],
  ])('refuses to read a hash with %s', async (_label, encoded) => {
    await expect(verifyPassword('anything at all', encoded)).rejects.toThrow(/scrypt/);
  });
});

describe('password policy', () => {
  it('asks for at least 10 characters', () => {
    expect(PasswordSchema.safeParse('short-pw1').success).toBe(false);
    expect(PasswordSchema.safeParse('long-enough').success).toBe(true);
    expect(PasswordSchema.safeParse('x'.repeat(257)).success).toBe(false);
  });
});
