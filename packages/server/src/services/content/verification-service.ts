import { NotFoundError } from '../../domain/errors.js';
import {
  selectionText,
  type CorruptFile,
  type ScopedFile,
  type VerificationRun,
  type VerificationSelection,
} from '../../domain/integrity.js';
import type { FileScope } from '../../ports/integrity-queries.js';
import type { ContentTx } from './content-tx.js';
import { Authorizer } from '../access/index.js';
import type { ContentIntegrity } from './content-integrity.js';
import type { Caller, Transactions } from '../use-case.js';

export interface VerificationServiceDeps {
  readonly store: Transactions<ContentTx>;
  readonly integrity: ContentIntegrity;
  readonly clock: () => number;
  readonly sha256: (text: string) => string;
  readonly newKey: () => string;
  /** Milliseconds of a monotonic clock and a pause, for the rate limit (real time, not the registry's clock). */
  readonly monotonic: () => number;
  readonly pause: (ms: number) => Promise<void>;
  /** Files per claimed batch (default 20). */
  readonly batchFiles?: number;
  /** How long a claim holds without renewal (default 2 minutes). */
  readonly claimMs?: number;
}

/** What a run has found, and where it is. */
export interface RunReport {
  readonly run: VerificationRun;
  /** Corrupt files of the run's selection (found by this run or known before). */
  readonly corrupt: readonly CorruptFile[];
}

/** What one step of a run did. */
export interface StepReport extends RunReport {
  readonly verifiedFiles: number;
  readonly verifiedBytes: number;
  /** Corrupt files this step found. */
  readonly found: readonly CorruptFile[];
}

function runNotFound(id: number): NotFoundError {
  return new NotFoundError('VERIFICATION_RUN_NOT_FOUND', `no verification run with id ${id}`);
}

function scopeOf(run: VerificationRun): FileScope {
  return {
    selection: run.selection,
    cutoff: run.createTimeSinceEpoch - (run.selection.notVerifiedForMs ?? 0),
  };
}

/**
 * Verification runs, the scrub (docs/adr/0016-content-integrity.md): re-hash stored content in
 * batches claimed through the database, so workers on any number of replicas (and a rerun after a
 * kill) share a run and never verify the same file twice. The run's cursor is the last file handed
 * out; a batch whose worker died is taken over once its claim lapses.
 */
export class VerificationService {
  private readonly batchFiles: number;
  private readonly claimMs: number;

  constructor(private readonly deps: VerificationServiceDeps) {
    this.batchFiles = deps.batchFiles ?? 20;
    this.claimMs = deps.claimMs ?? 120_000;
  }

  private run<T>(actor: Caller, work: (tx: ContentTx, auth: Authorizer) => Promise<T>): Promise<T> {
    return this.deps.store.transaction(async (tx) => {
      const auth = new Authorizer(tx, actor);
      if (actor.request !== undefined) await auth.authorize(actor.request, true);
      else await auth.require('admin', 'content verification');
      return work(tx, auth);
    });
  }

  private async audit(tx: ContentTx, actor: Caller, action: string, id: number, detail: object) {
    await tx.appendAudit(
      {
        timeSinceEpoch: this.deps.clock(),
        actor: actor.subject,
        actorMethod: actor.method,
        action,
        outcome: 'success',
        entityType: 'verificationRun',
        entityId: String(id),
        requestId: actor.requestId,
        detail: JSON.stringify(detail),
      },
      this.deps.sha256,
    );
  }

  /**
   * Starts a run over `selection`, or resumes the unfinished run started with the same selection
   * (unless `restart`). A scheduled run is made once per `scheduleSlot`, by whichever replica comes first.
   */
  async start(
    actor: Caller,
    options: {
      selection: VerificationSelection;
      rateBytesPerSecond?: number | undefined;
      restart?: boolean | undefined;
      scheduleSlot?: number | undefined;
    },
  ): Promise<RunReport & { resumed: boolean }> {
    return this.run(actor, async (tx) => {
      const selectionKey = this.deps.sha256(selectionText(options.selection));
      const running =
        options.scheduleSlot === undefined ? await tx.integrity.runningRun(selectionKey) : undefined;
      if (running !== undefined && options.restart !== true) {
        return { ...(await this.report(tx, running)), resumed: true };
      }
      if (running !== undefined)
        await tx.integrity.updateRun(running.id, { state: 'done' }, this.deps.clock());
      const now = this.deps.clock();
      const scope = { selection: options.selection, cutoff: now - (options.selection.notVerifiedForMs ?? 0) };
      const totals = await tx.integrity.scopeTotals(scope);
      const run = await tx.integrity.insertRun(
        {
          selection: options.selection,
          selectionKey,
          scheduleSlot: options.scheduleSlot,
          createdBy: actor.subject,
          rateBytesPerSecond: options.rateBytesPerSecond,
          filesTotal: totals.files,
          bytesTotal: totals.bytes,
        },
        now,
      );
      await this.audit(tx, actor, 'start verification', run.id, {
        selection: options.selection,
        files: totals.files,
        bytes: totals.bytes,
      });
      return { ...(await this.report(tx, run)), resumed: false };
    });
  }

  async get(actor: Caller, id: number): Promise<RunReport> {
    return this.run(actor, async (tx) => {
      const run = await tx.integrity.getRun(id);
      if (run === undefined) throw runNotFound(id);
      return this.report(tx, run);
    });
  }

