import type { ExpressionBuilder, Selectable } from 'kysely';
import type {
  CorruptFile,
  FileIntegrity,
  RunCursor,
  RunState,
  ScopedFile,
  SegmentChecksums,
  VerificationRun,
  VerificationSelection,
} from '../../../domain/integrity.js';
import type {
  FileScope,
  IntegrityQueries,
  NewVerificationRun,
  UnverifiedContent,
  VerificationClaim,
} from '../../../ports/integrity-queries.js';
import type { Database, FileIntegrityTable, VerificationRunTable } from '../database.js';
import { insertReturningId, optionalNumber, type SqlContext } from '../shared/sql-context.js';

/** The manifest files of a scope, as the queries below alias them. */
type FilesDb = Database & { f: Database['version_content_file'] };
type FileBuilder = ExpressionBuilder<FilesDb, 'f'>;

function rowToIntegrity(row: Selectable<FileIntegrityTable>): FileIntegrity {
  return {
    modelVersionId: Number(row.model_version_id),
    pathHash: String(row.path_hash),
    state: row.state === 'corrupt' ? 'corrupt' : 'intact',
    verifiedTimeSinceEpoch: optionalNumber(row.verified_time),
    verifyCount: Number(row.verify_count),
    corruptTimeSinceEpoch: optionalNumber(row.corrupt_time),
    reason: row.reason === null || row.reason === undefined ? undefined : String(row.reason),
    checksums: decodeChecksums(row.segment_size, row.segment_crc32c),
  };
}

/** Segment checksums as stored: four bytes per segment, little-endian. */
function encodeChecksums(checksums: SegmentChecksums): Uint8Array {
  const bytes = new Uint8Array(checksums.values.length * 4);
  const view = new DataView(bytes.buffer);
  checksums.values.forEach((value, i) => view.setUint32(i * 4, value, true));
  return bytes;
}

