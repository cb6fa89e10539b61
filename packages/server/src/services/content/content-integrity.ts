import { IntegrityError } from '../../domain/errors.js';
import {
  compareWithManifest,
  SEGMENT_SIZE,
  type CheckOutcome,
  type FileIntegrity,
  type SegmentChecksums,
} from '../../domain/integrity.js';
import type { ByteRange, ManifestFile } from '../../domain/model-files.js';
import { MissingContentError, type ArtifactStore, type ContentReader } from '../../ports/artifact-store.js';
import type { ContentTx } from './content-tx.js';
import { checkedRecordedStream, type RecordedContent } from './recorded-content.js';
import {
  checksumsFit,
  ChecksumRecorder,
  SegmentChecker,
  segmentCheckedReader,
  segmentCheckedStream,
  type SegmentCrc,
} from './segment-check.js';
import type { Caller, Transactions } from '../use-case.js';

/** A sha256 fed as bytes stream past (possibly on another thread); `digest` is hex. */
export interface ByteHash {
  /** Takes the bytes (copies them, if it needs them later): the caller may reuse them once it returns. */
  update(bytes: Uint8Array): void | Promise<void>;
  digest(): string | Promise<string>;
  /** Drops an unfinished hash. */
  close?(): void;
}

export interface ContentIntegrityDeps {
  readonly store: Transactions<ContentTx>;
  readonly artifacts: ArtifactStore;
  readonly clock: () => number;
  readonly sha256: (text: string) => string;
  readonly newHash: () => ByteHash;
  /**
   * A new buffer for reading whole files positionally where the store can (verifications keep a
   * few and reuse them). Default a new Uint8Array; the server's are page-aligned
   * (adapters/artifacts/aligned-buffers.ts says why).
   */
  readonly readBuffer?: () => Uint8Array;
  /** Where corruption is reported besides the audit trail (the server's log). */
  readonly log: (message: string, fields: Record<string, unknown>) => void;
  /**
   * False: downloads are served as stored, unchecked (content already known corrupt is still
   * refused). Only `npm run bench` sets it, for its baseline of what checking costs.
   */
  readonly checkDownloads?: boolean;
  /**
   * CRC-32C (the native helper): downloads of files with recorded segment checksums are checked
   * against them, and whole reads record them. Absent: every download is checked with sha256.
   */
  readonly segmentCrc?: SegmentCrc | undefined;
}

/** A manifest file, with what its version and path are known by. */
export interface StoredFile extends ManifestFile {
  readonly modelVersionId: number;
  readonly pathHash: string;
}

/** Who the server's own verifications act as (never a request's caller): in the audit trail, `modelreg`. */
export const SYSTEM_CALLER: Caller = Object.freeze<Caller>({
  subject: 'modelreg',
  groups: [],
  method: 'none',
  credentialRoles: [{ role: 'admin' }],
});

/** A range whose file is read whole to check it, when the extra reading is at most this… */
const FULL_CHECK_EXTRA_BYTES = 16 * 1024 * 1024;
/** …or at most the range's own length. Else the range is served and the file verified in the background. */
const SCRATCH = 1024 * 1024;
/** Read buffers kept between verifications. */
const SPARE_BUFFERS = 4;
/** An intact file's verification is recorded again after this long (not on every download). */
const RECORD_INTACT_AFTER_MS = 60 * 60 * 1000;

function corruptError(file: StoredFile, reason: string): IntegrityError {
  return new IntegrityError(
    'CONTENT_CORRUPT',
    `the stored content of ${JSON.stringify(file.path)} of model version ${file.modelVersionId} is corrupt (${reason}); it is not served. See "modelreg report"`,
  );
}

/**
 * Verified serving and verification of stored content (docs/adr/0016-content-integrity.md,
 * docs/adr/0026-segment-checksums.md). Every byte read for an answer is checked on the way: against
 * the segment checksums recorded when the file was last read whole and matched its manifest, or,
 * where none are recorded, by hashing the whole file, whose last piece is held back until it
 * matched. Either way a client of corrupt content never sees a clean end. Corrupt content is
 * marked in the database (every file stored as those bytes), written to the audit trail, logged
 * and quarantined; later requests are refused with CONTENT_CORRUPT.
 */
