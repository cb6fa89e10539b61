import type { CustomProperties, PropertyValue } from '../../../domain/custom-properties.js';
import type { EntityByKind, EntityKind } from '../../../domain/entities.js';
import type { Selectable } from 'kysely';
import type { CustomPropertyTable, EntityTable } from '../database.js';
import { parameterChunks } from '../parameter-chunks.js';
import { runCompiled } from '../shared/compiled-statement.js';
import { insertPlainRows } from '../shared/plain-insert.js';
import { ID_CHUNK, slices, type SqlContext } from '../shared/sql-context.js';
import {
  PROPERTY_VALUE_COLUMNS,
  TABLE,
  propertyToRow,
  rowToEntity,
  rowToProperty,
  type EntityRow,
} from './entity-rows.js';

/** IN lists of up to this many owners are compiled once per length (a write reads one, a page many). */
const MAX_COMPILED_OWNERS = 16;

/** The custom properties of entities (table custom_property, owned by an entity table's row). */
export class EntityProperties {
  constructor(private readonly ctx: SqlContext) {}

  /**
   * Writes the properties of an owner row that has none (new, or its own deleted). Returns them
   * as stored, as `attach` would read them, where the engine returns inserted rows (RETURNING) or
   * the insert is answered later; undefined where neither.
   */
  async write(
    table: EntityTable,
    id: number,
    properties: CustomProperties | undefined,
  ): Promise<CustomProperties | undefined> {
    const entries = Object.entries(properties ?? {});
    if (entries.length === 0) return {};
    const rows = entries.map(([name, value]) => propertyToRow(table, id, name, value, this.ctx.dialect.bool));
    // Where the engine can send it with the next statement (PostgreSQL), nothing waits for this
    // insert: the rows are stored as given (text is refused unless it is stored as sent:
    // http/request-parsing.ts; numbers keep their value), so they are answered as built. It cannot
    // fail on a constraint, the condition for a write answered later (ADR 23): the owner has no
    // property at this point (it is new, or its properties were deleted just before), and the
    // names are distinct keys.
    const later = this.ctx.dialect.answersLater === true;
    const stored: Selectable<CustomPropertyTable>[] = later
      ? (rows as Selectable<CustomPropertyTable>[])
      : [];
    // Thousands of properties are valid input: one insert per chunk keeps within SQLite's limit.
    for (const chunk of parameterChunks(rows, Object.keys(rows[0] ?? {}).length)) {
      if (later) {
        await insertPlainRows(this.ctx, 'custom_property', chunk, 'nothing', 'later');
        continue;
      }
      const returning = this.ctx.dialect.supportsReturning ? 'all' : 'nothing';
      const result = await insertPlainRows(this.ctx, 'custom_property', chunk, returning);
      stored.push(...(result.rows as Selectable<CustomPropertyTable>[]));
    }
    if (!this.ctx.dialect.supportsReturning) return undefined;
    // In name order, as attach reads them (a name is unique per owner).
    stored.sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
    return Object.fromEntries(stored.map((row) => [String(row.name), rowToProperty(row)]));
  }

  async deleteOne(table: EntityTable, id: number): Promise<void> {
    await this.ctx.db
      .deleteFrom('custom_property')
      .where('owner_kind', '=', table)
      .where('owner_id', '=', id)
      .execute();
  }

  async deleteOf(table: EntityTable, ids: readonly number[]): Promise<void> {
    await this.ctx.db
      .deleteFrom('custom_property')
      .where('owner_kind', '=', table)
      .where('owner_id', 'in', ids)
      .execute();
  }

  /** The entities of the rows with their custom properties, read in one query per chunk, never one per row. */
  async attach<K extends EntityKind>(kind: K, rows: readonly EntityRow[]): Promise<EntityByKind[K][]> {
    // Each entity's properties as entries, in name order (as read), made into one object at the end.
    const byId = new Map<number, [string, PropertyValue][]>();
    for (const row of rows) byId.set(Number(row.id), []);
    for (const chunk of slices([...byId.keys()], ID_CHUNK)) {
      const query = () =>
        this.ctx.db
          .selectFrom('custom_property')
          // Not owner_kind, which the query fixes: a page reads hundreds of these rows.
          .select(['owner_id', 'name', ...PROPERTY_VALUE_COLUMNS])
          .where('owner_kind', '=', TABLE[kind])
          .where('owner_id', 'in', chunk)
          // (owner_id, name) follows the primary key, so no engine picks a value index to sort by name.
          .orderBy('owner_id')
          .orderBy('name');
      const propertyRows =
        chunk.length <= MAX_COMPILED_OWNERS
          ? (
              await runCompiled(
                this.ctx,
                `properties of ${chunk.length} ${TABLE[kind]}`,
                [TABLE[kind], ...chunk],
                query,
              )
            ).rows
          : await query().execute();
      for (const propertyRow of propertyRows) {
        byId.get(Number(propertyRow.owner_id))?.push([String(propertyRow.name), rowToProperty(propertyRow)]);
      }
    }
    return rows.map((row) => rowToEntity(kind, row, Object.fromEntries(byId.get(Number(row.id)) ?? [])));
  }
}
