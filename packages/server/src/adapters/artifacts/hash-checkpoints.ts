import { createStreamHash, type StreamHash } from './stream-hash.js';

/** How many files' hash states are kept; the oldest are dropped past it (they are re-hashed or restarted). */
const MAX_ENTRIES = 10_000;

/**
 * The sha256 state of partly received files at their last checkpoint, in this process, so a
 * resumed transfer continues hashing where it stopped without reading the staged bytes again.
 * It does not outlive the process: after a restart the S3 store continues from the state it saved
 * with the upload's progress (when the native sha256 is built; else the file starts again).
 */
export class HashCheckpoints {
  private readonly entries = new Map<string, { offset: number; hash: StreamHash }>();

  save(id: string, offset: number, hash: StreamHash): void {
    this.entries.delete(id);
    this.entries.set(id, { offset, hash: hash.copy() });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** A copy of the state saved at exactly `offset`; a fresh hash at offset 0; else undefined. */
  resume(id: string, offset: number): StreamHash | undefined {
    if (offset === 0) return createStreamHash();
    const entry = this.entries.get(id);
    return entry !== undefined && entry.offset === offset ? entry.hash.copy() : undefined;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}

export function stagingId(uploadKey: string, fileIndex: number): string {
  return `${uploadKey}/${fileIndex}`;
}