export class ContentIntegrity {
  /** Background verifications running in this process, by content key (one at a time each). */
  private readonly inFlight = new Set<string>();
  /** Read buffers no verification holds, for the next (a few verifications run at once). */
  private readonly spareBuffers: Uint8Array[] = [];

  constructor(private readonly deps: ContentIntegrityDeps) {}

  /** Refuses a file already known corrupt. */
  refuseIfCorrupt(file: StoredFile, known: FileIntegrity | undefined): void {
    if (known?.state === 'corrupt') throw corruptError(file, known.reason ?? 'found corrupt earlier');
  }

  /** Whether a range can be checked by reading the whole file at an acceptable cost. */
  private fullCheck(file: StoredFile, range: ByteRange | undefined): boolean {
    if (this.deps.checkDownloads === false) return false;
    if (range === undefined) return true;
    const length = range.end - range.start + 1;
    return file.size - length <= Math.max(FULL_CHECK_EXTRA_BYTES, length);
  }

  /** The file's bytes (or a range of them) as a stream, checked on the way where it can be. */
  async read(
    caller: Caller,
    file: StoredFile,
    known: FileIntegrity | undefined,
    range?: ByteRange,
  ): Promise<AsyncIterable<Uint8Array>> {
    const checksums = this.checksumsFor(file, known);
    if (checksums !== undefined) {
      const span = this.checkedSpan(file, checksums, range);
      const source = await this.guard(caller, file, () =>
        this.deps.artifacts.read(
          file.contentKey,
          span.whole ? undefined : { start: span.from, end: span.to - 1 },
        ),
      );
      const fail = (reason: string) => this.fail(caller, file, reason);
      return segmentCheckedStream(
        this.deps.segmentCrc as SegmentCrc,
        file,
        checksums,
        source,
        span,
        range,
        fail,
      );
    }
    if (!this.fullCheck(file, range)) {
      this.verifyLaterUnlessVerified(file, known);
      return this.guard(caller, file, () => this.deps.artifacts.read(file.contentKey, range));
    }
    const source = await this.guard(caller, file, () => this.deps.artifacts.read(file.contentKey));
    return this.checkedStream(caller, file, known, source, range);
  }

  private async *checkedStream(
    caller: Caller,
    file: StoredFile,
    known: FileIntegrity | undefined,
    source: AsyncIterable<Uint8Array>,
    range: ByteRange | undefined,
  ): AsyncGenerator<Uint8Array> {
    const start = range?.start ?? 0;
    const end = range === undefined ? file.size : range.end + 1;
    const hash = this.deps.newHash();
    const recorder = this.recorder(file);
    let position = 0;
    let last: Uint8Array | undefined;
    let digest: string | undefined;
    try {
      for await (const chunk of source) {
        await hash.update(chunk);
        recorder?.feed(chunk);
        const from = Math.max(position, start);
        const to = Math.min(position + chunk.length, end);
        const piece = to > from ? chunk.subarray(from - position, to - position) : undefined;
        position += chunk.length;
        // The piece that completes the answer waits for the verdict on the whole file.
        if (piece !== undefined && to === end) last = piece;
        else if (piece !== undefined) yield piece;
      }
      digest = await hash.digest();
    } finally {
      if (digest === undefined) hash.close?.();
    }
    const outcome = compareWithManifest(file, { size: position, sha256: digest });
    await this.settle(caller, file, known, outcome, recorder?.finish());
    if (last !== undefined) yield last;
  }

