import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';

// Segment checksums of stored content (docs/adr/0026-segment-checksums.md): the CRC-32C of each
// fixed-size segment of a file, recorded when the file was read whole and matched its manifest's
// sha256, so that a later download can check every byte it sends without hashing the whole file
// again. Four bytes per segment, little-endian; no value: none recorded yet.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  // MySQL's BLOB holds 64 KiB (a 4 GiB file at 256 KiB segments); LONGBLOB has no such limit.
  const binary = dialect === 'postgres' ? 'bytea' : dialect === 'mysql' ? 'longblob' : 'blob';
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('file_integrity').addColumn('segment_size', 'integer').execute();
  await db.schema.alterTable('file_integrity').addColumn('segment_crc32c', sql.raw(binary)).execute();
}
