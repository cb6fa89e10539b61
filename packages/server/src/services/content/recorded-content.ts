import { compareWithManifest } from '../../domain/integrity.js';
import type { ByteHash } from './content-integrity.js';

/**
 * Content recorded outside any manifest (an MLflow run's file, docs/adr/0020-mlflow-api.md): its
 * key in the artifact store, the size and sha256 recorded when it was put, and whose audit trail
 * tells of corruption found while serving it.
 */
export interface RecordedContent {
  readonly contentKey: string;
  readonly sha256: string;
  readonly size: number;
  /** What messages call it, e.g. `"model/weights.bin" of run 7`. */
  readonly label: string;
  readonly entityType: string;
  readonly entityId: string;
  /** Why it is known corrupt already (then it is refused unread). */
  readonly corruptReason?: string | undefined;
}

/**
 * The stored bytes of `content` checked against its recorded size and sha256 as they stream: each
 * chunk is passed on only once the next has been read, and the last only once the whole matched,
 * so a client of corrupt content never sees a clean end. Bytes past the recorded size are read
 * (to find them) but never passed on. On a mismatch `fail` is awaited; it throws.
 */
export async function* checkedRecordedStream(
  content: RecordedContent,
  source: AsyncIterable<Uint8Array>,
  hash: ByteHash,
  fail: (reason: string) => Promise<never>,
): AsyncGenerator<Uint8Array> {
  let position = 0;
  let held: Uint8Array | undefined;
  let digest: string | undefined;
  try {
    for await (const chunk of source) {
      await hash.update(chunk);
      const piece = position >= content.size ? undefined : chunk.subarray(0, content.size - position);
      position += chunk.length;
      if (piece === undefined) continue;
      if (held !== undefined) yield held;
      held = piece;
    }
    digest = await hash.digest();
  } finally {
    if (digest === undefined) hash.close?.();
  }
  const outcome = compareWithManifest(content, { size: position, sha256: digest });
  if (!outcome.intact) await fail(outcome.reason);
  if (held !== undefined) yield held;
}
