import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets the platform must read back (it signs and verifies with them, so a hash will not do),
 * sealed at rest with AES-256-GCM under SECRETS_KEY: a copy of the database alone signs no push
 * and forges no webhook, and a sealed value changed in the database fails to open. A previous key
 * (SECRETS_KEY_PREVIOUS) still opens what it sealed, so the key can change: the start-up seals
 * every stored secret again under the current key (`reseal`).
 */
export interface SecretBox {
  readonly seal: (plain: string) => string;
  /** The secret sealed under the current or the previous key; anything else throws (start-up sealed every plain value). */
  readonly open: (stored: string) => string;
  /** The stored value sealed under the current key, when it is not yet: a plain value (stored before sealing) or one of the previous key. */
  readonly reseal: (stored: string) => string | undefined;
}

const PREFIX = 'gcm1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyOf(hex: string): Buffer {
  const key = Buffer.from(hex, 'hex');
  if (key.length !== 32) throw new Error('a secret box needs keys of 32 bytes (64 hexadecimal digits)');
  return key;
}

/** The plain secret if `key` sealed `stored`, else undefined (another key, or the value was altered). */
function openWith(key: Buffer, stored: string): string | undefined {
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

const unopened = (): Error => new Error('a stored secret does not open with SECRETS_KEY nor SECRETS_KEY_PREVIOUS: set SECRETS_KEY_PREVIOUS to the key it was sealed with');

/** A box sealing with `keyHex` and opening with it or `previousKeyHex` (each 32 bytes as 64 hexadecimal digits). */
export function secretBox(keyHex: string, previousKeyHex?: string): SecretBox {
  const current = keyOf(keyHex);
  const previous = previousKeyHex === undefined ? undefined : keyOf(previousKeyHex);
  const seal = (plain: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  };
  return {
    seal,
    open(stored) {
      if (!stored.startsWith(PREFIX)) throw new Error('a stored secret is not sealed: the start-up seals them (SECRETS_KEY)');
      const plain = openWith(current, stored) ?? (previous && openWith(previous, stored));
      if (plain === undefined) throw unopened();
      return plain;
    },
    reseal(stored) {
      if (!stored.startsWith(PREFIX)) return seal(stored);
      if (openWith(current, stored) !== undefined) return undefined;
      const plain = previous && openWith(previous, stored);
      if (plain === undefined) throw unopened();
      return seal(plain);
    },
  };
}
