import { DefaultQueryCompiler } from 'kysely';
import { expect, it, vi } from 'vitest';
import { checkCompiledStatements } from '../../packages/server/src/adapters/sql/shared/compiled-statement.js';
import { doubleProperty, stringProperty, unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

// Issue 21 (CPU per write request): once a write path has run, it runs the statements Kysely
// compiled then, and builds no query tree (docs/adr/0023-write-path-and-group-commit.md).

/** The SQL of every statement Kysely compiled while `work` ran. */
async function compiledDuring(work: () => Promise<void>): Promise<string[]> {
  // The test setup's check compiles each reuse again; here only the store's own compiling counts.
  checkCompiledStatements(false);
  const compile = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
  try {
    await work();
    return compile.mock.results.map((result) => (result.value as { sql: string }).sql);
  } finally {
    compile.mockRestore();
    checkCompiledStatements();
  }
}

const properties = () => ({ accuracy: doubleProperty(0.9), framework: stringProperty('onnx') });

describeEachDatabase('a write path that ran before', (api, target) => {
  const modelId = async (name: string) =>
    (await api().get<{ id: string }>(`registered_model?name=${encodeURIComponent(name)}`)).body.id;

  it('POST registrations into an existing model compiles no statement', async () => {
    const model = unique('model');
    const register = async (version: string) => {
      const response = await api().post('registrations', {
        registeredModel: { name: model },
        modelVersion: { name: version, author: 'alice', customProperties: properties() },
        modelArtifact: { name: 'model', uri: `s3://bucket/${version}`, modelFormatName: 'onnx' },
      });
      expect(response.status).toBe(201);
    };
    await register('v1');
    await register('v2');
    expect(await compiledDuring(() => register('v3'))).toEqual([]);
    const versions = await api().get<{ items: { name: string }[] }>(
      `registered_models/${await modelId(model)}/versions`,
    );
    expect(versions.body.items.map((version) => version.name).sort()).toEqual(['v1', 'v2', 'v3']);
  });

  it('POST registrations into an existing model reads its model once where that read can take its lock', async () => {
    const model = unique('model');
    const register = async (version: string) =>
      api().post('registrations', {
        registeredModel: { name: model },
        modelVersion: { name: version, customProperties: properties() },
        modelArtifact: { name: 'model', uri: `s3://bucket/${version}` },
      });
    expect((await register('v1')).status).toBe(201);
    let answer: { status: number } | undefined;
    const statements = await api().sqlDuring(async () => {
      answer = await register('v2');
    });
    expect(answer?.status).toBe(201);
    const modelReads = statements.filter((sql) =>
      /^\s*select\b[\s\S]*\bfrom [`"]?registered_model\b/i.test(sql),
    );
    if (target === 'mysql') {
      // InnoDB's locking read of a missing name would lock the gap: read, then lock by id.
      expect(modelReads).toHaveLength(2);
      expect(modelReads[1]).toMatch(/for update/i);
    } else {
      // PostgreSQL: one SELECT … FOR UPDATE by name; SQLite: the BEGIN IMMEDIATE holds every lock.
      expect(modelReads).toHaveLength(1);
      expect(modelReads[0]).toMatch(/"name" = /);
      if (target === 'postgres') expect(modelReads[0]).toMatch(/for update$/i);
    }
  });

  it('POST model_versions and POST model_versions/{id}/artifacts compile no statement', async () => {
    const model = await api().post<{ id: string }>('registered_models', { name: unique('model') });
    const register = async (version: string) => {
      const created = await api().post<{ id: string }>('model_versions', {
        name: version,
        registeredModelId: model.body.id,
        author: 'alice',
        customProperties: properties(),
      });
      expect(created.status).toBe(201);
      const artifact = await api().post(`model_versions/${created.body.id}/artifacts`, {
        artifactType: 'model-artifact',
        name: 'model',
        uri: `s3://bucket/${version}`,
        modelFormatName: 'onnx',
      });
      expect(artifact.status).toBe(201);
    };
    await register('v1');
    await register('v2');
    expect(await compiledDuring(() => register('v3'))).toEqual([]);
  });
});
