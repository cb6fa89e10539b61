import { compareWithManifest, segmentCount, type SegmentChecksums } from '../../domain/integrity.js';
import type { ByteRange } from '../../domain/model-files.js';
import type { ContentReader } from '../../ports/artifact-store.js';

/** What is read to check an answer: from a segment boundary to one (or the file's end); whole: all the file. */
export interface CheckedSpan {
  readonly from: number;
  readonly to: number;
  readonly whole: boolean;
}

/**
 * CRC-32C of bytes (the native helper `native/crc32c.c`; docs/adr/0026-segment-checksums.md).
 * Absent where the helper is not built: downloads are then checked with sha256 alone.
 */
export interface SegmentCrc {
  /** How the helper computes, e.g. 'avx2-vpclmulqdq', 'sse4.2' or 'table' (the start-up log says which). */
  readonly implementation: string;
  /** The checksum of `bytes` after those whose checksum is `previous` (0: nothing before). */
  crc32c(bytes: Uint8Array, previous: number): number;
  /** The checksum of each consecutive `segmentSize` piece of `bytes` (the last may be shorter) into `out`; returns how many. */
  segments(bytes: Uint8Array, segmentSize: number, out: Uint32Array): number;
}

/**
 * Walks a file's bytes in order from a segment boundary and hands over each segment's checksum
 * as soon as its last byte has been fed: the whole segments within a chunk in one native call, a
 * segment cut by a chunk's end continued with the next chunk.
 */
export class SegmentWalker {
  private next: number;
  private filled = 0;
  private partial = 0;
  private scratch = new Uint32Array(8);

  constructor(
    private readonly crc: SegmentCrc,
    private readonly segmentSize: number,
    firstSegment: number,
    private readonly onSegment: (index: number, value: number) => void,
  ) {
    this.next = firstSegment;
  }

  /** Where the bytes fed so far end, counted from the file's start. */
  get position(): number {
    return this.next * this.segmentSize + this.filled;
  }

  /** Where the segments handed over so far end. */
  get completed(): number {
    return this.next * this.segmentSize;
  }

  feed(bytes: Uint8Array): void {
    const size = this.segmentSize;
    let offset = 0;
    if (this.filled > 0) {
      offset = Math.min(size - this.filled, bytes.length);
      this.partial = this.crc.crc32c(bytes.subarray(0, offset), this.partial);
      this.filled += offset;
      if (this.filled < size) return;
      this.complete(this.partial);
    }
    const whole = Math.floor((bytes.length - offset) / size);
    if (whole > 0) {
      if (this.scratch.length < whole) this.scratch = new Uint32Array(whole);
      const count = this.crc.segments(bytes.subarray(offset, offset + whole * size), size, this.scratch);
      for (let i = 0; i < count; i++) this.complete(this.scratch[i] ?? 0);
      offset += whole * size;
    }
    if (offset < bytes.length) {
      this.partial = this.crc.crc32c(bytes.subarray(offset), 0);
      this.filled = bytes.length - offset;
    }
  }

  /**
   * Takes checksums computed elsewhere of the next `length` bytes, from a segment boundary:
   * `values[i]` of the i-th segment of them (the last may be shorter, and is continued).
   */
  feedComputed(values: Uint32Array, length: number): void {
    if (this.filled !== 0) throw new Error('checksums computed elsewhere must start at a segment boundary');
    const size = this.segmentSize;
    const whole = Math.floor(length / size);
    for (let i = 0; i < whole; i++) this.complete(values[i] ?? 0);
    if (length > whole * size) {
      this.partial = values[whole] ?? 0;
      this.filled = length - whole * size;
    }
  }

  /** The file ends here: a segment begun is its last, shorter one. */
  end(): void {
    if (this.filled > 0) this.complete(this.partial);
  }

  private complete(value: number): void {
    const index = this.next;
    this.next += 1;
    this.filled = 0;
    this.partial = 0;
    this.onSegment(index, value);
  }
}

/** Computes a whole file's segment checksums as its bytes are read from the start. */
export class ChecksumRecorder {
  private readonly values: Uint32Array;
  private readonly walker: SegmentWalker;

  constructor(
    crc: SegmentCrc,
    private readonly size: number,
    private readonly segmentSize: number,
  ) {
    this.values = new Uint32Array(segmentCount(size, segmentSize));
    this.walker = new SegmentWalker(crc, segmentSize, 0, (index, value) => {
      if (index < this.values.length) this.values[index] = value;
    });
  }

  feed(bytes: Uint8Array): void {
    this.walker.feed(bytes);
  }

  /** The checksums, when exactly the file's size was fed (else the read found it corrupt anyway). */
  finish(): SegmentChecksums | undefined {
    if (this.walker.position !== this.size) return undefined;
    this.walker.end();
    return { segmentSize: this.segmentSize, values: this.values };
  }
}

