import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type Page = { items: Entity[]; nextPageToken: string };

describeEachDatabase('the audit trail', (api) => {
  const events = async (query = '') => {
    const all: Entity[] = [];
    let token = '';
    do {
      const page = await api().get<Page>(`audit_events?pageSize=100${query}&nextPageToken=${token}`);
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      token = page.body.nextPageToken;
    } while (token !== '');
    return all;
  };

  it('holds exactly one event per successful mutation, with the change, in order, and verifies', async () => {
    const before = (await events()).length;
    const model = await api().post<Entity>('registered_models', { name: 'audited', owner: 'alice' });
    await api().patch(`registered_models/${model.body.id}`, { description: 'first', owner: 'bob' });
    const version = await api().post<Entity>('model_versions', {
      name: 'v1',
      registeredModelId: model.body.id,
    });
    await api().post(`model_versions/${version.body.id}/artifacts`, {
      artifactType: 'model-artifact',
      uri: 's3://a',
    });
    expect((await api().post('registered_models', { name: 'audited' })).status).toBe(409);
    expect((await api().patch(`registered_models/${model.body.id}`, { state: 'GONE' })).status).toBe(400);
    await api().del(`model_versions/${version.body.id}`);
    const after = await events();
    expect(after.length - before).toBe(5);

    const trail = await events(`&entityType=registeredModel&entityId=${model.body.id}`);
    expect(trail.map((e) => e['action'])).toEqual(['update registeredModel', 'create registeredModel']);
    const update = JSON.parse(String(trail[0]?.['detail'])) as { before: object; after: object };
    expect(update).toEqual({
      before: { description: null, owner: 'alice' },
      after: { description: 'first', owner: 'bob' },
    });
    expect(trail[0]).toMatchObject({ actor: 'anonymous', actorMethod: 'none', outcome: 'success' });
    expect(trail[0]?.['requestId']).toMatch(/.+/);
    const deletion = await events(`&action=${encodeURIComponent('delete modelVersion')}`);
    expect(deletion.map((e) => e['entityId'])).toEqual([version.body.id]);

    const check = await api().get('audit_events/verify');
    expect(check.body).toEqual({ valid: true, events: after.length });
  });

  it("keeps the chain's head on the last event of a transaction that appends several, and moves nothing for one refused", async () => {
    const head = async () =>
      (
        await sql<{
          last_hash: string;
          last_time: number | string;
        }>`select last_hash, last_time from audit_head where id = 1`.execute(api().database())
      ).rows[0];
    const registration = (model: string) => ({
      registeredModel: { name: model },
      modelVersion: { name: 'v1', externalId: 'chained-v1' },
      modelArtifact: { name: 'model', uri: `s3://${model}/v1` },
    });
    // A model, a version and an artifact: three events in one transaction.
    const before = (await events()).length;
    expect((await api().post('registrations', registration('chained'))).status).toBe(201);
    const [newest, second, third] = await events();
    expect((await events()).length - before).toBe(3);
    expect(second?.['hash']).toBe(newest?.['prevHash']);
    expect(third?.['hash']).toBe(second?.['prevHash']);
    const moved = await head();
    expect(moved?.last_hash).toBe(newest?.['hash']);
    expect(Number(moved?.last_time)).toBe(Number(newest?.['timeSinceEpoch']));

    // Refused once its new model's event is written (the version's external id is taken): rolled back whole.
    expect((await api().post('registrations', registration('chained-again'))).status).toBe(409);
    expect((await api().get('registered_model?name=chained-again')).status).toBe(404);
    expect(await head()).toEqual(moved);
    expect((await events()).length - before).toBe(3);

    const next = await api().post<Entity>('experiments', { name: 'after-the-chain' });
    const [appended] = await events(`&entityType=experiment&entityId=${next.body.id}`);
    expect(appended?.['prevHash']).toBe(newest?.['hash']);
    expect((await head())?.last_hash).toBe(appended?.['hash']);
    expect((await api().get<{ valid: boolean }>('audit_events/verify')).body.valid).toBe(true);
  });

  it('filters by time range and pages newest first', async () => {
    const since = Date.now();
    for (let i = 0; i < 3; i++) await api().post('experiments', { name: `timed-${i}` });
    const recent = await events(`&since=${since}&entityType=experiment`);
    expect(recent).toHaveLength(3);
    expect(recent.map((e) => Number(e['id']))).toEqual(
      [...recent.map((e) => Number(e['id']))].sort((a, b) => b - a),
    );
    expect(await events(`&until=${since}&entityType=experiment&since=${since - 1}`)).toEqual([]);
    expect((await api().get('audit_events?since=yesterday')).status).toBe(400);
  });

  it('reports the exact event that was changed, deleted or moved in the database', async () => {
    for (let i = 0; i < 4; i++) await api().post('serving_environments', { name: `env-${i}` });
    const ids = (await events()).map((e) => Number(e['id'])).sort((a, b) => a - b);
    const [first, second, third] = ids.slice(-4) as [number, number, number];
    const db = api().database();
    const verify = async () =>
      (await api().get<{ valid: boolean; firstBrokenId?: number }>('audit_events/verify')).body;

    await sql`update audit_event set actor = 'mallory' where id = ${second}`.execute(db);
    expect(await verify()).toMatchObject({ valid: false, firstBrokenId: second });
    await sql`update audit_event set actor = 'anonymous' where id = ${second}`.execute(db);
    expect((await verify()).valid).toBe(true);

    // Reordering: two events swap their contents (ids stay in place).
    const rows = await sql<
      Record<string, unknown>
    >`select * from audit_event where id in (${first}, ${second}) order by id`.execute(db);
    const [a, b] = rows.rows as [Record<string, unknown>, Record<string, unknown>];
    const swap = async (target: number, from: Record<string, unknown>) =>
      sql`update audit_event set action = ${from['action']}, entity_id = ${from['entity_id']}, event_time = ${from['event_time']}, request_id = ${from['request_id']}, detail = ${from['detail']}, prev_hash = ${from['prev_hash']}, hash = ${from['hash']} where id = ${target}`.execute(
        db,
      );
    await swap(first, b);
    await swap(second, a);
    expect(await verify()).toMatchObject({ valid: false, firstBrokenId: first });
    await swap(first, a);
    await swap(second, b);
    expect((await verify()).valid).toBe(true);

    await sql`delete from audit_event where id = ${second}`.execute(db);
    expect(await verify()).toMatchObject({ valid: false, firstBrokenId: third });
  });
});
