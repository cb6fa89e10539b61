import { DefaultQueryCompiler, sql } from 'kysely';
import { expect, it, vi } from 'vitest';
import { ANSWERED_LATER } from '../../packages/server/src/adapters/sql/dialects/sql-dialect.js';
import { checkCompiledStatements } from '../../packages/server/src/adapters/sql/shared/compiled-statement.js';
import { boolProperty, doubleProperty, intProperty, stringProperty, unique } from '../support/builders.js';
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

  it("POST model_versions/{id}/artifacts finds the version's model and takes its lock in one read where the engine can", async () => {
    const model = await api().post<{ id: string }>('registered_models', { name: unique('model') });
    const version = await api().post<{ id: string }>('model_versions', {
      name: 'v1',
      registeredModelId: model.body.id,
    });
    let status = 0;
    const statements = await api().sqlDuring(async () => {
      const created = await api().post(`model_versions/${version.body.id}/artifacts`, {
        artifactType: 'model-artifact',
        name: 'model',
        uri: 's3://bucket/v1',
      });
      status = created.status;
    });
    expect(status).toBe(201);
    const insert = statements.findIndex((sql) => /^\s*insert into [`"]?artifact\b/i.test(sql));
    const reads = statements.slice(0, insert).filter((sql) => /^\s*select\b/i.test(sql));
    if (target === 'mysql') {
      // MariaDB's FOR UPDATE would lock the version's row too, before its model's: read, then lock.
      expect(reads).toHaveLength(2);
      expect(reads[0]).toMatch(/from `model_version`/);
      expect(reads[1]).toMatch(/from `registered_model` where .* for update$/);
    } else {
      // The version joined to its model; PostgreSQL locks the model's row alone, SQLite's BEGIN
      // IMMEDIATE holds every lock.
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatch(/from "model_version" inner join "registered_model"/);
      if (target === 'postgres') expect(reads[0]).toMatch(/for update of "registered_model"$/);
      else expect(reads[0]).not.toMatch(/for update/);
    }
  });

  it("POST registrations touches its model's update time once", async () => {
    const model = unique('model');
    const register = (version: string) =>
      api().post('registrations', {
        registeredModel: { name: model },
        modelVersion: { name: version },
        modelArtifact: { name: 'model', uri: `s3://bucket/${version}` },
      });
    expect((await register('v1')).status).toBe(201);
    let status = 0;
    const statements = await api().sqlDuring(async () => {
      status = (await register('v2')).status;
    });
    expect(status).toBe(201);
    // The version's and the artifact's creation both touch it, at the same time, under its lock:
    // the second would change nothing (on PostgreSQL the first is answered later, unread).
    const touches = statements.filter((sql) =>
      /update [`"]registered_model[`"] set [`"]last_update_time[`"]/.test(sql),
    );
    expect(touches).toHaveLength(1);
  });

  it('POST registrations reads no version before its insert, writes its audit events in one insert, and a taken name leaves nothing', async () => {
    const model = unique('model');
    const register = (version: string, uri = `s3://bucket/${version}`) =>
      api().post<{ message?: string; errorCode?: string }>('registrations', {
        registeredModel: { name: model },
        modelVersion: { name: version, customProperties: properties() },
        modelArtifact: { name: 'model', uri },
      });
    expect((await register('v1')).status).toBe(201);
    let answer: { status: number } | undefined;
    const statements = await api().sqlDuring(async () => {
      answer = await register('v2');
    });
    expect(answer?.status).toBe(201);
    // The name's uniqueness is the store's constraint's to decide: no read of a version by name
    // (MySQL, without RETURNING, reads the inserted version back by id).
    const byName = /^\s*select\b[\s\S]*\bfrom [`"]?model_version\b[\s\S]*[`"]?\bname[`"]? = /i;
    expect(statements.filter((sql) => byName.test(sql))).toEqual([]);
    // The version's and the artifact's events: one insert at the transaction's end, after the
    // artifact's (the chain's head is locked there, not at the first event).
    const auditInserts = statements.filter((sql) => /\binsert into [`"]?audit_event\b/i.test(sql));
    expect(auditInserts).toHaveLength(1);
    if (target === 'postgres') {
      // PostgreSQL 11+ chains the events in the statement that locks the head: no other statement on it.
      expect(auditInserts[0]).toMatch(/\bsha256\(/);
      expect(statements.filter((sql) => /\baudit_head\b/.test(sql))).toEqual(auditInserts);
    }
    const artifactInsert = statements.findIndex((sql) => /^\s*insert into [`"]?artifact\b/i.test(sql));
    expect(artifactInsert).toBeGreaterThan(-1);
    expect(statements.indexOf(auditInserts[0] as string)).toBeGreaterThan(artifactInsert);

    // The newest event (newest first).
    const events = async () =>
      (await api().get<{ items: { id: string }[] }>('audit_events?pageSize=1')).body.items[0]?.id;
    const before = await events();
    const id = await modelId(model);
    const modelBefore = (await api().get<object>(`registered_models/${id}`)).body;
    const taken = await register('v1', 's3://bucket/other');
    expect(taken.status).toBe(409);
    expect(taken.body.errorCode).toBe('MODEL_VERSION_ALREADY_EXISTS');
    expect(taken.body.message).toBe(`version 'v1' of model '${model}' already exists`);
    // Nothing of it stays: no event, the model untouched, the versions as they were.
    expect(await events()).toBe(before);
    expect((await api().get<object>(`registered_models/${id}`)).body).toEqual(modelBefore);
    const versions = await api().get<{ items: { name: string }[] }>(`registered_models/${id}/versions`);
    expect(versions.body.items.map((version) => version.name).sort()).toEqual(['v1', 'v2']);
    expect((await api().get<{ valid: boolean }>('audit_events/verify')).body.valid).toBe(true);
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

  it('sends the writes whose answers it does not read with the next statement, where the engine can (PostgreSQL)', async () => {
    const model = await api().post<{ id: string }>('registered_models', { name: unique('model') });
    let versionId = '';
    const version = await api().sqlDuring(async () => {
      const created = await api().post<{ id: string }>('model_versions', {
        name: 'v1',
        registeredModelId: model.body.id,
        customProperties: properties(),
      });
      expect(created.status).toBe(201);
      versionId = created.body.id;
    });
    let artifactBody = { createTimeSinceEpoch: '' };
    const artifact = await api().sqlDuring(async () => {
      const created = await api().post<typeof artifactBody>(`model_versions/${versionId}/artifacts`, {
        artifactType: 'model-artifact',
        name: 'model',
        uri: 's3://bucket/v1',
      });
      expect(created.status).toBe(201);
      artifactBody = created.body;
    });
    const later = (statements: readonly string[]) =>
      statements
        .filter((sql) => sql.startsWith(ANSWERED_LATER))
        .map((sql) =>
          /\binsert into audit_event\b/.test(sql)
            ? 'audit append'
            : /^\S+ \S+ \S+ \S+ (update "\w+" set "\w+"|insert into "\w+")/.exec(sql)?.[1],
        );
    if (target !== 'postgres') {
      expect([...later(version), ...later(artifact)]).toEqual([]);
      return;
    }
    // The model's update time, the version's custom properties and the model's version summary;
    // the version's and the model's update times; each request's audit events (the COMMIT answers
    // for them).
    expect(later(version)).toEqual([
      'update "registered_model" set "last_update_time"',
      'insert into "custom_property"',
      'update "registered_model" set "stage_rank"',
      'audit append',
    ]);
    expect(later(artifact)).toEqual([
      'update "model_version" set "last_update_time"',
      'update "registered_model" set "last_update_time"',
      'audit append',
    ]);
    expect(version.at(-1)).toBe('commit');
    expect(artifact.at(-1)).toBe('commit');
    // Round trips: every statement but those and the BEGIN (sent with the statement after it).
    const roundTrips = (statements: readonly string[]) =>
      statements.filter((sql) => !sql.startsWith(ANSWERED_LATER) && !/^\s*begin\b/i.test(sql)).length;
    expect([roundTrips(version), roundTrips(artifact)]).toEqual([3, 3]);
    // What they wrote is there: the times moved with the artifact's creation.
    type Times = { createTimeSinceEpoch: string; lastUpdateTimeSinceEpoch: string };
    const created = Number(artifactBody.createTimeSinceEpoch);
    const stored = await api().get<Times>(`model_versions/${versionId}`);
    expect(Number(stored.body.lastUpdateTimeSinceEpoch)).toBe(created);
    const parent = await api().get<Times>(`registered_models/${model.body.id}`);
    expect(Number(parent.body.lastUpdateTimeSinceEpoch)).toBe(created);
  });

  it("answers a new entity's custom properties as a later read of them answers (on PostgreSQL they are not waited for)", async () => {
    const awkward = {
      tenth: doubleProperty(0.1),
      negativeZero: doubleProperty(-0),
      largest: doubleProperty(1.7976931348623157e308),
      smallest: doubleProperty(5e-324),
      count: intProperty('-999999999'),
      zero: intProperty('0'),
      text: stringProperty("quote ' backslash \\ emoji 🧪 combining é rtl שלום line\u2028sep"),
      label: stringProperty(''),
      flag: boolProperty(false),
      struct: { metadataType: 'MetadataStructValue', struct_value: 'eyJhIjoxfQ==' },
      proto: { metadataType: 'MetadataProtoValue', type: 'pkg.Message', proto_value: 'CgRhYmNk' },
      'name with spaces and ✓': stringProperty('x'),
    };
    type Created = { id: string; customProperties: Record<string, unknown> };
    const same = async (created: { status: number; body: Created }, path: string) => {
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const read = await api().get<Created>(`${path}/${created.body.id}`);
      expect(created.body.customProperties).toStrictEqual(read.body.customProperties);
      expect(Object.keys(read.body.customProperties).sort()).toEqual(Object.keys(awkward).sort());
    };
    const model = await api().post<Created>('registered_models', {
      name: unique('model'),
      customProperties: awkward,
    });
    await same(model, 'registered_models');
    const version = await api().post<Created>('model_versions', {
      name: 'v1',
      registeredModelId: model.body.id,
      customProperties: awkward,
    });
    await same(version, 'model_versions');
    const artifact = await api().post<Created>(`model_versions/${version.body.id}/artifacts`, {
      artifactType: 'model-artifact',
      name: 'model',
      uri: 's3://bucket/v1',
      customProperties: awkward,
    });
    await same(artifact, 'artifacts');
    const replaced = await api().patch<Created>(`model_versions/${version.body.id}`, {
      customProperties: { ...awkward, tenth: doubleProperty(0.2) },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.customProperties['tenth']).toEqual(doubleProperty(0.2));
    const registered = await api().post<{ modelVersion: Created; registeredModel: Created }>(
      'registrations',
      {
        registeredModel: { name: unique('model'), customProperties: awkward },
        modelVersion: { name: 'v1', customProperties: awkward },
      },
    );
    await same({ status: registered.status, body: registered.body.registeredModel }, 'registered_models');
    await same({ status: 201, body: registered.body.modelVersion }, 'model_versions');
  });

  it.skipIf(target !== 'postgres')(
    'fails the request and writes nothing when a property insert sent with the next statement fails (PostgreSQL)',
    async () => {
      const db = api().database();
      // A failure no input can cause: the database refuses one property name.
      await sql`create function refuse_property() returns trigger language plpgsql as $$
        begin raise exception 'property refused by the test'; end $$`.execute(db);
      await sql`create trigger refuse_property before insert on custom_property for each row
        when (new.name = 'refused') execute function refuse_property()`.execute(db);
      try {
        const model = await api().post<{ id: string }>('registered_models', { name: unique('model') });
        const events = async () =>
          (await api().get<{ size: number }>('audit_events?pageSize=1000')).body.size;
        const propertyRows = async () =>
          Number(
            (await sql<{ n: string }>`select count(*) as n from custom_property`.execute(db)).rows[0]?.n,
          );
        const before = await events();
        const rowsBefore = await propertyRows();
        const answer = await api().post('model_versions', {
          name: 'v1',
          registeredModelId: model.body.id,
          customProperties: { accuracy: doubleProperty(0.9), refused: stringProperty('x') },
        });
        expect(answer.status).toBe(500);
        const versions = await api().get<{ size: number }>(`registered_models/${model.body.id}/versions`);
        expect(versions.body.size).toBe(0);
        expect(await events()).toBe(before);
        expect(await propertyRows()).toBe(rowsBefore);
      } finally {
        await sql`drop trigger refuse_property on custom_property`.execute(db);
        await sql`drop function refuse_property()`.execute(db);
      }
    },
  );
});
