import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createStreamHash,
  importStreamHash,
  streamHashStatus,
} from '../../packages/server/src/adapters/artifacts/stream-hash.js';
import { nativeHelpersMissing } from '../support/native-helpers.js';

// The sha256 whose state can leave the process (native/sha256.c): an S3 upload resumes from it
// after a restart. Checked against node:crypto.

const nodeSha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('stream hash', () => {
  it('computes node:crypto’s sha256 however the bytes are cut', () => {
    const data = randomBytes(300_001);
    for (const cut of [1, 63, 64, 65, 4096, 100_000, 300_001]) {
      const hash = createStreamHash();
      for (let offset = 0; offset < data.length; offset += cut)
        hash.update(data.subarray(offset, offset + cut));
      expect(hash.digest(), `pieces of ${cut}`).toBe(nodeSha256(data));
    }
    expect(createStreamHash().digest()).toBe(nodeSha256(new Uint8Array(0)));
  });

  it('copies are independent', () => {
    const hash = createStreamHash();
    hash.update(Buffer.from('abc'));
    const copy = hash.copy();
    hash.update(Buffer.from('def'));
    expect(copy.digest()).toBe(nodeSha256(Buffer.from('abc')));
    expect(hash.digest()).toBe(nodeSha256(Buffer.from('abcdef')));
  });

  const skipReason = nativeHelpersMissing('the exportable sha256 tests');

  describe.skipIf(skipReason !== undefined)('state leaving the process', () => {
    it('is built and loaded', () => {
      expect(streamHashStatus).toBe('exportable');
    });

    it('continues from an exported state to the digest of the whole', () => {
      const data = randomBytes(5 * 1024 * 1024 + 17);
      const first = createStreamHash();
      first.update(data.subarray(0, 1000));
      first.update(data.subarray(1000, 3 * 1024 * 1024));
      const state = first.exportState();
      expect(state).toMatch(/^[0-9a-f]{64}@3145728$/);
      // Another process only has the string.
      const second = importStreamHash(String(state), 3 * 1024 * 1024);
      expect(second).toBeDefined();
      second?.update(data.subarray(3 * 1024 * 1024));
      expect(second?.digest()).toBe(nodeSha256(data));
      // Exporting changed nothing in the first.
      first.update(data.subarray(3 * 1024 * 1024));
      expect(first.digest()).toBe(nodeSha256(data));
    });

    it('exports nothing off a 64-byte block boundary', () => {
      const hash = createStreamHash();
      hash.update(randomBytes(100));
      expect(hash.exportState()).toBeUndefined();
      hash.update(randomBytes(28));
      expect(hash.exportState()).toMatch(/@128$/);
    });

    it('refuses a state that is malformed or for another offset', () => {
      const hash = createStreamHash();
      hash.update(randomBytes(128));
      const state = String(hash.exportState());
      expect(importStreamHash(state, 128)).toBeDefined();
      expect(importStreamHash(state, 192)).toBeUndefined();
      expect(importStreamHash(state.replace('@128', '@100'), 100)).toBeUndefined();
      expect(importStreamHash(state.slice(2), 128)).toBeUndefined();
      expect(importStreamHash('', 0)).toBeUndefined();
    });
  });
});
