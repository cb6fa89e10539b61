import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { aModelVersion, aRegisteredModel, unique } from '../support/builders.js';
import { BASE } from '../support/registry-harness.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };

describeEachDatabase('bad input and concurrency', (api, target) => {
  it('rejects malformed bodies with 400 naming what is wrong, and stores nothing', async () => {
    const before = (await api().get<List>('registered_models')).body.items.length;
    const cases: [unknown, string][] = [
      ['{"name": ', 'JSON'],
      ['[1,2]', 'object'],
      ['', 'body'],
      [{ name: 'x', colour: 'red' }, 'colour'],
      [{ name: '' }, 'name'],
      [{ name: 5 }, 'name'],
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ name: 'ok', state: 'GONE' }, 'state'],
      [
        { name: 'ok', customProperties: { a: { metadataType: 'MetadataColourValue', colour_value: 'red' } } },
        'customProperties.a',
      ],
      [
        {
          name: 'ok',
          customProperties: { a: { metadataType: 'MetadataStringValue', string_value: 's', extra: 1 } },
        },
        'extra',
      ],
      [{ name: 'ok', language: 'en' }, 'language'],
      [{ name: 'nul\u0000byte' }, 'NUL'],
      [
        {
          name: 'ok',
          customProperties: { 'k\u0000': { metadataType: 'MetadataStringValue', string_value: 's' } },
        },
        'NUL',
      ],
      [{ name: 'ok', description: 'a\u0000b' }, 'description'],
      // A lone surrogate (JSON's \ud800 escape) is no Unicode: every driver would store U+FFFD.
      [{ name: 'lone\ud800' }, 'lone UTF-16 surrogate'],
      [{ name: 'ok', description: 'low \udc00 first' }, 'field description'],
      [
        {
          name: 'ok',
          customProperties: {
            '\ud800': { metadataType: 'MetadataStringValue', string_value: 'a' },
            '\udbff': { metadataType: 'MetadataStringValue', string_value: 'b' },
          },
        },
        'field customProperties.',
      ],
    ];
    for (const [body, word] of cases) {
      const response = await api().post('registered_models', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body['code']).toBe('Bad Request');
      expect(String(response.body['message']), JSON.stringify(body)).toContain(word);
    }
    expect((await api().get<List>('registered_models')).body.items.length).toBe(before);
  });

  it('rejects malformed ids and parameters anywhere with 400, and unknown ids with 404', async () => {
    for (const path of [
      'registered_models/abc',
      'registered_models/0',
      'registered_models/01',
      'registered_models/1234567890',
      'experiments/-1',
      'serve_models/x',
      'inference_services/x/version',
    ]) {
      const response = await api().get(path);
      expect(response.status, path).toBe(400);
    }
    expect((await api().patch('model_versions/abc', { author: 'x' })).status).toBe(400);
    expect((await api().get(`registered_models?name=${encodeURIComponent('a\u0000b')}`)).status).toBe(400);
    expect((await api().get(`registered_model?name=${encodeURIComponent('a\u0000b')}`)).status).toBe(400);
    expect(
      (await api().get(`registered_models?filterQuery=${encodeURIComponent("name = 'a\u0000'")}`)).status,
    ).toBe(400);
    for (const path of [
      'registered_models/987654321',
      'model_versions/987654321',
      'artifacts/987654321',
      'model_artifacts/987654321',
      'experiments/987654321',
      'experiment_runs/987654321',
      'serving_environments/987654321',
      'inference_services/987654321',
      'serve_models/987654321',
    ]) {
      const response = await api().get(path);
      expect(response.status, path).toBe(404);
      expect(response.body['code']).toBe('Not Found');
      expect(String(response.body['message'])).toContain('987654321');
    }
    expect((await api().patch('registered_models/987654321', { owner: 'x' })).status).toBe(404);
    expect((await api().del('experiment_runs/987654321')).status).toBe(404);
    const unknown = await api().request('GET', `${BASE}/no_such_thing`);
    expect(unknown.status).toBe(404);
  });

  it('keeps names exact on every engine: case and trailing spaces make different names', async () => {
    const name = unique('Exact');
    for (const variant of [name, `${name} `, name.toLowerCase()]) {
      expect((await api().post('registered_models', { name: variant })).status, JSON.stringify(variant)).toBe(
        201,
      );
    }
    const found = await api().get<Entity>(`registered_model?name=${encodeURIComponent(name)}`);
    expect(found.body.name).toBe(name);
    const spaced = await api().get<Entity>(`registered_model?name=${encodeURIComponent(`${name} `)}`);
    expect(spaced.body.name).toBe(`${name} `);
  });

  it('stores long texts and unicode whole, and refuses a body over the size limit with 413', async () => {
    const readme = `# Modèle 模型 🚀\n${'x'.repeat(200_000)}`;
    const created = await api().post<Entity>(
      'registered_models',
      aRegisteredModel({ readme, description: 'ünï' }),
    );
    expect(created.status).toBe(201);
    const fetched = await api().get<Entity>(`registered_models/${created.body.id}`);
    expect(fetched.body['readme']).toBe(readme);
    expect(fetched.body['description']).toBe('ünï');
    const before = (await api().get<List>('registered_models')).body.items.length;
    const huge = await api().post('registered_models', {
      name: unique('huge'),
      description: 'y'.repeat(17 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(huge.body['errorCode']).toBe('BODY_TOO_LARGE');
    expect((await api().get<List>('registered_models')).body.items.length).toBe(before);
  });

  it('gives exactly one 201 and 49 409s for 50 concurrent creates of one name', async () => {
    const name = unique('race');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => api().post('registered_models', { name })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const matching = await api().get<List>(
      `registered_models?filterQuery=${encodeURIComponent(`name = '${name}'`)}`,
    );
    expect(matching.body.items).toHaveLength(1);
  });

  it('gives exactly one 201 for 50 concurrent creates of one version name in one model', async () => {
    const model = (await api().post<Entity>('registered_models', aRegisteredModel())).body;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        api().post('model_versions', aModelVersion(model.id, { name: '1.0.0' })),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });

  it('reads a list page in a fixed number of queries, whatever the number of rows', async () => {
    const experiment = (await api().post<Entity>('experiments', { name: unique('exp') })).body;
    const count = async (n: number) => {
      const run = (await api().post<Entity>('experiment_runs', { experimentId: experiment.id })).body;
      for (let i = 0; i < n; i++) {
        await api().post(`experiment_runs/${run.id}/artifacts`, {
          artifactType: 'parameter',
          name: `p${i}`,
          value: String(i),
          customProperties: { i: { metadataType: 'MetadataIntValue', int_value: String(i) } },
        });
      }
      const before = api().queryCount();
      const page = await api().get<List>(`experiment_runs/${run.id}/artifacts?pageSize=100`);
      expect(page.body.items).toHaveLength(n);
      return api().queryCount() - before;
    };
    const few = await count(2);
    const many = await count(40);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(6);
  });

  it('reads a page with rows in no more statements than an empty one: the rows show their parent exists', async () => {
    const statementsFor = async (path: string) => {
      const before = api().queryCount();
      const page = await api().get<List>(path);
      expect(page.status).toBe(200);
      return { size: page.body.items.length, statements: api().queryCount() - before };
    };
    const empty = (await api().post<Entity>('registered_models', aRegisteredModel())).body;
    const full = (await api().post<Entity>('registered_models', aRegisteredModel())).body;
    for (let i = 0; i < 3; i++) {
      await api().post(`registered_models/${full.id}/versions`, {
        ...aModelVersion(full.id),
        customProperties: { i: { metadataType: 'MetadataIntValue', int_value: String(i) } },
      });
    }
    const none = await statementsFor(`registered_models/${empty.id}/versions?pageSize=2`);
    const some = await statementsFor(`registered_models/${full.id}/versions?pageSize=2`);
    expect([none.size, some.size]).toEqual([0, 2]);
    expect(some.statements).toBe(none.statements);
    // And an absent parent is still told from an empty one.
    const absent = await api().get(`registered_models/${Number(full.id) + 1_000_000}/versions`);
    expect(absent.status).toBe(404);
  });

  it.skipIf(target === 'sqlite')(
    "refuses an artifact, writing nothing, whose version is deleted while its create waits for the model's lock",
    async () => {
      const model = (await api().post<Entity>('registered_models', aRegisteredModel())).body;
      const version = (await api().post<Entity>('model_versions', aModelVersion(model.id))).body;
      const db = api().database();
      const events = async () => (await api().get<List>('audit_events?pageSize=1000')).body.items.length;
      const before = await events();
      // The create's lock statement under way: waiting for the lock, as PostgreSQL reports it;
      // running, on MySQL (MariaDB waits for a row it reads while planning, and reports the
      // transaction as running then).
      const waiting = async () => {
        const query =
          target === 'postgres'
            ? sql<{ n: string }>`select count(*) as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'
                  and query like '%registered_model%for update%'`
            : sql<{ n: string }>`select count(*) as n from information_schema.processlist
                where db = database() and id <> connection_id() and info like '%registered_model%for update'`;
        return Number((await query.execute(db)).rows[0]?.n);
      };
      const held = await db.transaction().execute(async (trx) => {
        // The model's lock, as a version's delete takes it (ADR 15).
        await trx
          .selectFrom('registered_model')
          .select('id')
          .where('id', '=', Number(model.id))
          .forUpdate()
          .execute();
        const pending = api().post(`model_versions/${version.id}/artifacts`, {
          artifactType: 'model-artifact',
          name: 'model',
          uri: 's3://bucket/model',
        });
        // The create has found the version and waits for the lock (or has answered: a failure).
        // Each look is a query to the engine, which paces the loop: no timer.
        let answered: unknown;
        void pending.then((answer) => (answered = answer));
        while ((await waiting()) === 0) {
          if (answered !== undefined)
            throw new Error(`the create answered without waiting: ${JSON.stringify(answered)}`);
        }
        await trx.deleteFrom('model_version').where('id', '=', Number(version.id)).execute();
        return { pending };
      });
      const answer = await held.pending;
      expect(answer.status, JSON.stringify(answer.body)).toBe(409);
      expect(String(answer.body['errorCode'])).toMatch(/_REFERENCE_CONFLICT$/);
      const artifacts = await db
        .selectFrom('artifact')
        .select('id')
        .where('model_version_id', '=', Number(version.id))
        .execute();
      expect(artifacts).toEqual([]);
      expect(await events()).toBe(before);
    },
  );

  it('answers reads while another connection holds a write transaction open', async () => {
    const model = (await api().post<Entity>('registered_models', aRegisteredModel())).body;
    const version = (await api().post<Entity>('model_versions', aModelVersion(model.id))).body;
    const answers = await api()
      .database()
      .transaction()
      .execute(async (trx) => {
        // SQLite: the transaction holds the database's write lock from its BEGIN IMMEDIATE;
        // PostgreSQL and MySQL: the model's row is locked by the update.
        await trx
          .updateTable('registered_model')
          .set({ description: 'held' })
          .where('id', '=', Number(model.id))
          .execute();
        return {
          versions: await api().get<List>(`registered_models/${model.id}/versions`),
          version: await api().get<Entity>(`model_versions/${version.id}`),
          model: await api().get<Entity>(`registered_models/${model.id}`),
        };
      });
    expect([answers.versions.status, answers.version.status, answers.model.status]).toEqual([200, 200, 200]);
    expect(answers.versions.body.items.map((v) => v.id)).toEqual([version.id]);
    // What the open transaction wrote is not seen before it commits.
    expect(answers.model.body['description']).toBe(model['description']);
  });
});
