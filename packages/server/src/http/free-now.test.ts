import { describe, expect, it } from 'vitest';
import { freeNow } from './free-now.js';

describe('freeNow', () => {
  it('frees a buffer of its own, which then reads as empty', () => {
    const chunk = Buffer.allocUnsafeSlow(64 * 1024).fill(1);
    freeNow(chunk);
    expect(chunk.length).toBe(0);
    expect(chunk.buffer.byteLength).toBe(0);
  });

  it('leaves a slice of a larger buffer, and shared memory, as they are', () => {
    const whole = Buffer.alloc(1024, 2);
    const slice = whole.subarray(0, 100);
    freeNow(slice);
    expect(slice.length).toBe(100);
    expect(whole.length).toBe(1024);
    const shared = new Uint8Array(new SharedArrayBuffer(16));
    freeNow(shared);
    expect(shared.length).toBe(16);
  });
});
