import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A database the suites run against: SQLite always, PostgreSQL and MySQL when their URLs are set. */
export interface DatabaseTarget {
  readonly name: 'sqlite' | 'postgres' | 'mysql';
  /** Why the target is skipped, when it is. */
  readonly skipReason?: string;
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

const POSTGRES_URL = process.env['MODELREG_TEST_POSTGRES_URL'];
const MYSQL_URL = process.env['MODELREG_TEST_MYSQL_URL'];

export const DATABASE_TARGETS: readonly DatabaseTarget[] = [
  { name: 'sqlite' },
  POSTGRES_URL
    ? { name: 'postgres' }
    : { name: 'postgres', skipReason: 'MODELREG_TEST_POSTGRES_URL is not set (CI sets it)' },
  MYSQL_URL
    ? { name: 'mysql' }
    : { name: 'mysql', skipReason: 'MODELREG_TEST_MYSQL_URL is not set (CI sets it)' },
];

let announced = false;
/** Prints once per file which engines are skipped and why. */
export function announceSkips(): void {
  if (announced) return;
  announced = true;
  for (const target of DATABASE_TARGETS) {
    if (target.skipReason !== undefined) console.log(`skipping ${target.name}: ${target.skipReason}`);
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh, empty database of its own, so suites can run in parallel. */
export async function createTestDatabase(name: DatabaseTarget['name']): Promise<TestDatabase> {
  const database = `modelreg_t_${randomBytes(6).toString('hex')}`;
  switch (name) {
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'modelreg-test-'));
      return {
        url: `sqlite:${join(dir, 'registry.db')}`,
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'postgres': {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`create database ${database}`);
      await admin.end();
      return {
        url: withDatabase(POSTGRES_URL ?? '', database),
        drop: async () => {
          const client = new pg.Client({ connectionString: POSTGRES_URL });
          await client.connect();
          await client.query(`drop database if exists ${database} with (force)`);
          await client.end();
        },
      };
    }
    case 'mysql': {
      const mysql = await import('mysql2/promise');
      const admin = await mysql.createConnection({ uri: MYSQL_URL });
      await admin.query(`create database ${database} character set utf8mb4 collate utf8mb4_bin`);
      await admin.end();
      return {
        url: withDatabase(MYSQL_URL ?? '', database),
        drop: async () => {
          const connection = await mysql.createConnection({ uri: MYSQL_URL });
          await connection.query(`drop database if exists ${database}`);
          await connection.end();
        },
      };
    }
  }
}