  /**
   * What is read to check an answer against segment checksums: the whole file where a full check
   * is cheap enough (as with sha256), else the segments the range touches.
   */
  private checkedSpan(
    file: StoredFile,
    checksums: SegmentChecksums,
    range: ByteRange | undefined,
  ): { from: number; to: number; whole: boolean } {
    if (this.fullCheck(file, range)) return { from: 0, to: file.size, whole: true };
    const { start, end } = range as ByteRange;
    return {
      from: SegmentChecker.alignDown(start, checksums),
      to: SegmentChecker.alignUp(end + 1, checksums, file.size),
      whole: false,
    };
  }

  /**
   * Positional reads of the file (the disk), checked: the read that completes `range` returns only
   * once the whole file matched, else it throws and the caller cuts the answer short.
   */
  async openReader(
    caller: Caller,
    file: StoredFile,
    known: FileIntegrity | undefined,
    range: ByteRange | undefined,
  ): Promise<ContentReader> {
    const open = this.deps.artifacts.openReader?.bind(this.deps.artifacts);
    if (open === undefined) throw new Error(`the ${this.deps.artifacts.kind} store has no positional reads`);
    const reader = await this.guard(caller, file, () => open(file.contentKey));
    const checksums = this.checksumsFor(file, known);
    if (checksums === undefined && !this.fullCheck(file, range)) {
      this.verifyLaterUnlessVerified(file, known);
      return reader;
    }
    const stored = await reader.size();
    if (stored !== file.size) {
      await reader.close();
      await this.settle(caller, file, known, compareWithManifest(file, { size: stored, sha256: '' }));
    }
    if (checksums !== undefined) {
      const span = this.checkedSpan(file, checksums, range);
      const fail = (reason: string) => this.fail(caller, file, reason);
      return segmentCheckedReader(
        this.deps.segmentCrc as SegmentCrc,
        file,
        checksums,
        reader,
        span,
        range,
        fail,
      );
    }
    const end = range === undefined ? file.size : range.end + 1;
    const hash = this.deps.newHash();
    const recorder = this.recorder(file);
    let hashed = 0;
    const hashUpTo = async (target: number) => {
      const scratch = new Uint8Array(SCRATCH);
      while (hashed < target) {
        const n = await reader.read(scratch, Math.min(SCRATCH, target - hashed), hashed);
        if (n === 0) break;
        await hash.update(scratch.subarray(0, n));
        recorder?.feed(scratch.subarray(0, n));
        hashed += n;
      }
    };
    let digested = false;
    return {
      size: () => reader.size(),
      close: () => {
        if (!digested) hash.close?.();
        return reader.close();
      },
      read: async (buffer, length, position) => {
        if (position > hashed) await hashUpTo(position);
        const n = await reader.read(buffer, length, position);
        if (position === hashed) {
          // Copied to the hash before the caller writes the buffer out and reuses it.
          await hash.update(buffer.subarray(0, n));
          recorder?.feed(buffer.subarray(0, n));
          hashed += n;
        }
        if (n === 0 || position + n >= end) {
          await hashUpTo(file.size);
          digested = true;
          const outcome = compareWithManifest(file, { size: hashed, sha256: await hash.digest() });
          await this.settle(caller, file, known, outcome, recorder?.finish());
        }
        return n;
      },
    };
  }

  /** Checksums to check a download of `file` against, where they can be used. */
  private checksumsFor(file: StoredFile, known: FileIntegrity | undefined): SegmentChecksums | undefined {
    if (this.deps.checkDownloads === false || this.deps.segmentCrc === undefined) return undefined;
    if (known?.state !== 'intact' || !checksumsFit(known.checksums, file.size)) return undefined;
    return known.checksums;
  }

  /** Computes segment checksums beside a whole read from the start (where the helper is built). */
  private recorder(file: StoredFile): ChecksumRecorder | undefined {
    const crc = this.deps.segmentCrc;
    return crc === undefined ? undefined : new ChecksumRecorder(crc, file.size, SEGMENT_SIZE);
  }

  /** Marks the file corrupt (audited, logged, quarantined) and throws CONTENT_CORRUPT. */
  private async fail(caller: Caller, file: StoredFile, reason: string): Promise<never> {
    await this.record(caller, file, { intact: false, reason });
    throw corruptError(file, reason);
  }

