import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import type { RegistryHarness } from '../support/registry-harness.js';

// Replays the exchanges recorded between the real MLflow 2.7.1 client and an MLflow 2.7.1 server
// (fixtures/README.md) against modelreg, in order, on every engine, and compares each answer with
// the recorded one: the same status, and the same structure (every recorded key present with a
// value of the same type; strings equal except where they are ids or messages; lists of the same
// length). What modelreg adds and the client ignores (a version's aliases, user_id, request_id)
// may appear besides.

interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly requestBody: string;
  readonly status: number;
  readonly responseBody: string;
}

const TRACE: readonly Exchange[] = readFileSync(
  join(import.meta.dirname, 'fixtures', 'mlflow-2.7.1-client-trace.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Exchange);

/** Keys modelreg may add to what MLflow answers (the client ignores them). */
const ADDED_KEYS = new Set(['aliases', 'user_id', 'request_id']);
/** Strings compared by type only: generated tokens, human messages and the caller's name. */
const FREE_STRINGS = new Set(['next_page_token', 'message', 'user_id']);

/**
 * Where modelreg answers differently on purpose (docs/adr/0020-mlflow-api.md): OR in a search
 * filter is accepted as an extension, where MLflow's server refuses it.
 */
const DEVIATIONS: Readonly<Record<number, { status: number; body: unknown }>> = {
  73: { status: 200, body: {} },
};

/** The artifact proxy's exchanges carry files, not JSON: replayed as bytes. */
const isArtifactFile = (e: Exchange) =>
  e.url.startsWith('/api/2.0/mlflow-artifacts/artifacts/') && e.method !== 'POST';

/** A binary body is recorded by its length (`<741 bytes application/octet-stream>`). */
const BINARY = /^<([0-9]+) bytes [^>]+>$/;

/** The bytes a recorded body stands for: its text, or as many bytes as a binary one held (a pattern). */
function bytesOf(recorded: string): Uint8Array {
  const binary = BINARY.exec(recorded);
  if (binary === null) return new TextEncoder().encode(recorded);
  return Uint8Array.from({ length: Number(binary[1]) }, (_, i) => (i * 31 + 7) % 256);
}

/**
 * What the recorded server generated and modelreg generates differently (run ids, run names,
 * experiment ids), learned from the answers that create them and replaced in what follows.
 */
class IdMap {
  private readonly pairs = new Map<string, string>();

  learn(recorded: unknown, ours: unknown): void {
    if (typeof recorded === 'string' && typeof ours === 'string' && recorded !== ours)
      this.pairs.set(recorded, ours);
  }

  /** Replaces every recorded value (run ids and names anywhere; an experiment id as a whole value). */
  apply(text: string): string {
    let result = text;
    for (const [from, to] of this.pairs) {
      result = /^[0-9]+$/.test(from)
        ? result
            .replaceAll(`"${from}"`, `"${to}"`)
            .replace(new RegExp(`([=:/])${from}(?=[/&%]|$)`, 'g'), `$1${to}`)
        : result.replaceAll(from, to);
    }
    return result;
  }
}

/** Learns the ids an answer creates: an experiment's id, a run's id and name. */
function learnIds(ids: IdMap, recorded: Record<string, unknown>, ours: Record<string, unknown>): void {
  ids.learn(recorded['experiment_id'], ours['experiment_id']);
  const info = (body: Record<string, unknown>) =>
    ((body['run'] as Record<string, unknown> | undefined)?.['info'] ?? {}) as Record<string, unknown>;
  for (const key of ['run_id', 'run_name']) ids.learn(info(recorded)[key], info(ours)[key]);
}

/** Lists of tags (`{key, value}`) in key order: the database keeps properties in its own order. */
function byKey(list: unknown[]): unknown[] {
  const keyed = list.every(
    (item) => typeof item === 'object' && item !== null && 'key' in item && !('step' in item),
  );
  return keyed
    ? [...list].sort((a, b) =>
        String((a as { key: string }).key).localeCompare(String((b as { key: string }).key)),
      )
    : list;
}

function compareShape(expected: unknown, actual: unknown, path: string, problems: string[]): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      problems.push(`${path}: expected a list of ${expected.length}, got ${JSON.stringify(actual)}`);
      return;
    }
    const [want, got] = [byKey(expected), byKey(actual)];
    want.forEach((item, i) => compareShape(item, got[i], `${path}[${i}]`, problems));
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      problems.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    const got = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected))
      compareShape(value, got[key], `${path}.${key}`, problems);
    for (const key of Object.keys(got)) {
      if (!(key in expected) && !ADDED_KEYS.has(key)) problems.push(`${path}.${key}: not in MLflow's answer`);
    }
    return;
  }
  if (typeof expected !== typeof actual) {
    problems.push(`${path}: expected a ${typeof expected}, got ${JSON.stringify(actual)}`);
    return;
  }
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (typeof expected === 'string' && !FREE_STRINGS.has(key) && expected !== actual) {
    problems.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Puts or gets one file through the artifact proxy; what differs from the recorded exchange. */
async function replayFile(api: RegistryHarness, exchange: Exchange, ids: IdMap): Promise<string | undefined> {
  const body = exchange.method === 'PUT' ? bytesOf(exchange.requestBody) : undefined;
  // MLflow's client puts a file with its Content-Length (requests sets it from the file's size).
  const headers = body === undefined ? undefined : { 'content-length': String(body.length) };
  const response = await api.bytes(exchange.method, ids.apply(exchange.url), body, headers);
  if (response.status !== exchange.status)
    return `status ${response.status}, expected ${exchange.status}: ${JSON.stringify(response.body)}`;
  const expected =
    exchange.method === 'PUT' ? new TextEncoder().encode('{}') : bytesOf(exchange.responseBody);
  if (exchange.method === 'PUT') {
    return JSON.stringify(response.body) === '{}' ? undefined : `answered ${JSON.stringify(response.body)}`;
  }
  return Buffer.from(response.bytes).equals(Buffer.from(expected))
    ? undefined
    : `${response.bytes.length} bytes differ from the ${expected.length} recorded`;
}

describeEachDatabase('the MLflow 2.7.1 client trace, replayed', (api) => {
  it('answers every exchange with the recorded status and structure', async () => {
    const failures: string[] = [];
    const ids = new IdMap();
    for (const [index, exchange] of TRACE.entries()) {
      // Each change gets its own time, as the recorded server's did (ordering by update time).
      api().advanceClock(5);
      if (isArtifactFile(exchange)) {
        const problem = await replayFile(api(), exchange, ids);
        if (problem !== undefined)
          failures.push(`#${index} ${exchange.method} ${exchange.url}\n  ${problem}`);
        continue;
      }
      const body = exchange.requestBody === '' ? undefined : ids.apply(exchange.requestBody);
      const response = await api().request<Record<string, unknown>>(
        exchange.method,
        ids.apply(exchange.url),
        body,
      );
      const recorded = JSON.parse(exchange.responseBody) as Record<string, unknown>;
      learnIds(ids, recorded, response.body);
      const expected = DEVIATIONS[index] ?? {
        status: exchange.status,
        body: JSON.parse(ids.apply(exchange.responseBody)) as unknown,
      };
      const problems: string[] = [];
      if (response.status !== expected.status) {
        problems.push(`status ${response.status}, expected ${expected.status}`);
      }
      compareShape(expected.body, response.body, '$', problems);
      if (problems.length > 0) {
        failures.push(`#${index} ${exchange.method} ${exchange.url}\n  ${problems.join('\n  ')}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
