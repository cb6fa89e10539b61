import type { Upload } from '../../domain/model-files.js';
import type { StoredUnit } from '../../ports/artifact-store.js';
import type { Caller } from '../use-case.js';
import {
  displayKey,
  GC_BATCH,
  GC_EXPIRE_LIMIT,
  stagedRef,
  type ContentRun,
  type FileServiceDeps,
  type GarbageReport,
} from './content-rules.js';

type Removed = { key: string; size: number };

/**
 * Garbage collection of the artifact store (docs/adr/0010-model-files.md): idle uploads
 * expired, then stored bytes that nothing refers to removed, each checked again after it is
 * quarantined.
 */
export class GarbageCollector {
  constructor(
    private readonly deps: FileServiceDeps,
    private readonly run: ContentRun,
  ) {}

  /**
   * Expires the OPEN uploads idle for longer than the upload expiry (discarding their staged
   * bytes), then removes stored bytes that no manifest and no OPEN upload refers to and that were
   * last written before the grace period. Each unit is quarantined first, then checked again in
   * the database, so content an upload starts to share meanwhile is put back (ADR 0010).
   */
  async collect(actor: Caller, options: { dryRun: boolean; graceSeconds: number }): Promise<GarbageReport> {
    await this.run(actor, async (_tx, _now, auth) => auth.require('admin', 'the artifact store'));
    const expiringUploads = await this.expireIdleUploads(actor, options.dryRun);
    const expiring = expiringUploads.map((upload) => upload.id);
    // A dry run expires nothing, so the bytes of the uploads it would expire count as unreferenced.
    const ignoring = options.dryRun ? expiring : [];
    // The staging of an upload this run expires is garbage however recent: discarding its files
    // has just touched the directory, and its last write counts from the database, not the disk.
    const expiredStaging = new Set(expiringUploads.map((upload) => upload.uploadKey));
    const cutoff = this.deps.clock() - options.graceSeconds * 1000;
    const recent = (unit: StoredUnit) =>
      unit.modifiedAt > cutoff && !(unit.kind === 'staging' && expiredStaging.has(unit.key));
    const removed: Removed[] = [];
    let kept = 0;
    let batch: StoredUnit[] = [];
    const sweep = async () => {
      kept += await this.sweep(batch, { ignoring, recent, dryRun: options.dryRun }, removed);
      batch = [];
    };
    for await (const unit of this.deps.artifacts.storedUnits()) {
      batch.push(unit);
      if (batch.length >= GC_BATCH) await sweep();
    }
    await sweep();
    const removedBytes = removed.reduce((sum, unit) => sum + unit.size, 0);
    if (!options.dryRun) {
      await this.run(actor, async (_tx, _now, _auth, record) =>
        record('collect garbage', 'artifactStore', 0, {
          expiredUploads: expiring.length,
          removed: removed.length,
          removedBytes,
          kept,
        }),
      );
    }
    if (!options.dryRun) this.deps.metrics?.garbageCollected(removed.length, removedBytes, expiring.length);
    return { dryRun: options.dryRun, expiredUploads: expiring, removed, removedBytes, kept };
  }

  /** Removes (or, in a dry run, lists) the units of a batch nothing refers to; answers how many it kept. */
  private async sweep(
    batch: readonly StoredUnit[],
    how: { ignoring: readonly number[]; recent: (unit: StoredUnit) => boolean; dryRun: boolean },
    removed: Removed[],
  ): Promise<number> {
    let kept = 0;
    const live = await this.liveUnits(batch, how.ignoring);
    for (const unit of batch) {
      if (live.has(unit) || how.recent(unit)) {
        kept += 1;
        continue;
      }
      const entry = { key: displayKey(unit), size: unit.size };
      if (how.dryRun) {
        removed.push(entry);
        continue;
      }
      try {
        await this.deps.artifacts.quarantine(unit);
      } catch {
        continue; // gone already (another collector), or not movable now: the next run sees it
      }
      if ((await this.liveUnits([unit], how.ignoring)).has(unit)) {
        await this.deps.artifacts.restore(unit);
        kept += 1;
      } else {
        await this.deps.artifacts.purge(unit);
        removed.push(entry);
      }
    }
    return kept;
  }

  /**
   * Marks EXPIRED the OPEN uploads idle for longer than the upload expiry that no request is
   * writing, and discards their staged bytes; a dry run only finds them. Returns them.
   */
  private async expireIdleUploads(actor: Caller, dryRun: boolean): Promise<readonly Upload[]> {
    const ttl = this.deps.uploadExpiryMs ?? 0;
    if (ttl <= 0) return [];
    const now = this.deps.clock();
    const idle = await this.deps.store.transaction((tx) => tx.idleUploads(now - ttl, now, GC_EXPIRE_LIMIT));
    if (dryRun) return idle;
    const expired: Upload[] = [];
    for (const candidate of idle) {
      // Checked again by the update that expires it: a request may have written to it (or committed
      // it) meanwhile. A writing request records activity at least every claimMs / 4, far within
      // the expiry.
      const upload = await this.run(actor, async (tx, at, _auth, record) => {
        if (!(await tx.expireUpload(candidate.id, at - ttl, at))) return undefined;
        await record('expire upload', 'upload', candidate.id, {
          modelVersionId: candidate.modelVersionId,
          idleSince: candidate.lastUpdateTimeSinceEpoch,
        });
        return candidate;
      });
      if (upload !== undefined) expired.push(upload);
    }
    // Bytes after the database, as an abort does; what a crash here leaves, the sweep removes.
    for (const upload of expired) {
      for (const file of upload.files) {
        if (file.contentKey === undefined)
          await this.deps.artifacts.discard(stagedRef(upload, file), file.stagingState);
      }
    }
    return expired;
  }

  private async liveUnits(
    units: readonly StoredUnit[],
    ignoring: readonly number[],
  ): Promise<ReadonlySet<StoredUnit>> {
    const digests = units.filter((u) => u.kind === 'blob').map((u) => u.key.slice('sha256/'.length));
    const keys = units.filter((u) => u.kind !== 'blob').map((u) => u.key);
    const { referenced, states } = await this.deps.store.transaction(async (tx) => ({
      referenced: digests.length === 0 ? new Set<string>() : await tx.referencedDigests(digests, ignoring),
      states:
        keys.length === 0
          ? { open: new Set<string>(), sealed: new Set<string>() }
          : await tx.uploadKeyStates(keys, ignoring),
    }));
    return new Set(
      units.filter((unit) => {
        if (unit.kind === 'blob') return referenced.has(unit.key.slice('sha256/'.length));
        if (unit.kind === 'staging') return states.open.has(unit.key);
        return states.open.has(unit.key) || states.sealed.has(unit.key);
      }),
    );
  }
}
