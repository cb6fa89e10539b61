import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nativeSegmentCrc } from '../../packages/server/src/adapters/artifacts/segment-crc.js';
import {
  ChecksumRecorder,
  SegmentChecker,
  checksumsFit,
  type SegmentCrc,
} from '../../packages/server/src/services/content/segment-check.js';
import { reference, referenceCrc32c } from '../support/reference-crc32c.js';

// Segment checksums (docs/adr/0026-segment-checksums.md): the walker's bookkeeping across chunk
// boundaries, over a plain bit-by-bit CRC-32C (test/artifacts/crc32c.test.ts checks the native one).

/** `bytes` cut at the given lengths (the rest as one last chunk). */
function cut(bytes: Uint8Array, lengths: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const length of lengths) {
    chunks.push(bytes.subarray(at, at + length));
    at += length;
  }
  if (at < bytes.length) chunks.push(bytes.subarray(at));
  return chunks;
}

function record(crc: SegmentCrc, bytes: Uint8Array, segmentSize: number, chunks: readonly number[]) {
  const recorder = new ChecksumRecorder(crc, bytes.length, segmentSize);
  for (const chunk of cut(bytes, chunks)) recorder.feed(chunk);
  return recorder.finish();
}

describe('segment checksums', () => {
  const bytes = randomBytes(10 * 64 + 17);

  it('are the same whatever the chunks the file is read in', () => {
    const whole = record(reference, bytes, 64, []);
    expect(whole?.values).toHaveLength(11);
    expect(whole?.values[10]).toBe(referenceCrc32c(bytes.subarray(640)));
    for (const chunks of [[1], [63, 1, 64], [100, 28, 300], [64 * 4, 64 * 4], [5, 5, 5, 5, 5, 5, 5, 5, 5]]) {
      expect(record(reference, bytes, 64, chunks)).toEqual(whole);
    }
    if (nativeSegmentCrc !== undefined) expect(record(nativeSegmentCrc, bytes, 64, [300, 1])).toEqual(whole);
  });

  it('are not recorded from a read of another length than the file', () => {
    const recorder = new ChecksumRecorder(reference, bytes.length + 1, 64);
    recorder.feed(bytes);
    expect(recorder.finish()).toBeUndefined();
    expect(checksumsFit(record(reference, bytes, 64, []), bytes.length)).toBe(true);
    expect(checksumsFit(record(reference, bytes, 64, []), bytes.length + 64)).toBe(false);
    expect(checksumsFit(undefined, 0)).toBe(false);
  });

  /** Checks `stored` from `from` against the checksums of `bytes`, in chunks; the first failure. */
  function check(stored: Uint8Array, from: number, chunks: readonly number[]): string | undefined {
    const checksums = record(reference, bytes, 64, []);
    if (checksums === undefined) throw new Error('no checksums');
    const checker = new SegmentChecker(reference, checksums, bytes.length, from / 64);
    for (const chunk of cut(stored.subarray(from), chunks)) {
      const failure = checker.feed(chunk);
      if (failure !== undefined) return failure;
    }
    return checker.end();
  }

  it('take checksums computed where the bytes were read, then go on with bytes', () => {
    const checksums = record(reference, bytes, 64, []);
    if (checksums === undefined) throw new Error('no checksums');
    const out = new Uint32Array(8);
    const checker = new SegmentChecker(reference, checksums, bytes.length, 0);
    // 200 bytes: three whole segments and 8 bytes of the fourth, continued by the next bytes.
    reference.segments(bytes.subarray(0, 200), 64, out);
    expect(checker.feedComputed(out, 200)).toBeUndefined();
    expect(checker.checked).toBe(192);
    expect(checker.atBoundary).toBe(false);
    expect(checker.feed(bytes.subarray(200))).toBeUndefined();
    expect(checker.end()).toBeUndefined();
    const flipped = Buffer.from(bytes);
    flipped[70] = (flipped[70] ?? 0) ^ 4;
    const again = new SegmentChecker(reference, checksums, bytes.length, 0);
    reference.segments(flipped.subarray(0, 128), 64, out);
    expect(again.feedComputed(out, 128)).toBe('bytes 64-127 do not match their recorded checksum');
    expect(again.checked).toBe(0);
  });

  it('pass intact bytes, from the start or from a later segment', () => {
    expect(check(bytes, 0, [100, 3])).toBeUndefined();
    expect(check(bytes, 128, [70])).toBeUndefined();
  });

  it('name the segment of a flipped byte, wherever it lies', () => {
    for (const at of [0, 63, 64, 300, 639, 640, 656]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] ?? 0) ^ 1;
      const start = at - (at % 64);
      const end = Math.min(start + 64, bytes.length) - 1;
      expect(check(flipped, 0, [70, 70])).toBe(`bytes ${start}-${end} do not match their recorded checksum`);
    }
  });

  it('find a lost tail and appended bytes', () => {
    expect(check(bytes.subarray(0, bytes.length - 1), 0, [])).toMatch(/do not match|truncated/);
    expect(check(bytes.subarray(0, 640), 0, [])).toBe(`truncated: 640 of ${bytes.length} bytes`);
    expect(check(Buffer.concat([bytes, Buffer.alloc(64)]), 0, [])).toMatch(/extra bytes|do not match/);
  });

  it('are aligned to segments for ranges', () => {
    const checksums = { segmentSize: 64, values: new Uint32Array(11) };
    expect(SegmentChecker.alignDown(130, checksums)).toBe(128);
    expect(SegmentChecker.alignDown(128, checksums)).toBe(128);
    expect(SegmentChecker.alignUp(130, checksums, bytes.length)).toBe(192);
    expect(SegmentChecker.alignUp(192, checksums, bytes.length)).toBe(192);
    expect(SegmentChecker.alignUp(650, checksums, bytes.length)).toBe(bytes.length);
  });
});