  /**
   * Reads the whole file and compares it with the manifest, recording the outcome; `pace` is
   * called with the bytes read so far (rate limits). Used by verification runs and in the background.
   */
  async verify(
    caller: Caller,
    file: StoredFile,
    pace?: (bytesRead: number) => Promise<void>,
  ): Promise<CheckOutcome> {
    let outcome: CheckOutcome;
    let checksums: SegmentChecksums | undefined;
    try {
      const hash = this.deps.newHash();
      const recorder = this.recorder(file);
      let size = 0;
      let digest: string | undefined;
      const take = async (chunk: Uint8Array) => {
        await hash.update(chunk);
        recorder?.feed(chunk);
        size += chunk.length;
        await pace?.(size);
      };
      try {
        if (this.deps.artifacts.openReader !== undefined) {
          // One buffer, read into again and again (and kept for the next file): a stream's new
          // buffer per chunk made a 1 GiB file's verification spend about 40 % of its CPU in GC.
          const reader = await this.deps.artifacts.openReader(file.contentKey);
          const buffer = this.spareBuffers.pop() ?? this.deps.readBuffer?.() ?? new Uint8Array(SCRATCH);
          try {
            for (;;) {
              const n = await reader.read(buffer, buffer.length, size);
              if (n === 0) break;
              await take(buffer.subarray(0, n));
            }
          } finally {
            if (this.spareBuffers.length < SPARE_BUFFERS) this.spareBuffers.push(buffer);
            await reader.close();
          }
        } else for await (const chunk of await this.deps.artifacts.read(file.contentKey)) await take(chunk);
        digest = await hash.digest();
      } finally {
        if (digest === undefined) hash.close?.();
      }
      outcome = compareWithManifest(file, { size, sha256: digest });
      checksums = recorder?.finish();
    } catch (error) {
      if (!(error instanceof MissingContentError)) throw error;
      outcome = { intact: false, reason: 'missing: the stored content is gone' };
    }
    await this.record(caller, file, outcome, checksums);
    return outcome;
  }

  /** Runs `open`; a missing blob is corrupt content (marked, then refused). */
  private async guard<T>(caller: Caller, file: StoredFile, open: () => Promise<T>): Promise<T> {
    try {
      return await open();
    } catch (error) {
      if (!(error instanceof MissingContentError)) throw error;
      const reason = 'missing: the stored content is gone';
      await this.record(caller, file, { intact: false, reason });
      throw corruptError(file, reason);
    }
  }

  /** Records the outcome of a whole-file read made for an answer; throws when corrupt. */
  private async settle(
    caller: Caller,
    file: StoredFile,
    known: FileIntegrity | undefined,
    outcome: CheckOutcome,
    checksums?: SegmentChecksums,
  ): Promise<void> {
    if (!outcome.intact) await this.fail(caller, file, outcome.reason);
    const verifiedAt = known?.verifiedTimeSinceEpoch;
    const newChecksums = checksums !== undefined && !checksumsFit(known?.checksums, file.size);
    if (verifiedAt === undefined || this.deps.clock() - verifiedAt > RECORD_INTACT_AFTER_MS || newChecksums) {
      await this.record(caller, file, outcome, checksums);
    }
  }

  /** Writes an outcome: intact (verified now), or corrupt (marked, audited, logged, quarantined). */
  async record(
    caller: Caller,
    file: StoredFile,
    outcome: CheckOutcome,
    checksums?: SegmentChecksums,
  ): Promise<void> {
    const { store, clock } = this.deps;
    if (outcome.intact) {
      await store.transaction((tx) =>
        tx.integrity.recordIntact(file.modelVersionId, file.pathHash, clock(), checksums),
      );
      return;
    }
    await this.markCorrupt(caller, file, outcome.reason);
  }

