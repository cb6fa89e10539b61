import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '@modelreg/server';
import {
  announceSkips,
  createTestDatabase,
  DATABASE_TARGETS,
  type TestDatabase,
} from '../support/test-databases.js';

// Segment checksums (migration 0020, docs/adr/0026-segment-checksums.md) kept beside what is known
// of a file, on every engine: the bytes come back as they went in, for large files too (MySQL's
// plain BLOB would stop at 64 KiB: a 4 GiB file), and a corrupt file stays corrupt.

const PATH_HASH = 'a'.repeat(64);

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`segment checksums [${target.name}]`, () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => {
      for (const db of databases) await db.drop();
    });

    it('are recorded with an intact verification and read back with the file, whatever their size', async () => {
      const database = await createTestDatabase(target.name);
      databases.push(database);
      const store = await openMetadataStore(database.url);
      try {
        // 40,000 segments: a 10 GiB file at 256 KiB, 160 kB of checksums; extreme values included.
        const values = Uint32Array.from({ length: 40_000 }, (_, i) => (i * 2_654_435_761) >>> 0);
        values[0] = 0;
        values[1] = 0xffffffff;
        const checksums = { segmentSize: 256 * 1024, values };
        await store.transaction((tx) => tx.integrity.recordIntact(7, PATH_HASH, 1_000, checksums));
        const known = await store.transaction((tx) => tx.integrity.fileIntegrity(7, PATH_HASH));
        expect(known).toMatchObject({ state: 'intact', verifiedTimeSinceEpoch: 1_000, verifyCount: 1 });
        expect(known?.checksums?.segmentSize).toBe(256 * 1024);
        expect(known?.checksums?.values).toEqual(values);

        // A later verification without new checksums keeps them; one with new ones replaces them.
        await store.transaction((tx) => tx.integrity.recordIntact(7, PATH_HASH, 2_000));
        const kept = await store.transaction((tx) => tx.integrity.versionIntegrity(7));
        expect(kept[0]?.checksums?.values).toEqual(values);
        expect(kept[0]?.verifyCount).toBe(2);
        const other = { segmentSize: 1024, values: Uint32Array.of(1, 2, 3) };
        await store.transaction((tx) => tx.integrity.recordIntact(7, PATH_HASH, 3_000, other));
        const replaced = await store.transaction((tx) => tx.integrity.fileIntegrity(7, PATH_HASH));
        expect(replaced?.checksums).toEqual(other);

        // None recorded: none read.
        await store.transaction((tx) => tx.integrity.recordIntact(8, PATH_HASH, 1_000));
        const none = await store.transaction((tx) => tx.integrity.fileIntegrity(8, PATH_HASH));
        expect(none?.checksums).toBeUndefined();
      } finally {
        await store.close();
      }
    });
  });
}
