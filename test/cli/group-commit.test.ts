import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { apiCall, startServer, type RunningServer } from './support/modelreg-process.js';

// SQLite's group commit (docs/adr/0023-write-path-and-group-commit.md): concurrent writers share
// one sync of the WAL and each is answered only once it is durable. One writer's failure fails no
// other, and a server killed (SIGKILL) right after the last answer keeps every acknowledged write,
// with an audit chain that still verifies.

const WRITERS = 24;
const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-group-commit-'));
let server: RunningServer | undefined;

async function killed(running: RunningServer): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGKILL');
  await exited;
}

afterAll(async () => {
  if (server !== undefined && server.child.exitCode === null) await killed(server);
  rmSync(dataDir, { recursive: true, force: true });
});

it('answers concurrent writers from shared commits; one failing loses none of the others, even killed', async () => {
  server = await startServer(dataDir);
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    apiCall<T>(server, method, path, body);
  const model = (await call<{ id: string }>('POST', 'registered_models', { name: 'group' })).body;

  // WRITERS versions at once; the last repeats the first's name, so exactly one of those two fails
  // (409) inside the same group of commits as the others.
  const names = Array.from({ length: WRITERS }, (_, i) => `v${i}`);
  names.push('v0');
  const answers = await Promise.all(
    names.map((name) =>
      call<{ id?: string; name?: string }>('POST', 'model_versions', { name, registeredModelId: model.id }),
    ),
  );
  // Killed as soon as the last answer arrived: nothing after it could have made anything durable.
  await killed(server);

  const created = answers.filter((a) => a.status === 201);
  expect(answers.filter((a) => a.status === 409)).toHaveLength(1);
  expect(created).toHaveLength(WRITERS);
  expect(new Set(created.map((a) => a.body.name))).toEqual(new Set(names));

  server = await startServer(dataDir);
  for (const answer of created) {
    const stored = await call<{ name: string }>('GET', `model_versions/${String(answer.body.id)}`);
    expect(stored.status).toBe(200);
    expect(stored.body.name).toBe(answer.body.name);
  }
  const versions = await call<{ size: number }>('GET', `registered_models/${model.id}/versions?pageSize=100`);
  expect(versions.body.size).toBe(WRITERS);
  // One event per acknowledged write, none for the refused one, and the chain unbroken.
  const events = await call<{ items: unknown[] }>(
    'GET',
    'audit_events?action=create%20modelVersion&pageSize=100',
  );
  expect(events.body.items).toHaveLength(WRITERS);
  const chain = await call<{ valid: boolean; events: number }>('GET', 'audit_events/verify');
  expect(chain.body).toMatchObject({ valid: true, events: WRITERS + 1 });
});