/**
 * Checks bytes against recorded segment checksums from a segment boundary on. `feed` returns why
 * the bytes are corrupt as soon as a completed segment does not match (else undefined); `end` does
 * the same for the file's last segment, once the bytes have reached the file's end.
 */
export class SegmentChecker {
  private failure: string | undefined;
  private readonly walker: SegmentWalker;

  constructor(
    crc: SegmentCrc,
    private readonly checksums: SegmentChecksums,
    private readonly size: number,
    firstSegment: number,
  ) {
    const { segmentSize, values } = checksums;
    this.walker = new SegmentWalker(crc, segmentSize, firstSegment, (index, value) => {
      if (this.failure !== undefined) return;
      const start = index * segmentSize;
      const expected = values[index];
      if (expected === undefined) {
        this.failure = `extra bytes: stored beyond the manifest's ${size}`;
      } else if (value !== expected) {
        const end = Math.min(start + segmentSize, size) - 1;
        this.failure = `bytes ${start}-${end} do not match their recorded checksum`;
      }
    });
  }

  /** Where the bytes fed so far end, counted from the file's start. */
  get position(): number {
    return this.walker.position;
  }

  /** Where the bytes found intact end: those before it may be sent. */
  get checked(): number {
    return this.failure === undefined ? Math.min(this.walker.completed, this.size) : 0;
  }

  feed(bytes: Uint8Array): string | undefined {
    if (this.failure === undefined) this.walker.feed(bytes);
    return this.failure;
  }

  /** As `feed`, with the checksums of the bytes computed where they were read (SegmentWalker.feedComputed). */
  feedComputed(values: Uint32Array, length: number): string | undefined {
    if (this.failure === undefined) this.walker.feedComputed(values, length);
    return this.failure;
  }

  /** Whether the next bytes start a segment (checksums computed elsewhere can be fed). */
  get atBoundary(): boolean {
    return this.walker.position === this.walker.completed;
  }

  /** The bytes fed end at the file's end: checks its last, shorter segment. */
  end(): string | undefined {
    if (this.failure !== undefined) return this.failure;
    if (this.walker.position < this.size) return `truncated: ${this.walker.position} of ${this.size} bytes`;
    this.walker.end();
    return this.failure;
  }

  /** The segment boundary at or before `position`. */
  static alignDown(position: number, checksums: SegmentChecksums): number {
    return position - (position % checksums.segmentSize);
  }

  /** The segment boundary at or after `position`, or the file's end. */
  static alignUp(position: number, checksums: SegmentChecksums, size: number): number {
    const rest = position % checksums.segmentSize;
    return Math.min(size, rest === 0 ? position : position + checksums.segmentSize - rest);
  }
}

/** Whether recorded checksums fit a file of `size` bytes (a table of another file or length is ignored). */
export function checksumsFit(
  checksums: SegmentChecksums | undefined,
  size: number,
): checksums is SegmentChecksums {
  return (
    checksums !== undefined &&
    checksums.segmentSize > 0 &&
    checksums.values.length === segmentCount(size, checksums.segmentSize)
  );
}

/**
 * A stream of `span` of a file, checked segment by segment; yields `range` of it (all: none).
 * Bytes are held until their segment was checked whole, so none of a corrupt segment is yielded;
 * `fail` is called with the reason of the first mismatch (it marks the content and throws).
 */
export async function* segmentCheckedStream(
  crc: SegmentCrc,
  file: { readonly size: number; readonly sha256: string },
  checksums: SegmentChecksums,
  source: AsyncIterable<Uint8Array>,
  span: CheckedSpan,
  range: ByteRange | undefined,
  fail: (reason: string) => Promise<never>,
): AsyncGenerator<Uint8Array> {
  const start = range?.start ?? 0;
  const end = range === undefined ? file.size : range.end + 1;
  const readTo = span.to;
  const checker = new SegmentChecker(crc, checksums, file.size, span.from / checksums.segmentSize);
  let position = span.from;
  // Bytes of the answer from `heldFrom` on, held until their segment has been checked whole.
  const held: Uint8Array[] = [];
  let heldFrom = start;
  for await (const chunk of source) {
    const failure = checker.feed(chunk);
    if (failure !== undefined) await fail(failure);
    const low = Math.max(position, start);
    const high = Math.min(position + chunk.length, end);
    if (high > low) held.push(chunk.subarray(low - position, high - position));
    position += chunk.length;
    while (held.length > 0 && heldFrom < checker.checked) {
      const piece = held[0] as Uint8Array;
      const ready = Math.min(piece.length, checker.checked - heldFrom);
      if (ready === piece.length) held.shift();
      else held[0] = piece.subarray(ready);
      heldFrom += ready;
      yield piece.subarray(0, ready);
    }
  }
  if (span.whole && position !== file.size) {
    const outcome = compareWithManifest(file, { size: position, sha256: file.sha256 });
    if (!outcome.intact) await fail(outcome.reason);
  }
  const failure =
    readTo === file.size
      ? checker.end()
      : position < readTo
        ? `truncated: the stored content ends before byte ${readTo}`
        : undefined;
  if (failure !== undefined) await fail(failure);
  yield* held;
}

