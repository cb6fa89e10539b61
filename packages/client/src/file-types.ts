/** Where a transfer is: called as bytes move (and once more when a file is done). */
export interface TransferProgress {
  /** The file being transferred, by its path in the manifest. */
  readonly file: string;
  /** Bytes of that file done (for an upload: sent, or already held by the server). */
  readonly fileBytes: number;
  readonly fileSize: number;
  /** Bytes of every file done so far. */
  readonly bytes: number;
  /** Bytes of every file together. */
  readonly totalBytes: number;
}

/** A symbolic link in an uploaded directory: it is stored as the file (or files) it points to. */
export interface FollowedLink {
  /** The link's path in the manifest. */
  readonly path: string;
  /** What it points to, every link resolved. */
  readonly target: string;
  /** The target lies outside the uploaded directory (only with `followLinks`). */
  readonly outside: boolean;
}

/** What an upload is about to do, told before its first byte is sent. */
export interface UploadStart {
  /** The upload session. */
  readonly uploadId: string;
  /** It was open already (a note of an earlier call, or `uploadId`): this call resumes it. */
  readonly resumed: boolean;
  /** Bytes the server holds already, which are not sent again. */
  readonly heldBytes: number;
  /** The symbolic links followed below the uploaded directory. */
  readonly links: readonly FollowedLink[];
}

export interface UploadOptions {
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  /** Called once, when the session is open and before the first byte is sent. */
  readonly onStart?: ((start: UploadStart) => void) | undefined;
  /**
   * Follow symbolic links that lead outside the uploaded directory, uploading what they point to
   * (default false: such a link fails the call with `LINK_OUTSIDE` before anything is sent). Links
   * whose target is inside the directory are always followed.
   */
  readonly followLinks?: boolean | undefined;
  /** Stops the upload; the session stays open on the server so that a later call resumes it. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Keep a note of the open upload session on disk, so that a later call for the same version and
   * the same unchanged files resumes it rather than starting again (default true). The note lives
   * in `stateDir` and is removed once the upload is committed.
   */
  readonly resume?: boolean | undefined;
  /** Where resume notes are kept (default: `$XDG_CACHE_HOME/modelreg/uploads`, else `~/.cache/…`). */
  readonly stateDir?: string | undefined;
  /**
   * Resume this OPEN upload of the version (an id from `listUploads`), e.g. from another machine
   * that has no note of it. It must declare the same paths and sizes. Files the server holds whole
   * are compared by digest without sending them again; a partly sent file goes on from the
   * server's offset, and if the bytes it holds turn out to differ from the local file, the call
   * fails, discards the upload and nothing is committed.
   */
  readonly uploadId?: string | undefined;
  /** Attempts per file after a dropped connection or a 502/503/504, with backoff (default 5). */
  readonly retries?: number | undefined;
  /** Files sent at once (default 4). */
  readonly concurrency?: number | undefined;
}

export interface DownloadOptions {
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /**
   * Check each file's sha256 against the manifest while it streams (default true). Without it only
   * sizes are checked.
   */
  readonly verify?: boolean | undefined;
  /**
   * Replace files already in the output directory whose bytes differ from the manifest's (default
   * false: such a file fails the call with `FILE_EXISTS` before anything is written). A file with
   * the manifest's very bytes is always fine.
   */
  readonly overwrite?: boolean | undefined;
  /** Attempts per file after a dropped connection or a 502/503/504, resuming with Range (default 5). */
  readonly retries?: number | undefined;
  /** Files fetched at once (default 4). */
  readonly concurrency?: number | undefined;
}

/** What `uploadFiles` reads from the local disk before it starts. */
export interface LocalFile {
  /** The path in the manifest: relative to the uploaded directory, `/`-separated. */
  readonly path: string;
  /** Where it is on disk. */
  readonly source: string;
  readonly size: number;
  readonly mtimeMs: number;
}
