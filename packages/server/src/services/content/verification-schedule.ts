import type { VerificationRun } from '../../domain/integrity.js';
import { SYSTEM_CALLER } from './content-integrity.js';
import type { VerificationService } from './verification-service.js';

export interface VerificationScheduleDeps {
  readonly verification: VerificationService;
  /** A scheduled run starts when the last one started this long ago (or there is none). */
  readonly intervalMs: number;
  readonly clock: () => number;
  readonly pause: (ms: number) => Promise<void>;
  readonly log: (message: string, fields: Record<string, unknown>) => void;
  /** How often a replica looks for a run to start or join (default: a minute, or the interval if shorter). */
  readonly checkEveryMs?: number;
}

/**
 * `serve --verify-interval`: every replica looks for the current scheduled verification run and
 * works on it; a new one is started once per interval, in a slot the database keeps unique, so
 * replicas starting together make one run and share its batches (never the same file twice).
 */
export class VerificationSchedule {
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly deps: VerificationScheduleDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const every = this.deps.checkEveryMs ?? Math.min(60_000, this.deps.intervalMs);
    while (!this.stopped) {
      try {
        await this.tick();
      } catch (error) {
        this.deps.log('scheduled verification failed; retrying at the next check', { error: String(error) });
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        const timer = setTimeout(resolve, every);
        timer.unref?.();
      });
    }
  }

  /** Starts or joins the current scheduled run and works on it until it is done. */
  async tick(): Promise<void> {
    const { verification, intervalMs, clock } = this.deps;
    let run: VerificationRun | undefined = await verification.latestScheduled(SYSTEM_CALLER);
    if (run === undefined || (run.state === 'done' && clock() - run.createTimeSinceEpoch >= intervalMs)) {
      try {
        const slot = Math.floor(clock() / intervalMs);
        run = (await verification.start(SYSTEM_CALLER, { selection: {}, scheduleSlot: slot })).run;
      } catch {
        // Another replica started this slot's run first: join it.
        run = await verification.latestScheduled(SYSTEM_CALLER);
      }
    }
    while (run?.state === 'running' && !this.stopped) {
      const step = await verification.step(SYSTEM_CALLER, run.id);
      run = step.run;
      // Nothing left to claim, but other replicas still hold batches: wait for them to finish.
      if (step.verifiedFiles === 0 && run.state === 'running') await this.deps.pause(500);
    }
  }
}
