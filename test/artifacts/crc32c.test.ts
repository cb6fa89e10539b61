import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeSegmentCrc } from '../../packages/server/src/adapters/artifacts/segment-crc.js';
import { reference, referenceCrc32c } from '../support/reference-crc32c.js';
import { nativeHelpersMissing } from '../support/native-helpers.js';

// The native CRC-32C of segment checksums (packages/server/native/crc32c.c,
// docs/adr/0026-segment-checksums.md) against a plain bit-by-bit one. Where a C compiler built the
// helpers at install it must be there; elsewhere downloads fall back to sha256 and this is skipped.

const missing = nativeHelpersMissing('the native CRC-32C');

describe.skipIf(missing !== undefined)('the native CRC-32C', () => {
  const crc = nativeSegmentCrc;

  it('is built (scripts/build-native.mjs) and gives the standard check value', () => {
    expect(crc, 'native/build/crc32c.node: the install script did not build it').toBeDefined();
    if (crc === undefined) return;
    // RFC 3720's check value of CRC-32C over the ASCII digits 1 to 9.
    expect(crc.crc32c(Buffer.from('123456789'), 0)).toBe(0xe3069283);
    expect(referenceCrc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc.crc32c(Buffer.from('56789'), crc.crc32c(Buffer.from('1234'), 0))).toBe(0xe3069283);
  });

  // Each way this CPU runs (table, sse4.2, and the folding ones where it has them) is checked, not
  // only the fastest: a CPU with fewer features takes a slower one.
  it.each(crc?.implementations ?? ['table'])(
    'agrees with the bit-by-bit CRC at every alignment and length, four segments at a time or one (%s)',
    (implementation) => {
      if (crc === undefined) throw new Error('native crc32c not built');
      const best = crc.implementation;
      crc.use(implementation);
      try {
        expect(crc.implementation).toBe(implementation);
        agreesWithReference(crc);
      } finally {
        crc.use(best);
      }
    },
  );

  it('refuses a way this CPU does not run', () => {
    if (crc === undefined) throw new Error('native crc32c not built');
    expect(() => crc.use('no-such-way')).toThrow(/implementations/);
  });

  it('reads a file on the thread pool and checksums what it read, up to its end', async () => {
    if (crc === undefined) throw new Error('native crc32c not built');
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-crc-'));
    const bytes = randomBytes(1000);
    writeFileSync(join(dir, 'f'), bytes);
    const fd = openSync(join(dir, 'f'), 'r');
    try {
      const buffer = Buffer.alloc(512);
      const out = new Uint32Array(4);
      const expected = new Uint32Array(4);
      for (const position of [0, 128, 900, 1000]) {
        const n = await crc.readSegments(fd, buffer, 512, position, 128, out);
        expect(n).toBe(Math.min(512, 1000 - position));
        expect(buffer.subarray(0, n).equals(bytes.subarray(position, position + n))).toBe(true);
        const count = reference.segments(bytes.subarray(position, position + n), 128, expected);
        expect(out.subarray(0, count)).toEqual(expected.subarray(0, count));
      }
      expect(() => crc.readSegments(fd, buffer, 512, 0, 128, new Uint32Array(3))).toThrow(/readSegments/);
      await expect(crc.readSegments(10_000, buffer, 512, 0, 128, out)).rejects.toThrow(/Bad file descriptor/);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function agreesWithReference(crc: NonNullable<typeof nativeSegmentCrc>): void {
  const bytes = randomBytes(5000);
  for (const offset of [0, 1, 3, 7, 8]) {
    // Under 256 bytes one register; from 256 on (where the CPU has them) 256- or 512-bit folding.
    for (const length of [0, 1, 7, 8, 9, 63, 64, 65, 255, 256, 257, 271, 511, 512, 1000, 4000, 4111]) {
      const piece = bytes.subarray(offset, offset + length);
      expect(crc.crc32c(piece, 0)).toBe(referenceCrc32c(piece));
      expect(crc.crc32c(piece, 0x12345678)).toBe(referenceCrc32c(piece, 0x12345678));
    }
  }
  // Four segments at once: crc32 side by side, or (from 96 bytes, with folding) crc32 on each
  // segment's head and folding on its tail, joined; either side of each split, at odd lengths.
  const large = randomBytes(4 * 70_000 + 20);
  for (const segmentSize of [1, 8, 13, 64, 95, 96, 97, 100, 191, 192, 193, 1024, 4099, 65_536, 70_000]) {
    for (const offset of [0, 3]) {
      const piece = large.subarray(offset, offset + 4 * segmentSize + 5);
      const out = new Uint32Array(16);
      const expected = new Uint32Array(16);
      expect(crc.segments(piece, segmentSize, out)).toBe(reference.segments(piece, segmentSize, expected));
      expect(out).toEqual(expected);
    }
  }
  expect(() => crc.segments(bytes, 100, new Uint32Array(2))).toThrow(/too short/);
}
