import type {
  CorruptFile,
  FileIntegrity,
  RunCursor,
  RunState,
  ScopedFile,
  SegmentChecksums,
  VerificationRun,
  VerificationSelection,
} from '../domain/integrity.js';

/** A batch of a run's files a worker took: the files after `after` (from the first: none) up to `last`. */
export interface VerificationClaim {
  readonly id: number;
  readonly runId: number;
  readonly after: RunCursor | undefined;
  readonly last: RunCursor;
}

export interface NewVerificationRun {
  readonly selection: VerificationSelection;
  readonly selectionKey: string;
  readonly scheduleSlot?: number | undefined;
  readonly createdBy: string;
  readonly rateBytesPerSecond?: number | undefined;
  readonly filesTotal: number;
  readonly bytesTotal: number;
}

/** Which files a run still has to verify: its selection, files not verified since `cutoff`, never corrupt ones. */
export interface FileScope {
  readonly selection: VerificationSelection;
  readonly cutoff: number;
}

/** Per version with content: how many of its files were never verified, or not since a time. */
export interface UnverifiedContent {
  readonly modelVersionId: number;
  readonly neverVerified: number;
  readonly notRecentlyVerified: number;
}

/** Reads and writes of content integrity and verification runs (migration 0017). */
export interface IntegrityQueries {
  fileIntegrity(modelVersionId: number, pathHash: string): Promise<FileIntegrity | undefined>;
  /** What is known of every checked file of a version. */
  versionIntegrity(modelVersionId: number): Promise<readonly FileIntegrity[]>;
  /**
   * A whole read matched the manifest: the file is intact, verified at `now`; `checksums`, when
   * given, replace the recorded segment checksums (computed in that same read).
   */
  recordIntact(
    modelVersionId: number,
    pathHash: string,
    now: number,
    checksums?: SegmentChecksums,
  ): Promise<void>;
  /**
   * Marks every manifest file stored as this content (the disk shares identical files) corrupt,
   * unless already marked; returns the files newly marked.
   */
  markCorrupt(
    content: { readonly sha256: string; readonly contentKey: string },
    reason: string,
    now: number,
  ): Promise<readonly CorruptFile[]>;
  /** Corrupt files, of these versions or this model only when given. */
  corruptFiles(where?: {
    readonly modelVersionIds?: readonly number[] | undefined;
    readonly registeredModelId?: number | undefined;
  }): Promise<readonly CorruptFile[]>;
  /** Versions whose files include some never verified, or not verified since `since`. */
  unverifiedContent(since: number): Promise<readonly UnverifiedContent[]>;

  scopeTotals(scope: FileScope): Promise<{ files: number; bytes: number }>;
  /** Files of the scope after `after` (and up to `upTo`), in cursor order, at most `limit`. */
  scopedFiles(
    scope: FileScope,
    range: { after?: RunCursor | undefined; upTo?: RunCursor | undefined },
    limit: number,
  ): Promise<readonly ScopedFile[]>;

  insertRun(run: NewVerificationRun, now: number): Promise<VerificationRun>;
  /** With `lock`, the run's row is locked until the transaction ends (claims are taken under it). */
  getRun(id: number, lock?: boolean): Promise<VerificationRun | undefined>;
  runningRun(selectionKey: string): Promise<VerificationRun | undefined>;
  /** The newest scheduled run. */
  latestScheduledRun(): Promise<VerificationRun | undefined>;
  /** Advances a run: moves its cursor or state, and adds to its counters. */
  updateRun(
    id: number,
    changes: {
      readonly cursor?: RunCursor | undefined;
      readonly state?: RunState | undefined;
      readonly filesDone?: number | undefined;
      readonly bytesDone?: number | undefined;
      readonly corruptFiles?: number | undefined;
    },
    now: number,
  ): Promise<void>;

  /** Records that a token was used at `now`, unless it was within `granularityMs` before. */
  recordTokenUse(tokenId: number, now: number, granularityMs: number): Promise<void>;

  insertClaim(
    runId: number,
    after: RunCursor | undefined,
    last: RunCursor,
    owner: string,
    expiry: number,
  ): Promise<number>;
  /** Takes over a claim of the run whose holder let it lapse; undefined when there is none. */
  takeLapsedClaim(
    runId: number,
    owner: string,
    now: number,
    expiry: number,
  ): Promise<VerificationClaim | undefined>;
  renewClaim(claimId: number, owner: string, expiry: number): Promise<boolean>;
  deleteClaim(claimId: number): Promise<void>;
  openClaims(runId: number): Promise<number>;
}
