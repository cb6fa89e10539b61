// Content integrity (docs/adr/0016-content-integrity.md): what the registry knows of the stored
// bytes of each sealed file, and the verification runs that re-hash them.

/** What is known of one manifest file's stored bytes; no record: never checked since stored. */
export interface FileIntegrity {
  readonly modelVersionId: number;
  readonly pathHash: string;
  readonly state: 'intact' | 'corrupt';
  /** When the bytes were last read whole and compared with the manifest. */
  readonly verifiedTimeSinceEpoch?: number | undefined;
  readonly verifyCount: number;
  readonly corruptTimeSinceEpoch?: number | undefined;
  /** Why the content is corrupt: a digest or size mismatch, a missing blob. */
  readonly reason?: string | undefined;
  /** Segment checksums recorded from bytes that matched the manifest (none: not recorded yet). */
  readonly checksums?: SegmentChecksums | undefined;
}

/**
 * The CRC-32C of each `segmentSize` piece of a file (the last may be shorter), computed over
 * bytes whose sha256 matched the manifest in the same read (docs/adr/0026-segment-checksums.md).
 */
export interface SegmentChecksums {
  readonly segmentSize: number;
  readonly values: Uint32Array;
}

/** The segment length checksums are recorded at: four of them in each 1 MiB the server reads at a time. */
export const SEGMENT_SIZE = 256 * 1024;

/** How many segments a file of `size` bytes has. */
export function segmentCount(size: number, segmentSize: number): number {
  return Math.ceil(size / segmentSize);
}

/** A manifest file as a verification run walks them, in (modelVersionId, pathHash) order. */
export interface ScopedFile {
  readonly modelVersionId: number;
  readonly pathHash: string;
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentKey: string;
}

/** Which files a verification run covers. */
export interface VerificationSelection {
  readonly registeredModelId?: number | undefined;
  readonly modelVersionId?: number | undefined;
  /** Only files not verified within this many milliseconds before the run started (never: all). */
  readonly notVerifiedForMs?: number | undefined;
}

export const RUN_STATES = ['running', 'done'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** Where a run has got to: the last file handed out, in (modelVersionId, pathHash) order. */
export interface RunCursor {
  readonly modelVersionId: number;
  readonly pathHash: string;
}

export interface VerificationRun {
  readonly id: number;
  readonly selection: VerificationSelection;
  readonly state: RunState;
  readonly scheduled: boolean;
  readonly createdBy: string;
  readonly createTimeSinceEpoch: number;
  readonly lastUpdateTimeSinceEpoch: number;
  readonly cursor?: RunCursor | undefined;
  /** Bytes per second a worker reads at most; undefined: as fast as it can. */
  readonly rateBytesPerSecond?: number | undefined;
  readonly filesTotal: number;
  readonly bytesTotal: number;
  readonly filesDone: number;
  readonly bytesDone: number;
  readonly corruptFiles: number;
}

/** A corrupt file as a report or a run names it. */
export interface CorruptFile {
  readonly modelVersionId: number;
  readonly path: string;
  readonly reason: string;
  readonly corruptTimeSinceEpoch: number;
}

/** An MLflow run's file found corrupt while served (migration 0021). */
export interface CorruptRunFile {
  readonly experimentId: number;
  readonly runId: number;
  readonly path: string;
  readonly reason: string;
  readonly corruptTimeSinceEpoch: number;
}

/** What a read of stored bytes found, compared with the manifest. */
export type CheckOutcome = { readonly intact: true } | { readonly intact: false; readonly reason: string };

/** Compares what was read with what the manifest says; the reason names the difference. */
export function compareWithManifest(
  expected: { readonly size: number; readonly sha256: string },
  read: { readonly size: number; readonly sha256: string },
): CheckOutcome {
  if (read.size < expected.size)
    return { intact: false, reason: `truncated: ${read.size} of ${expected.size} bytes` };
  if (read.size > expected.size) {
    return { intact: false, reason: `extra bytes: ${read.size} stored, the manifest says ${expected.size}` };
  }
  if (read.sha256 !== expected.sha256) {
    return {
      intact: false,
      reason: `sha256 ${read.sha256} does not match the manifest's ${expected.sha256}`,
    };
  }
  return { intact: true };
}

/** The key a run is found by to resume it: its selection in a fixed field order. */
export function selectionText(selection: VerificationSelection): string {
  return JSON.stringify([
    selection.registeredModelId ?? null,
    selection.modelVersionId ?? null,
    selection.notVerifiedForMs ?? null,
  ]);
}
