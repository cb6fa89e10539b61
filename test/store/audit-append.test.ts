import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '@modelreg/server';
import pg from 'pg';
import { chainStatement, chainValues } from '../../packages/server/src/adapters/sql/audit/chain-in-sql.js';
import {
  auditHashInput,
  type AuditEvent,
  type NewAuditEvent,
} from '../../packages/server/src/domain/audit.js';
import {
  announceSkips,
  createTestDatabase,
  DATABASE_TARGETS,
  type TestDatabase,
} from '../support/test-databases.js';

// A transaction's audit events are written at its end, in inserts of up to 400 rows, and the
// chain's head is moved to the last (docs/adr/0023-write-path-and-group-commit.md, the audit at the end).

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const T = 1_700_000_000_000;

const event = (n: number, time: number): NewAuditEvent => ({
  timeSinceEpoch: time,
  actor: `actor-${n % 3}`,
  actorMethod: 'none',
  action: 'create registeredModel',
  outcome: 'success',
  entityType: 'registeredModel',
  entityId: String(n),
  ...(n % 2 === 0
    ? { requestId: `request-${n}`, detail: JSON.stringify({ n, text: 'a "quoted" \u00e9' }) }
    : {}),
});

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`audit events of one transaction [${target.name}]`, () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => {
      for (const db of databases) await db.drop();
    });
    /** A store on a new database of this engine, dropped after the suite. */
    const freshStore = async () => {
      const database = await createTestDatabase(target.name);
      databases.push(database);
      return { database, store: await openMetadataStore(database.url) };
    };

    it('hash awkward text as the domain does, however many one transaction appends', async () => {
      const { store } = await freshStore();
      const awkward = [
        'a "quoted" \\ back\\slash',
        'é ü 中文 🎉',
        'tab\tnew\nline \u0001 \u007f',
        '',
        "it's",
        '\u2028',
      ];
      try {
        for (const count of [1, 2, 16, 17]) {
          await store.transaction(async (tx) => {
            for (let n = 0; n < count; n++) {
              const text = awkward[n % awkward.length] as string;
              await tx.appendAudit(
                {
                  timeSinceEpoch: T + count * 100 - n,
                  actor: text,
                  actorMethod: 'none',
                  action: `create ${text}`,
                  outcome: n % 2 === 0 ? 'success' : 'denied',
                  ...(n % 3 === 0 ? {} : { entityType: 'artifact', entityId: text, requestId: text }),
                  detail: JSON.stringify({ text, n }),
                },
                sha256,
              );
            }
          });
        }
        const all = await store.transaction((tx) => tx.listAudit({ pageSize: 1000, oldestFirst: true }));
        expect(all).toHaveLength(36);
        let prev: AuditEvent | undefined;
        for (const e of all) {
          const { id: _id, prevHash, hash, ...fields } = e;
          expect(hash).toBe(sha256(auditHashInput(prevHash, fields)));
          if (prev !== undefined) {
            expect(prevHash).toBe(prev.hash);
            expect(e.timeSinceEpoch).toBeGreaterThanOrEqual(prev.timeSinceEpoch);
          }
          prev = e;
        }
        expect(all.map((e) => e.actor).slice(0, 3)).toEqual([awkward[0], awkward[0], awkward[1]]);
      } finally {
        await store.close();
      }
    });

    it('are chained in the order recorded, over inserts of 400, times never going back, and a failed transaction writes none', async () => {
      const { store } = await freshStore();
      try {
        // 805 events: two full inserts and one of 5; every tenth recorded with an earlier time.
        await store.transaction(async (tx) => {
          for (let n = 0; n < 805; n++) await tx.appendAudit(event(n, n % 10 === 9 ? T : T + n), sha256);
        });
        await expect(
          store.transaction(async (tx) => {
            await tx.appendAudit(event(9999, T + 5000), sha256);
            throw new Error('the work failed');
          }),
        ).rejects.toThrow('the work failed');
        await store.transaction((tx) => tx.appendAudit(event(805, T), sha256));

        const all: AuditEvent[] = [];
        for (;;) {
          const page = await store.transaction((tx) =>
            tx.listAudit({ pageSize: 1000, oldestFirst: true, afterId: all.at(-1)?.id }),
          );
          if (page.length === 0) break;
          all.push(...page);
        }
        expect(all.map((e) => e.entityId)).toEqual(Array.from({ length: 806 }, (_, n) => String(n)));
        let prev = '';
        let time = 0;
        for (const [n, e] of all.entries()) {
          if (n > 0) expect(e.prevHash).toBe(prev);
          expect(e.timeSinceEpoch).toBe(Math.max(n % 10 === 9 || n === 805 ? T : T + n, time));
          const { id: _id, prevHash, hash, ...fields } = e;
          expect(hash).toBe(sha256(auditHashInput(prevHash, fields)));
          prev = hash;
          time = e.timeSinceEpoch;
        }
        // The event after the big transaction linked to its last: the head had moved there.
        expect(all[805]?.prevHash).toBe(all[804]?.hash);
        expect(all[805]?.timeSinceEpoch).toBe(T + 804);
      } finally {
        await store.close();
      }
    });

    it('chains with the hash function it is given, also where the database could chain with SHA-256', async () => {
      const { store } = await freshStore();
      // Not SHA-256 (as long, in hex): PostgreSQL's one statement would hash otherwise, so it is not used.
      const sha3 = (text: string) => createHash('sha3-256').update(text).digest('hex');
      try {
        await store.transaction(async (tx) => {
          await tx.appendAudit(event(1, T), sha3);
          await tx.appendAudit(event(2, T + 1), sha3);
        });
        await store.transaction((tx) => tx.appendAudit(event(3, T + 2), sha256));
        const all = await store.transaction((tx) => tx.listAudit({ pageSize: 10, oldestFirst: true }));
        expect(all.map((e) => e.entityId)).toEqual(['1', '2', '3']);
        for (const [n, e] of all.entries()) {
          const { id: _id, prevHash, hash, ...fields } = e;
          expect(hash).toBe((n < 2 ? sha3 : sha256)(auditHashInput(prevHash, fields)));
          if (n > 0) expect(prevHash).toBe(all[n - 1]?.hash);
        }
      } finally {
        await store.close();
      }
    });

    it.skipIf(target.name !== 'postgres')(
      'refuses, in the one statement, an event whose text reached the database altered, and writes none',
      async () => {
        const { database, store } = await freshStore();
        await store.transaction((tx) => tx.appendAudit(event(1, T), sha256));
        await store.close();
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          const events = [event(2, T + 1), event(3, T + 2)].map((e) => ({ event: e, hash: sha256 }));
          const values = chainValues(events);
          expect(await client.query(chainStatement(2), values)).toMatchObject({ rowCount: 2 });
          // The second event's text as if an encoding had changed it on the way: its digest no longer holds.
          const altered = chainValues(
            [event(4, T + 3), event(5, T + 4)].map((e) => ({ event: e, hash: sha256 })),
          );
          altered[11 + 1] = String(altered[11 + 1]).replace('actor-2', 'actor-\u00e9');
          await expect(client.query(chainStatement(2), altered)).rejects.toThrow(
            /audit event 2 of 2 reached the database altered/,
          );
          const stored = await client.query<{ n: number }>('select count(*)::int as n from audit_event');
          expect(stored.rows).toEqual([{ n: 3 }]);
        } finally {
          await client.end();
        }
      },
    );
  });
}