  /** The newest scheduled run (for the scheduler). */
  async latestScheduled(actor: Caller): Promise<VerificationRun | undefined> {
    return this.run(actor, (tx) => tx.integrity.latestScheduledRun());
  }

  private async report(tx: ContentTx, run: VerificationRun): Promise<RunReport> {
    const { modelVersionId, registeredModelId } = run.selection;
    const corrupt = await tx.integrity.corruptFiles({
      modelVersionIds: modelVersionId === undefined ? undefined : [modelVersionId],
      registeredModelId,
    });
    return { run, corrupt };
  }

  /**
   * Verifies one batch of the run: claims it, re-hashes each file (at most the run's rate),
   * records each outcome, and releases the claim. A step that finds nothing left to claim while
   * other workers hold batches verifies nothing; the run is done once no file and no claim is left.
   */
  async step(actor: Caller, id: number): Promise<StepReport> {
    const owner = this.deps.newKey();
    const claimed = await this.run(actor, (tx) => this.claim(tx, id, owner));
    let verifiedFiles = 0;
    let verifiedBytes = 0;
    const found: CorruptFile[] = [];
    if (claimed.files.length > 0) {
      const started = this.deps.monotonic();
      const pace = this.pacer(claimed.run.rateBytesPerSecond, started, () => verifiedBytes);
      let lastRenewal = this.deps.monotonic();
      for (const file of claimed.files) {
        if (this.deps.monotonic() - lastRenewal > this.claimMs / 3) {
          await this.deps.store.transaction((tx) =>
            tx.integrity.renewClaim(claimed.claimId ?? 0, owner, this.deps.clock() + this.claimMs),
          );
          lastRenewal = this.deps.monotonic();
        }
        const outcome = await this.deps.integrity.verify(actor, { ...file }, pace);
        verifiedFiles += 1;
        verifiedBytes += file.size;
        if (!outcome.intact) {
          found.push({
            modelVersionId: file.modelVersionId,
            path: file.path,
            reason: outcome.reason,
            corruptTimeSinceEpoch: this.deps.clock(),
          });
        }
      }
    }
    return this.run(actor, async (tx) => {
      const now = this.deps.clock();
      if (claimed.claimId !== undefined) await tx.integrity.deleteClaim(claimed.claimId);
      await tx.integrity.updateRun(
        id,
        { filesDone: verifiedFiles, bytesDone: verifiedBytes, corruptFiles: found.length },
        now,
      );
      const run = await tx.integrity.getRun(id, true);
      if (run === undefined) throw runNotFound(id);
      let current = run;
      if (run.state === 'running' && (await this.finished(tx, run))) {
        await tx.integrity.updateRun(id, { state: 'done' }, now);
        current = { ...run, state: 'done' };
      }
      if (verifiedFiles > 0 || current.state !== run.state) {
        await this.audit(tx, actor, 'verify content', id, {
          files: verifiedFiles,
          bytes: verifiedBytes,
          corrupt: found.map((f) => ({ modelVersionId: f.modelVersionId, path: f.path, reason: f.reason })),
          ...(current.state === 'done' ? { done: true } : {}),
        });
      }
      return { ...(await this.report(tx, current)), verifiedFiles, verifiedBytes, found };
    });
  }

  /** Takes a lapsed batch of the run, else the next one after its cursor (under the run's row lock). */
  private async claim(
    tx: ContentTx,
    id: number,
    owner: string,
  ): Promise<{ run: VerificationRun; files: readonly ScopedFile[]; claimId?: number }> {
    const run = await tx.integrity.getRun(id, true);
    if (run === undefined) throw runNotFound(id);
    if (run.state !== 'running') return { run, files: [] };
    const now = this.deps.clock();
    const expiry = now + this.claimMs;
    const scope = scopeOf(run);
    const lapsed = await tx.integrity.takeLapsedClaim(id, owner, now, expiry);
    if (lapsed !== undefined) {
      // Files of the batch verified before its worker died are out of scope now: not done twice.
      const files = await tx.integrity.scopedFiles(scope, { after: lapsed.after, upTo: lapsed.last }, 10_000);
      return { run, files, claimId: lapsed.id };
    }
    const files = await tx.integrity.scopedFiles(scope, { after: run.cursor }, this.batchFiles);
    const last = files[files.length - 1];
    if (last === undefined) return { run, files };
    const cursor = { modelVersionId: last.modelVersionId, pathHash: last.pathHash };
    const claimId = await tx.integrity.insertClaim(id, run.cursor, cursor, owner, expiry);
    await tx.integrity.updateRun(id, { cursor }, now);
    return { run, files, claimId };
  }

  private async finished(tx: ContentTx, run: VerificationRun): Promise<boolean> {
    if ((await tx.integrity.openClaims(run.id)) > 0) return false;
    const next = await tx.integrity.scopedFiles(scopeOf(run), { after: run.cursor }, 1);
    return next.length === 0;
  }

  /** Waits as long as reading faster than `rate` bytes per second needs. */
  private pacer(rate: number | undefined, started: number, before: () => number) {
    if (rate === undefined || rate <= 0) return undefined;
    return async (bytesOfFile: number) => {
      const due = ((before() + bytesOfFile) / rate) * 1000;
      const ahead = due - (this.deps.monotonic() - started);
      if (ahead > 5) await this.deps.pause(ahead);
    };
  }
}
