import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets the platform must read back (it signs and verifies with them, so a hash will not do),
 * sealed at rest with AES-256-GCM under SECRETS_KEY: a copy of the database alone signs no push
 * and forges no webhook, and a sealed value changed in the database fails to open.
 */
export interface SecretBox {
  readonly seal: (plain: string) => string;
  /** The secret; a value stored before sealing (no prefix) is returned as it is, and sealed at its next save. */
  readonly open: (stored: string) => string;
}

const PREFIX = 'gcm1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A box for `keyHex`, 32 bytes as 64 hexadecimal digits. */
export function secretBox(keyHex: string): SecretBox {
  const key = Buffer.from(keyHex, 'hex');
  if (key.length !== 32) throw new Error('a secret box needs a key of 32 bytes (64 hexadecimal digits)');
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('a stored secret does not open with SECRETS_KEY: the key changed, or the value was altered');
      }
    },
  };
}