/**
 * Positional reads checked segment by segment: each read ends at a segment boundary (or where
 * the answer ends) and returns only once the segments it holds matched their checksums, so no
 * byte of a corrupt segment is returned; the read that completes `range` first checks the rest
 * of its last segment.
 */
export function segmentCheckedReader(
  crc: SegmentCrc,
  file: { readonly size: number },
  checksums: SegmentChecksums,
  reader: ContentReader,
  span: CheckedSpan,
  range: ByteRange | undefined,
  fail: (reason: string) => Promise<never>,
): ContentReader {
  return new SegmentCheckedReader(crc, file.size, checksums, reader, span, range, fail);
}

class SegmentCheckedReader implements ContentReader {
  private readonly checker: SegmentChecker;
  private readonly end: number;
  private readonly readChecksummed: ContentReader['readSegments'];
  private computed = new Uint32Array(8);

  constructor(
    crc: SegmentCrc,
    private readonly fileSize: number,
    private readonly checksums: SegmentChecksums,
    private readonly reader: ContentReader,
    private readonly span: CheckedSpan,
    range: ByteRange | undefined,
    private readonly fail: (reason: string) => Promise<never>,
  ) {
    this.end = range === undefined ? fileSize : range.end + 1;
    this.checker = new SegmentChecker(crc, checksums, fileSize, span.from / checksums.segmentSize);
    this.readChecksummed = reader.readSegments?.bind(reader);
  }

  size(): Promise<number> {
    return this.reader.size();
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  read(buffer: Uint8Array, length: number, position: number): Promise<number> {
    const { checker, readChecksummed, checksums } = this;
    const boundary = SegmentChecker.alignDown(position + length, checksums);
    // The steady state of a download: whole segments, read and checksummed on the thread pool
    // (in the cache of the core that read them), one promise per read.
    if (
      readChecksummed !== undefined &&
      position === checker.position &&
      checker.atBoundary &&
      boundary === position + length &&
      position + length < this.end
    ) {
      const segments = length / checksums.segmentSize;
      if (this.computed.length < segments) this.computed = new Uint32Array(segments);
      return readChecksummed(buffer, length, position, checksums.segmentSize, this.computed).then((n) => {
        const failure = checker.feedComputed(this.computed, n);
        return failure === undefined && n > 0 ? n : this.settled(n, failure);
      });
    }
    return this.slowRead(buffer, length, position, boundary);
  }

  /** Any other read: the start of a range, its end, a short read. */
  private async slowRead(buffer: Uint8Array, length: number, position: number, boundary: number) {
    const { checker, readChecksummed, checksums } = this;
    if (position > checker.position) await this.checkUpTo(position);
    const wanted = position + length < this.end && boundary > position ? boundary - position : length;
    let n: number;
    if (position === checker.position && checker.atBoundary && readChecksummed !== undefined) {
      const segments = Math.ceil(wanted / checksums.segmentSize);
      if (this.computed.length < segments) this.computed = new Uint32Array(segments);
      n = await readChecksummed(buffer, wanted, position, checksums.segmentSize, this.computed);
      await this.check(checker.feedComputed(this.computed, n));
    } else {
      n = await this.reader.read(buffer, wanted, position);
      if (position === checker.position) await this.check(checker.feed(buffer.subarray(0, n)));
    }
    if (n === 0 || position + n >= this.end) await this.finish();
    return n;
  }

  /** A fast read that found a mismatch, or nothing (the stored file ends early). */
  private async settled(n: number, failure: string | undefined): Promise<number> {
    await this.check(failure);
    await this.finish();
    return n;
  }

  /** The answer's last read: checks the rest of its last segment, and the file's end. */
  private async finish(): Promise<void> {
    const readTo = this.span.to;
    await this.checkUpTo(readTo);
    await this.check(
      readTo === this.fileSize
        ? this.checker.end()
        : this.checker.position < readTo
          ? `truncated: the stored content ends before byte ${readTo}`
          : undefined,
    );
  }

  /** Bytes the answer skips or stops short of, read only to complete their segments. */
  private async checkUpTo(target: number): Promise<void> {
    const scratch = new Uint8Array(this.checksums.segmentSize);
    while (this.checker.position < target) {
      const at = this.checker.position;
      const n = await this.reader.read(scratch, Math.min(scratch.length, target - at), at);
      if (n === 0) break;
      await this.check(this.checker.feed(scratch.subarray(0, n)));
    }
  }

  private async check(failure: string | undefined): Promise<void> {
    if (failure !== undefined) await this.fail(failure);
  }
}
