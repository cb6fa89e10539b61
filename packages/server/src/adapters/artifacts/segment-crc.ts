import { loadNativeHelper } from './native-helper.js';

/** CRC-32C of bytes (what services/content/segment-check.ts needs). */
export interface NativeCrc32c {
  /** The way in use, e.g. 'avx2-vpclmulqdq' (the start-up log says which). */
  readonly implementation: string;
  /** The ways this CPU runs, slowest first ('table', 'sse4.2', …): tests check each. */
  readonly implementations: readonly string[];
  /** Computes with that way from now on, in this process (tests only). */
  use(implementation: string): void;
  /** The checksum of `bytes` after those whose checksum is `previous` (0: nothing before). */
  crc32c(bytes: Uint8Array, previous: number): number;
  /** The checksum of each consecutive `segmentSize` piece of `bytes` into `out`; returns how many. */
  segments(bytes: Uint8Array, segmentSize: number, out: Uint32Array): number;
  /**
   * One pread of `fd` on libuv's thread pool, and the checksums of the segments of what it read
   * into `out`, on the same thread while the bytes are in its cache; resolves to the bytes read.
   */
  readSegments(
    fd: number,
    buffer: Uint8Array,
    length: number,
    position: number,
    segmentSize: number,
    out: Uint32Array,
  ): Promise<number>;
}

interface Helper extends Omit<NativeCrc32c, 'implementation' | 'implementations'> {
  implementation(): string;
  implementations(): string[];
}

/**
 * CRC-32C through the native helper `native/crc32c.c` (built at install; docs/adr/0026-segment-checksums.md),
 * or why it is not available: downloads are then checked with sha256 alone.
 */
function load(): { crc: NativeCrc32c | undefined; status: string } {
  const loaded = loadNativeHelper<Helper>('crc32c');
  if (!('helper' in loaded)) return { crc: undefined, status: `unavailable (${loaded.reason})` };
  const { helper } = loaded;
  const implementation = helper.implementation();
  const crc: NativeCrc32c = {
    get implementation() {
      return helper.implementation();
    },
    implementations: helper.implementations(),
    use: (name) => helper.use(name),
    crc32c: (bytes, previous) => helper.crc32c(bytes, previous),
    segments: (bytes, segmentSize, out) => helper.segments(bytes, segmentSize, out),
    readSegments: (fd, buffer, length, position, segmentSize, out) =>
      helper.readSegments(fd, buffer, length, position, segmentSize, out),
  };
  return { crc, status: `crc32c (${implementation})` };
}

const loaded = load();

/** The native CRC-32C, undefined where the helper is not built. */
export const nativeSegmentCrc: NativeCrc32c | undefined = loaded.crc;
/** What the start-up log says of it. */
export const segmentCrcStatus: string = loaded.status;