function decodeChecksums(
  segmentSize: number | null | undefined,
  stored: Uint8Array | null | undefined,
): SegmentChecksums | undefined {
  if (segmentSize === null || segmentSize === undefined || stored === null || stored === undefined)
    return undefined;
  if (stored.length % 4 !== 0) return undefined; // not ours: checked with sha256, then recorded again
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  const values = new Uint32Array(stored.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getUint32(i * 4, true);
  return { segmentSize: Number(segmentSize), values };
}

function rowToRun(row: Selectable<VerificationRunTable>): VerificationRun {
  const [registeredModelId, modelVersionId, notVerifiedForMs] = JSON.parse(String(row.selection)) as (
    number | null
  )[];
  const selection: VerificationSelection = {
    ...(registeredModelId == null ? {} : { registeredModelId }),
    ...(modelVersionId == null ? {} : { modelVersionId }),
    ...(notVerifiedForMs == null ? {} : { notVerifiedForMs }),
  };
  const cursorVersion = optionalNumber(row.cursor_version_id);
  return {
    id: Number(row.id),
    selection,
    state: String(row.state) as RunState,
    scheduled: row.schedule_slot !== null && row.schedule_slot !== undefined,
    createdBy: String(row.created_by),
    createTimeSinceEpoch: Number(row.create_time),
    lastUpdateTimeSinceEpoch: Number(row.last_update_time),
    cursor:
      cursorVersion === undefined
        ? undefined
        : { modelVersionId: cursorVersion, pathHash: String(row.cursor_path_hash) },
    rateBytesPerSecond: optionalNumber(row.rate_bytes),
    filesTotal: Number(row.files_total),
    bytesTotal: Number(row.bytes_total),
    filesDone: Number(row.files_done),
    bytesDone: Number(row.bytes_done),
    corruptFiles: Number(row.corrupt_files),
  };
}

function rowToCorrupt(row: {
  model_version_id: number;
  path: string;
  reason: string | null;
  corrupt_time: number | string | null;
}): CorruptFile {
  return {
    modelVersionId: Number(row.model_version_id),
    path: String(row.path),
    reason: String(row.reason ?? ''),
    corruptTimeSinceEpoch: Number(row.corrupt_time),
  };
}

/** Files after `c` in (model_version_id, path_hash) order. */
function after(eb: FileBuilder, c: RunCursor) {
  return eb.or([
    eb('f.model_version_id', '>', c.modelVersionId),
    eb.and([eb('f.model_version_id', '=', c.modelVersionId), eb('f.path_hash', '>', c.pathHash)]),
  ]);
}

function upTo(eb: FileBuilder, c: RunCursor) {
  return eb.or([
    eb('f.model_version_id', '<', c.modelVersionId),
    eb.and([eb('f.model_version_id', '=', c.modelVersionId), eb('f.path_hash', '<=', c.pathHash)]),
  ]);
}

/** SQL of content integrity and verification runs, the same on every engine. */
export class SqlIntegrityQueries implements IntegrityQueries {
  constructor(private readonly ctx: SqlContext) {}

  private get db() {
    return this.ctx.db;
  }

  async fileIntegrity(modelVersionId: number, pathHash: string): Promise<FileIntegrity | undefined> {
    const row = await this.db
      .selectFrom('file_integrity')
      .selectAll()
      .where('model_version_id', '=', modelVersionId)
      .where('path_hash', '=', pathHash)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToIntegrity(row);
  }

  async versionIntegrity(modelVersionId: number): Promise<readonly FileIntegrity[]> {
    const rows = await this.db
      .selectFrom('file_integrity')
      .selectAll()
      .where('model_version_id', '=', modelVersionId)
      .execute();
    return rows.map(rowToIntegrity);
  }

  async recordIntact(
    modelVersionId: number,
    pathHash: string,
    now: number,
    checksums?: SegmentChecksums,
  ): Promise<void> {
    const segments =
      checksums === undefined
        ? {}
        : { segment_size: checksums.segmentSize, segment_crc32c: encodeChecksums(checksums) };
    const updated = await this.db
      .updateTable('file_integrity')
      .set((eb) => ({ verified_time: now, verify_count: eb('verify_count', '+', 1), ...segments }))
      .where('model_version_id', '=', modelVersionId)
      .where('path_hash', '=', pathHash)
      .where('state', '=', 'intact')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    const existing = await this.fileIntegrity(modelVersionId, pathHash);
    if (existing !== undefined) return; // corrupt stays corrupt
    await this.db
      .insertInto('file_integrity')
      .values({
        model_version_id: modelVersionId,
        path_hash: pathHash,
        state: 'intact',
        verified_time: now,
        verify_count: 1,
        ...segments,
      })
      .execute();
  }

  async markCorrupt(
    content: { readonly sha256: string; readonly contentKey: string },
    reason: string,
    now: number,
  ): Promise<readonly CorruptFile[]> {
    const files = await this.db
      .selectFrom('version_content_file as f')
      .leftJoin('file_integrity as i', (join) =>
        join.onRef('i.model_version_id', '=', 'f.model_version_id').onRef('i.path_hash', '=', 'f.path_hash'),
      )
      .select(['f.model_version_id', 'f.path_hash', 'f.path', 'f.content_key', 'i.state'])
      .where('f.sha256', '=', content.sha256)
      .execute();
    const marked: CorruptFile[] = [];
    for (const file of files) {
      if (String(file.content_key) !== content.contentKey || file.state === 'corrupt') continue;
      const key = {
        model_version_id: Number(file.model_version_id),
        path_hash: String(file.path_hash),
      };
      const values = { state: 'corrupt', corrupt_time: now, reason };
      if (file.state === null || file.state === undefined) {
        await this.db
          .insertInto('file_integrity')
          .values({ ...key, ...values, verify_count: 0 })
          .execute();
      } else {
        await this.db
          .updateTable('file_integrity')
          .set(values)
          .where('model_version_id', '=', key.model_version_id)
          .where('path_hash', '=', key.path_hash)
          .execute();
      }
      marked.push({
        modelVersionId: key.model_version_id,
        path: String(file.path),
        reason,
        corruptTimeSinceEpoch: now,
      });
    }
    return marked;
  }

  async corruptFiles(
    where: {
      readonly modelVersionIds?: readonly number[] | undefined;
      readonly registeredModelId?: number | undefined;
    } = {},
  ): Promise<readonly CorruptFile[]> {
    const { modelVersionIds, registeredModelId } = where;
    if (modelVersionIds !== undefined && modelVersionIds.length === 0) return [];
    let query = this.db
      .selectFrom('file_integrity as i')
      .innerJoin('version_content_file as f', (join) =>
        join.onRef('f.model_version_id', '=', 'i.model_version_id').onRef('f.path_hash', '=', 'i.path_hash'),
      )
      .select(['i.model_version_id', 'f.path', 'i.reason', 'i.corrupt_time'])
      .where('i.state', '=', 'corrupt');
    if (modelVersionIds !== undefined) query = query.where('i.model_version_id', 'in', modelVersionIds);
    if (registeredModelId !== undefined) {
      query = query
        .innerJoin('model_version as v', 'v.id', 'i.model_version_id')
        .where('v.registered_model_id', '=', registeredModelId);
    }
    const rows = await query.orderBy('i.model_version_id').orderBy('f.path').execute();
    return rows.map(rowToCorrupt);
  }

  async unverifiedContent(since: number): Promise<readonly UnverifiedContent[]> {
    const rows = await this.db
      .selectFrom('version_content_file as f')
      .leftJoin('file_integrity as i', (join) =>
        join.onRef('i.model_version_id', '=', 'f.model_version_id').onRef('i.path_hash', '=', 'f.path_hash'),
      )
      .select(['f.model_version_id', 'i.verified_time'])
      .where((eb) => eb.or([eb('i.state', 'is', null), eb('i.state', '!=', 'corrupt')]))
      .where((eb) => eb.or([eb('i.verified_time', 'is', null), eb('i.verified_time', '<', since)]))
      .execute();
    const byVersion = new Map<number, { never: number; old: number }>();
    for (const row of rows) {
      const id = Number(row.model_version_id);
      const entry = byVersion.get(id) ?? { never: 0, old: 0 };
      if (row.verified_time === null || row.verified_time === undefined) entry.never += 1;
      else entry.old += 1;
      byVersion.set(id, entry);
    }
    return [...byVersion]
      .sort(([a], [b]) => a - b)
      .map(([modelVersionId, { never, old }]) => ({
        modelVersionId,
        neverVerified: never,
        notRecentlyVerified: old,
      }));
  }

  private scoped(scope: FileScope) {
    const { selection, cutoff } = scope;
    let query = this.db
      .selectFrom('version_content_file as f')
      .innerJoin('model_version as v', 'v.id', 'f.model_version_id')
      .leftJoin('file_integrity as i', (join) =>
        join.onRef('i.model_version_id', '=', 'f.model_version_id').onRef('i.path_hash', '=', 'f.path_hash'),
      )
      .where((eb) => eb.or([eb('i.state', 'is', null), eb('i.state', '!=', 'corrupt')]))
      .where((eb) => eb.or([eb('i.verified_time', 'is', null), eb('i.verified_time', '<', cutoff)]));
    if (selection.registeredModelId !== undefined) {
      query = query.where('v.registered_model_id', '=', selection.registeredModelId);
    }
    if (selection.modelVersionId !== undefined) {
      query = query.where('f.model_version_id', '=', selection.modelVersionId);
    }
    return query;
  }

  async scopeTotals(scope: FileScope): Promise<{ files: number; bytes: number }> {
    const row = await this.scoped(scope)
      .select((eb) => [eb.fn.countAll().as('files'), eb.fn.sum('f.size').as('bytes')])
      .executeTakeFirst();
    return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  async scopedFiles(
    scope: FileScope,
    range: { after?: RunCursor | undefined; upTo?: RunCursor | undefined },
    limit: number,
  ): Promise<readonly ScopedFile[]> {
    let query = this.scoped(scope).select([
      'f.model_version_id',
      'f.path_hash',
      'f.path',
      'f.size',
      'f.sha256',
      'f.content_key',
    ]);
    const { after: from, upTo: to } = range;
    if (from !== undefined) query = query.where((eb) => after(eb, from));
    if (to !== undefined) query = query.where((eb) => upTo(eb, to));
    const rows = await query.orderBy('f.model_version_id').orderBy('f.path_hash').limit(limit).execute();
    return rows.map((row) => ({
      modelVersionId: Number(row.model_version_id),
      pathHash: String(row.path_hash),
      path: String(row.path),
      size: Number(row.size),
      sha256: String(row.sha256),
      contentKey: String(row.content_key),
    }));
  }

  async insertRun(run: NewVerificationRun, now: number): Promise<VerificationRun> {
    const row = {
      selection: JSON.stringify([
        run.selection.registeredModelId ?? null,
        run.selection.modelVersionId ?? null,
        run.selection.notVerifiedForMs ?? null,
      ]),
      selection_key: run.selectionKey,
      state: 'running',
      schedule_slot: run.scheduleSlot ?? null,
      created_by: run.createdBy,
      create_time: now,
      last_update_time: now,
      rate_bytes: run.rateBytesPerSecond ?? null,
      files_total: run.filesTotal,
      bytes_total: run.bytesTotal,
      files_done: 0,
      bytes_done: 0,
      corrupt_files: 0,
    };
    const id = await insertReturningId(this.ctx, this.db.insertInto('verification_run').values(row));
    const created = await this.getRun(id);
    if (created === undefined) throw new Error(`verification run ${id} is not readable`);
    return created;
  }

  async getRun(id: number, lock = false): Promise<VerificationRun | undefined> {
    let query = this.db.selectFrom('verification_run').selectAll().where('id', '=', id);
    if (lock && this.ctx.dialect.name !== 'sqlite') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row === undefined ? undefined : rowToRun(row);
  }

  async runningRun(selectionKey: string): Promise<VerificationRun | undefined> {
    const row = await this.db
      .selectFrom('verification_run')
      .selectAll()
      .where('state', '=', 'running')
      .where('selection_key', '=', selectionKey)
      .where('schedule_slot', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row === undefined ? undefined : rowToRun(row);
  }

  async latestScheduledRun(): Promise<VerificationRun | undefined> {
    const row = await this.db
      .selectFrom('verification_run')
      .selectAll()
      .where('schedule_slot', 'is not', null)
      .orderBy('schedule_slot', 'desc')
      .executeTakeFirst();
    return row === undefined ? undefined : rowToRun(row);
  }

  async updateRun(
    id: number,
    changes: {
      readonly cursor?: RunCursor | undefined;
      readonly state?: RunState | undefined;
      readonly filesDone?: number | undefined;
      readonly bytesDone?: number | undefined;
      readonly corruptFiles?: number | undefined;
    },
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('verification_run')
      .set((eb) => ({
        last_update_time: now,
        ...(changes.cursor === undefined
          ? {}
          : { cursor_version_id: changes.cursor.modelVersionId, cursor_path_hash: changes.cursor.pathHash }),
        ...(changes.state === undefined ? {} : { state: changes.state }),
        files_done: eb('files_done', '+', changes.filesDone ?? 0),
        bytes_done: eb('bytes_done', '+', changes.bytesDone ?? 0),
        corrupt_files: eb('corrupt_files', '+', changes.corruptFiles ?? 0),
      }))
      .where('id', '=', id)
      .execute();
  }

  async recordTokenUse(tokenId: number, now: number, granularityMs: number): Promise<void> {
    await this.db
      .updateTable('api_token')
      .set({ last_use_time: now })
      .where('id', '=', tokenId)
      .where((eb) => eb.or([eb('last_use_time', 'is', null), eb('last_use_time', '<', now - granularityMs)]))
      .execute();
  }

  async insertClaim(
    runId: number,
    after: RunCursor | undefined,
    last: RunCursor,
    owner: string,
    expiry: number,
  ): Promise<number> {
    const insert = this.db.insertInto('verification_claim').values({
      run_id: runId,
      after_version_id: after?.modelVersionId ?? null,
      after_path_hash: after?.pathHash ?? null,
      last_version_id: last.modelVersionId,
      last_path_hash: last.pathHash,
      owner,
      expiry,
    });
    return insertReturningId(this.ctx, insert);
  }

  async takeLapsedClaim(
    runId: number,
    owner: string,
    now: number,
    expiry: number,
  ): Promise<VerificationClaim | undefined> {
    // Called with the run's row locked, so no other worker takes the same claim meanwhile.
    const row = await this.db
      .selectFrom('verification_claim')
      .selectAll()
      .where('run_id', '=', runId)
      .where('expiry', '<', now)
      .orderBy('id')
      .executeTakeFirst();
    if (row === undefined) return undefined;
    await this.db
      .updateTable('verification_claim')
      .set({ owner, expiry })
      .where('id', '=', Number(row.id))
      .execute();
    return {
      id: Number(row.id),
      runId,
      after:
        row.after_version_id === null || row.after_version_id === undefined
          ? undefined
          : { modelVersionId: Number(row.after_version_id), pathHash: String(row.after_path_hash) },
      last: { modelVersionId: Number(row.last_version_id), pathHash: String(row.last_path_hash) },
    };
  }

  async renewClaim(claimId: number, owner: string, expiry: number): Promise<boolean> {
    const result = await this.db
      .updateTable('verification_claim')
      .set({ expiry })
      .where('id', '=', claimId)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteClaim(claimId: number): Promise<void> {
    await this.db.deleteFrom('verification_claim').where('id', '=', claimId).execute();
  }

  async openClaims(runId: number): Promise<number> {
    const row = await this.db
      .selectFrom('verification_claim')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
