import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secrets } from '../../ports/secrets.js';

/**
 * 256-bit random secrets hashed with SHA-256. A slow password hash is not needed: the secret
 * has full entropy, so the hash cannot be brute-forced, and every request must verify fast.
 */
export const nodeSecrets: Secrets = {
  newSecret: () => randomBytes(32).toString('base64url'),
  hash: (secret) => createHash('sha256').update(secret, 'utf8').digest('hex'),
  matches(secret, storedHash) {
    const presented = createHash('sha256').update(secret, 'utf8').digest();
    const stored = Buffer.from(storedHash, 'hex');
    return stored.length === presented.length && timingSafeEqual(presented, stored);
  },
};

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
