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
   * @param sync makes the WAL file durable (fdatasync of its descriptor).
   * @param changed whether the database changed since the last call (a commit to cover).
   */
  constructor(
    private readonly sync: () => Promise<void>,
    private readonly changed: () => boolean,
  ) {}

  /** How many syncs ran (tests and the ADR's figures). */
  get syncCount(): number {
    return this.syncs;
  }

  /**
   * Resolves once every commit made before this call is durable; the caller answers its client
   * only then. Rejects, now and for every later call, once a sync has failed.
   */
  async durable(): Promise<void> {
    if (this.changed()) this.committed += 1;
    const target = this.committed;
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
