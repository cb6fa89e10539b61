import type { Insertable, InsertQueryBuilder, InsertResult } from 'kysely';
import type { EntityCode } from '../../../domain/error-codes.js';
import { ConflictError } from '../../../domain/errors.js';
import type { Database, Db } from '../database.js';
import type { SqlDialect } from '../dialects/sql-dialect.js';
import { fixed, runCompiled } from './compiled-statement.js';
import { insertPlainRows } from './plain-insert.js';

/** What every repository of one transaction shares: the transaction and the engine's dialect. */
export interface SqlContext {
  readonly db: Db;
  readonly dialect: SqlDialect;
  /**
   * The models this transaction holds the lock of, as read when it took it: no other transaction
   * can change or delete them until this one ends, so they need not be read again.
   */
  readonly lockedModels: Map<number, LockedModel>;
}

/** A registered model's row as its lock read it. */
export interface LockedModel {
  readonly owner: string | null;
  readonly version_scheme: string;
}

/** Rows per IN list or delete batch, so a statement stays within every engine's parameter limit. */
export const ID_CHUNK = 500;
/** Rows per multi-row insert of upload and manifest files (12 columns: within every engine's parameter limit). */
export const FILE_ROW_CHUNK = 400;

/** The items in slices of `size`, in order. */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Tables whose `id` the engine generates. */
type IdTables =
  | 'context_id'
  | 'api_token'
  | 'access_grant'
  | 'audit_event'
  | 'stage_transition'
  | 'alias_history'
  | 'deployment_event'
  | 'approval'
  | 'version_parent'
  | 'file_upload'
  | 'verification_run'
  | 'verification_claim';

/** Runs an insert and returns the generated id (RETURNING where the engine has it, else the insert id). */
export async function insertReturningId<T extends IdTables>(
  ctx: SqlContext,
  insert: InsertQueryBuilder<Database, T, InsertResult>,
): Promise<number> {
  if (ctx.dialect.supportsReturning) {
    const inserted = await insert.returning('id').executeTakeFirstOrThrow();
    return Number(inserted.id);
  }
  const result = await insert.executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/** Inserts one row of plain values and returns the generated id (compiled once per shape: plain-insert.ts). */
export async function insertRowReturningId<T extends IdTables>(
  ctx: SqlContext,
  table: T,
  row: Insertable<Database[T]>,
): Promise<number> {
  const returning = ctx.dialect.supportsReturning;
  const result = await insertPlainRows(ctx, table, [row], returning ? 'id' : 'nothing');
  return Number(returning ? result.rows[0]?.['id'] : result.insertId);
}

/** How a conflict names the thing written: its label, its error code prefix, what clashed. */
export interface ConflictNaming {
  readonly label: string;
  readonly code: EntityCode;
  readonly name?: string | undefined;
  readonly externalId?: string | undefined;
  /** Where the name must be unique, e.g. ` in registered model 4`. */
  readonly scope?: string | undefined;
}

/** Runs a write, turning a driver's constraint violation into a ConflictError that names the field. */
export async function guardWrite<T>(
  ctx: SqlContext,
  naming: ConflictNaming,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const violation = ctx.dialect.constraintViolation(error);
    if (violation === undefined) throw error;
    const { label, code } = naming;
    if (violation.type === 'foreign-key') {
      throw new ConflictError(
        `${code}_REFERENCE_CONFLICT`,
        `the ${label} refers to, or is referred to by, an entity that changed concurrently; retry the request`,
      );
    }
    if (/external_id/.test(violation.detail)) {
      const value = naming.externalId === undefined ? '' : ` '${naming.externalId}'`;
      throw new ConflictError(
        `${code}_EXTERNAL_ID_CONFLICT`,
        `another ${label} already has externalId${value}`,
      );
    }
    const name = naming.name === undefined ? ' with this name' : ` named '${naming.name}'`;
    throw new ConflictError(
      `${code}_ALREADY_EXISTS`,
      `a ${label}${name} already exists${naming.scope ?? ''}`,
    );
  }
}

/** Takes the registered model's row lock (docs/adr/0015-one-lock-per-model.md); false when there is no such model. */
export async function lockModel(ctx: SqlContext, registeredModelId: number): Promise<boolean> {
  // Held already (taken before, or read where a transaction holds every lock): nothing to read again.
  if (ctx.lockedModels.has(registeredModelId)) return true;
  // SQLite: the transaction began IMMEDIATE and holds the database's write lock already.
  const [row] = (
    await runCompiled(ctx, 'lock model', [registeredModelId], () => {
      const query = ctx.db
        .selectFrom('registered_model')
        .select(['owner', 'version_scheme'])
        .where('id', '=', registeredModelId);
      return ctx.dialect.name === 'sqlite' ? query : query.forUpdate();
    })
  ).rows;
  if (row === undefined) return false;
  holdModel(ctx, registeredModelId, row);
  return true;
}

/**
 * Records that this transaction holds a model's lock, with what it read of the row under it
 * (its owner and version scheme, kept while the lock is held: ADR 15).
 */
export function holdModel(
  ctx: SqlContext,
  registeredModelId: number,
  row: { readonly owner?: unknown; readonly version_scheme?: unknown },
): void {
  const owner = typeof row.owner === 'string' ? row.owner : null;
  ctx.lockedModels.set(registeredModelId, { owner, version_scheme: String(row.version_scheme) });
}

/**
 * The sequence and time of the next row of a model's history: one past the last row, at `time`
 * or the last row's time if that is later (another replica's clock may run a little ahead).
 * The caller holds the model's lock, so no other writer appends to the model's histories now.
 */
export async function nextHistoryRow(
  ctx: SqlContext,
  table: 'stage_transition' | 'alias_history' | 'deployment_event',
  registeredModelId: number,
  time: number,
): Promise<{ seq: number; time: number }> {
  const [last] = (
    await runCompiled(ctx, `last of ${table}`, [registeredModelId, fixed(1)], () =>
      ctx.db
        .selectFrom(table)
        .select(['seq', 'create_time'])
        .where('registered_model_id', '=', registeredModelId)
        .orderBy('seq', 'desc')
        .limit(1),
    )
  ).rows;
  return last === undefined
    ? { seq: 1, time }
    : { seq: Number(last.seq) + 1, time: Math.max(time, Number(last.create_time)) };
}

/** Text of a nullable column, undefined for NULL. */
export function optionalText(value: string | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : value;
}

/** Number of a nullable column, undefined for NULL. */
export function optionalNumber(value: number | string | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}