  /**
   * Marks content corrupt: every manifest file stored as those bytes (each version audited), and
   * with `also` one more audit event (the entity it was found serving); then logs and quarantines.
   */
  private async markCorrupt(
    caller: Caller,
    content: { readonly sha256: string; readonly contentKey: string },
    reason: string,
    also?: { readonly entityType: string; readonly entityId: string; readonly detail: object },
  ): Promise<void> {
    const { store, clock } = this.deps;
    const event = (entityType: string, entityId: string, detail: object) => ({
      timeSinceEpoch: clock(),
      actor: caller.subject,
      actorMethod: caller.method,
      action: 'detect corruption',
      outcome: 'success' as const,
      entityType,
      entityId,
      requestId: caller.requestId,
      detail: JSON.stringify(detail),
    });
    const marked = await store.transaction(async (tx) => {
      // MLflow runs' files stored as the same bytes are refused from now on too.
      await tx.markRunArtifactsCorrupt(content, reason, clock());
      const files = await tx.integrity.markCorrupt(content, reason, clock());
      for (const version of new Set(files.map((f) => f.modelVersionId))) {
        const paths = files.filter((f) => f.modelVersionId === version).map((f) => f.path);
        await tx.appendAudit(
          event('modelVersion', String(version), { files: paths, reason, contentKey: content.contentKey }),
          this.deps.sha256,
        );
      }
      if (also !== undefined)
        await tx.appendAudit(event(also.entityType, also.entityId, also.detail), this.deps.sha256);
      return files;
    });
    if (marked.length === 0 && also === undefined) return;
    this.deps.log('stored content is corrupt', {
      contentKey: content.contentKey,
      reason,
      files: marked.map((f) => `${f.modelVersionId}:${f.path}`),
      ...(also === undefined ? {} : { [also.entityType]: also.entityId }),
      requestId: caller.requestId,
    });
    await this.deps.artifacts.quarantineCorrupt(content.contentKey);
  }

  /**
   * Bytes recorded outside any manifest (an MLflow run's file), checked as they stream against the
   * size and sha256 recorded with them (checkedRecordedStream). Found corrupt: marked wherever a
   * version holds the same content, audited on `content`'s entity, logged and quarantined, and the
   * answer cut short with CONTENT_CORRUPT; known corrupt, or gone (quarantined earlier, or
   * lost): refused with it, before any byte.
   */
  async readRecorded(caller: Caller, content: RecordedContent): Promise<AsyncIterable<Uint8Array>> {
    const corrupt = (reason: string) =>
      new IntegrityError(
        'CONTENT_CORRUPT',
        `the stored content of ${content.label} is corrupt (${reason}); it is not served`,
      );
    if (content.corruptReason !== undefined) throw corrupt(content.corruptReason);
    let source: AsyncIterable<Uint8Array>;
    try {
      source = await this.deps.artifacts.read(content.contentKey);
    } catch (error) {
      if (!(error instanceof MissingContentError)) throw error;
      this.deps.log('stored content is gone', {
        contentKey: content.contentKey,
        [content.entityType]: content.entityId,
        requestId: caller.requestId,
      });
      throw corrupt('missing: the stored content is gone');
    }
    if (this.deps.checkDownloads === false) return source;
    return checkedRecordedStream(content, source, this.deps.newHash(), async (reason) => {
      await this.markCorrupt(caller, content, reason, {
        entityType: content.entityType,
        entityId: content.entityId,
        detail: { file: content.label, reason, contentKey: content.contentKey },
      });
      throw corrupt(reason);
    });
  }

  /** A range served unchecked: verify its file in the background unless it was verified since stored. */
  private verifyLaterUnlessVerified(file: StoredFile, known: FileIntegrity | undefined): void {
    if (this.deps.checkDownloads === false) return;
    if (known?.verifiedTimeSinceEpoch !== undefined || this.inFlight.has(file.contentKey)) return;
    this.inFlight.add(file.contentKey);
    void this.verify(SYSTEM_CALLER, file)
      .catch((error: unknown) =>
        this.deps.log('background verification failed', {
          contentKey: file.contentKey,
          error: String(error),
        }),
      )
      .finally(() => this.inFlight.delete(file.contentKey));
  }
}
