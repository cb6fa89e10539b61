import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 17, acceptance 3 (docs/adr/0013-bounded-contexts.md): services and adapters reach the
// database through typed Kysely (adapters/sql/database.ts) and read typed rows and entities.
// Migrations are excluded: they run against schemas older than the typed one.

const SOURCE = new URL('.', import.meta.url).pathname;

/** Untyped Kysely: the query builder over any schema. */
const UNTYPED_KYSELY = /\b(Kysely|Transaction)<any>/;
/** The other builders over any schema (expression, select, join builders). */
const UNTYPED_BUILDER = /\b(ExpressionBuilder|SelectQueryBuilder|JoinBuilder|InsertQueryBuilder)<any\b/;
/** A row typed as a bag of anything: `type Row = Record<string, unknown>`, `row: Record<…>`, `rows as Record<…>`. */
const UNTYPED_ROW =
  /\b\w*Row\w*\s*=\s*(Readonly<)?Record<string, unknown>|\b\w*[rR]ows?\s*(:|as(\s+unknown\s+as)?)\s*(readonly\s+)?(Readonly<)?Record<string, unknown>/;
/** A field read by a string key from an object (`row['x']`, `entity['stage']`; not a type's `Artifact['uri']`). */
const STRING_INDEXED = /\b[a-z]\w*(\?\.)?\['[a-zA-Z_]+'\]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Lines of the files under `dirs` that match `rule`, as `file:line: text`. */
function offences(rule: RegExp): string[] {
  const found: string[] = [];
  for (const file of ['services', 'adapters'].flatMap((dir) => sourceFiles(join(SOURCE, dir)))) {
    const name = relative(SOURCE, file);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (rule.test(line)) found.push(`${name}:${index + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('typed store', () => {
  it('finds the files it checks', () => {
    const names = ['services', 'adapters'].flatMap((dir) => sourceFiles(join(SOURCE, dir)));
    expect(names.some((name) => name.endsWith('adapters/sql/sql-metadata-store.ts'))).toBe(true);
    expect(names.some((name) => name.includes('/migrations/'))).toBe(false);
  });

  it('has no Kysely<any> or Transaction<any> in services or adapters', () => {
    expect(offences(UNTYPED_KYSELY)).toEqual([]);
  });

  it('has no query builder over any schema in services or adapters', () => {
    expect(offences(UNTYPED_BUILDER)).toEqual([]);
  });

  it('has no Record<string, unknown> row type in services or adapters', () => {
    expect(offences(UNTYPED_ROW)).toEqual([]);
  });

  it('reads no entity or row field by a string key in services or adapters', () => {
    expect(offences(STRING_INDEXED)).toEqual([]);
  });

  it('tells each pattern from what it must not match', () => {
    expect(UNTYPED_KYSELY.test('type Db = Kysely<any> | Transaction<any>;')).toBe(true);
    expect(UNTYPED_KYSELY.test('type Db = Kysely<Database>;')).toBe(false);
    expect(UNTYPED_BUILDER.test('type Eb = ExpressionBuilder<any, any>;')).toBe(true);
    expect(UNTYPED_ROW.test('export type Row = Record<string, unknown>;')).toBe(true);
    expect(UNTYPED_ROW.test('function rowToToken(row: Record<string, unknown>): ApiToken {')).toBe(true);
    expect(UNTYPED_ROW.test('fields: row as unknown as Record<string, unknown>,')).toBe(true);
    expect(UNTYPED_ROW.test('log: (message: string, fields: Record<string, unknown>) => void;')).toBe(false);
    expect(STRING_INDEXED.test("const id = Number(row['id']);")).toBe(true);
    expect(STRING_INDEXED.test("if (entity['stage'] === 'Production') {")).toBe(true);
    expect(STRING_INDEXED.test("return { files: Number(row?.['files'] ?? 0) };")).toBe(true);
    expect(STRING_INDEXED.test("relation: String(row.relation) as ParentLink['relation'],")).toBe(false);
  });
});
