import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

/** Passwords people choose: long enough to resist guessing, bounded so hashing stays cheap to refuse. */
export const PasswordSchema = z
  .string()
  .min(10, 'a password has at least 10 characters')
  .max(256, 'a password has at most 256 characters');

/**
 * scrypt is memory-hard (128 * N * r bytes, 16 MiB here), which makes guessing on GPUs costly.
 * The parameters travel inside each hash, so they can be raised later without breaking the
 * hashes stored before.
 */
export const SCRYPT_PARAMETERS = { N: 16_384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Bounds for parameters read back from a stored hash, so a damaged one cannot exhaust memory or time. */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_P = 16;

interface ScryptHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function derive(password: string, salt: Buffer, keyBytes: number, { N, r, p }: Pick<ScryptHash, 'N' | 'r' | 'p'>): Promise<Buffer> {
  // Node refuses to use more than `maxmem` (32 MiB by default); allow what the parameters need
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r };
  return new Promise((resolve, reject) => {
    // NFKC: the same password typed with a full-width input method (common with Chinese IMEs)
    // or composed differently by another keyboard hashes alike
    scrypt(password.normalize('NFKC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a password into `scrypt$N$r$p$<salt>$<key>` (salt and key in base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, SCRYPT_PARAMETERS);
  const { N, r, p } = SCRYPT_PARAMETERS;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches the stored hash. Compares in constant time. Throws on a hash it cannot read. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const stored = parseHash(encoded);
  const key = await derive(password, stored.salt, stored.key.length, stored);
  return timingSafeEqual(key, stored.key);
}

function parseHash(encoded: string): ScryptHash {
  const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(encoded);
  if (!match) throw new Error('not an scrypt password hash');
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const isPowerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!isPowerOfTwo || r < 1 || 128 * N * r > MAX_MEMORY_BYTES || p < 1 || p > MAX_P) {
    throw new Error(`scrypt parameters out of bounds: N=${N}, r=${r}, p=${p}`);
  }
  const salt = Buffer.from(match[4]!, 'base64url');
  const key = Buffer.from(match[5]!, 'base64url');
  if (key.length < 16) throw new Error('scrypt password hash too short');
  return { N, r, p, salt, key };
}
