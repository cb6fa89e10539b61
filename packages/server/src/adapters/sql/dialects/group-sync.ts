/**
 * Group commit for SQLite (docs/adr/0023-write-path-and-group-commit.md): transactions commit into
 * the WAL without waiting for the disk, and each is answered only once one `sync` of the WAL that
 * started after its commit has completed. Every transaction that committed while a sync was running
 * shares the next one, so N concurrent writers cost about one sync, not N.
 *
 * The sync covers the whole WAL file, so it makes durable every commit written to it before the
 * sync started: a commit's frames are in the file (in the page cache) once SQLite's COMMIT returns.
 * The durable part of the WAL is therefore always a prefix of the committed history.
 */
export class GroupSync {
  /** Commits noted so far (a counter, not ids). */
  private committed = 0;
  /** Commits known to be on disk. */
  private synced = 0;
  private running: Promise<void> | undefined;
  /** A sync failed: the WAL's state on disk is unknown, so nothing is acknowledged again. */
  private failure: unknown;
  private syncs = 0;

  /**
   * @param sync makes the WAL file durable (fdatasync of its descriptor), off the event loop.
   * @param changed whether the database changed since the last call (a commit to cover).
   * @param syncHere the same sync on the calling thread, for a writer that is alone (see durable).
   */
  constructor(
    private readonly sync: () => Promise<void>,
    private readonly changed: () => boolean,
    private readonly syncHere?: () => void,
  ) {}

  /** How many syncs ran (tests and the ADR's figures). */
  get syncCount(): number {
    return this.syncs;
  }

  /**
   * Resolves once every commit made before this call is durable; the caller answers its client
   * only then. Rejects, now and for every later call, once a sync has failed.
   *
   * `alone`: no other transaction is under way, so there is nobody to share a sync with and no
   * work for the event loop meanwhile. The sync then runs on the calling thread: handing it to
   * the thread pool and being woken when it ends cost a lone writer 30–200 µs per commit here (two
   * cross-thread wake-ups on a VM), more than it saves. Anyone who arrives during it waits for
   * it, as they would have waited for the next sync.
   */
  async durable(alone = false): Promise<void> {
    if (this.changed()) this.committed += 1;
    const target = this.committed;
    if (alone && this.syncHere !== undefined && this.running === undefined && this.synced < target) {
      if (this.failure !== undefined) throw this.failure;
      this.syncs += 1;
      try {
        this.syncHere();
      } catch (error) {
        this.failure = error;
        throw error;
      }
      this.synced = Math.max(this.synced, target);
      return;
    }
    while (this.synced < target) {
      if (this.failure !== undefined) throw this.failure;
      this.running ??= this.start();
      await this.running;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private async start(): Promise<void> {
    // Everything counted so far is in the WAL file already: this sync covers it.
    const covering = this.committed;
    this.syncs += 1;
    try {
      await this.sync();
      this.synced = Math.max(this.synced, covering);
    } catch (error) {
      this.failure = error;
    } finally {
      this.running = undefined;
    }
  }
}
