import type { SegmentCrc } from '../../packages/server/src/services/content/segment-check.js';

// A CRC-32C to check the native one and the segment walker against.

/** CRC-32C one bit at a time (RFC 3720, appendix B.4): slow and plainly right. */
export function referenceCrc32c(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

export const reference: SegmentCrc = {
  implementation: 'reference',
  crc32c: referenceCrc32c,
  segments(bytes, segmentSize, out) {
    let count = 0;
    for (let start = 0; start < bytes.length; start += segmentSize) {
      out[count++] = referenceCrc32c(bytes.subarray(start, start + segmentSize));
    }
    return count;
  },
};
