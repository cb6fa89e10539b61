import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[]; size: number; pageSize: number; nextPageToken: string };

const FIELD = {
  ID: (e: Entity) => Number(e.id),
  CREATE_TIME: (e: Entity) => Number(e['createTimeSinceEpoch']),
  LAST_UPDATE_TIME: (e: Entity) => Number(e['lastUpdateTimeSinceEpoch']),
  NAME: (e: Entity) => e.name,
} as const;

describeEachDatabase('pagination', (api) => {
  let all: Entity[] = [];

  beforeAll(async () => {
    // Names out of id order, some models touched later, so each ordering differs.
    for (const name of ['delta', 'alpha', 'echo', 'charlie', 'bravo', 'golf', 'foxtrot']) {
      await api().post('registered_models', { name });
      api().advanceClock(2);
    }
    const listed = await api().get<List>('registered_models');
    for (const model of listed.body.items.filter((m) => ['alpha', 'echo'].includes(m.name))) {
      await api().patch(`registered_models/${model.id}`, { description: 'touched' });
      api().advanceClock(2);
    }
    all = (await api().get<List>('registered_models')).body.items;
    expect(all).toHaveLength(7);
  });

  for (const orderBy of ['ID', 'CREATE_TIME', 'LAST_UPDATE_TIME', 'NAME'] as const) {
    for (const sortOrder of ['ASC', 'DESC'] as const) {
      it(`pages through every item once by ${orderBy} ${sortOrder}`, async () => {
        const key = FIELD[orderBy];
        const expected = [...all]
          .sort((a, b) => {
            const ka = key(a);
            const kb = key(b);
            const c = ka < kb ? -1 : ka > kb ? 1 : Number(a.id) - Number(b.id);
            return sortOrder === 'ASC' ? c : -c;
          })
          .map((m) => m.name);
        const seen: string[] = [];
        let token = '';
        let pages = 0;
        do {
          const page = await api().get<List>(
            `registered_models?pageSize=3&orderBy=${orderBy}&sortOrder=${sortOrder}&nextPageToken=${encodeURIComponent(token)}`,
          );
          expect(page.status).toBe(200);
          expect(page.body.pageSize).toBe(3);
          expect(page.body.size).toBe(page.body.items.length);
          seen.push(...page.body.items.map((m) => m.name));
          token = page.body.nextPageToken;
          pages += 1;
        } while (token !== '' && pages < 10);
        expect(pages).toBe(3);
        expect(seen).toEqual(expected);
      });
    }
  }

  it('treats an empty token as the first page and gives the same token for the same page', async () => {
    const first = await api().get<List>('registered_models?pageSize=2&sortOrder=ASC');
    const again = await api().get<List>('registered_models?pageSize=2&sortOrder=ASC&nextPageToken=');
    expect(again.body.items.map((m) => m.id)).toEqual(first.body.items.map((m) => m.id));
    expect(again.body.nextPageToken).toBe(first.body.nextPageToken);
    expect(first.body.nextPageToken).not.toBe('');
  });

  it('returns everything in one page when pageSize is absent, with an empty token', async () => {
    const page = await api().get<List>('registered_models?orderBy=NAME');
    expect(page.body.items.map((m) => m.name)).toEqual([
      'alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
      'foxtrot',
      'golf',
    ]);
    expect(page.body.nextPageToken).toBe('');
    expect(page.body.size).toBe(7);
  });

  it('rejects bad paging parameters with 400 and a message naming the parameter', async () => {
    const first = await api().get<List>('registered_models?pageSize=2&orderBy=NAME');
    for (const [query, word] of [
      ['pageSize=0', 'pageSize'],
      ['pageSize=-1', 'pageSize'],
      ['pageSize=abc', 'pageSize'],
      ['pageSize=1e3', 'pageSize'],
      ['orderBy=SIZE', 'orderBy'],
      ['sortOrder=UP', 'sortOrder'],
      ['nextPageToken=not-a-token', 'nextPageToken'],
      ['nextPageToken=%2F%2F%2F', 'nextPageToken'],
      [`nextPageToken=${first.body.nextPageToken}&orderBy=ID`, 'nextPageToken'],
      [`nextPageToken=${first.body.nextPageToken}&orderBy=NAME&sortOrder=DESC`, 'nextPageToken'],
    ] as const) {
      const response = await api().get(`registered_models?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body['code']).toBe('Bad Request');
      expect(String(response.body['message']), query).toContain(word);
    }
    // Child and artifact listings validate the same way, though their reference entries omit 400.
    expect((await api().get('model_versions?pageSize=0')).status).toBe(400);
    expect((await api().get('experiments?sortOrder=sideways')).status).toBe(400);
    expect((await api().get('artifacts?nextPageToken=zzz')).status).toBe(400);
  });
});
