import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[]; nextPageToken: string; size: number };

// POST …/search (issue 15, defect 7): a list's query parameters in a JSON body, so that a filter
// too long for a URL is not cut; the answer is the list's own.

describeEachDatabase('lists searched with the query in the body', (api) => {
  it('answers a filter longer than a URL may be, as the list answers a short one', async () => {
    const names = ['search-a', 'search-b', 'search-c'];
    const model = (await api().post<Entity>('registered_models', { name: names[0] })).body;
    for (const name of names.slice(1)) await api().post('registered_models', { name });
    // 900 accented names: under the 10,000 characters of a filterQuery, over 16 KiB as a URL.
    const decoys = Array.from({ length: 900 }, (_, i) => `'é${i}é'`);
    const long = `name IN (${[...decoys, "'search-b'", "'search-c'"].join(',')})`;
    expect(long.length).toBeLessThan(10_000);
    const url = `registered_models?filterQuery=${encodeURIComponent(long)}`;
    const viaUrl = await api().get(url);
    expect(viaUrl.status).toBe(414);
    expect(viaUrl.body['errorCode']).toBe('URI_TOO_LONG');

    const found = await api().post<List>('registered_models/search', { filterQuery: long, orderBy: 'NAME' });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.items.map((m) => m.name)).toEqual(['search-b', 'search-c']);

    const short = "name = 'search-b' OR name = 'search-c'";
    const listed = await api().get<List>(
      `registered_models?orderBy=NAME&filterQuery=${encodeURIComponent(short)}`,
    );
    const searched = await api().post<List>('registered_models/search', {
      filterQuery: short,
      orderBy: 'NAME',
    });
    expect(searched.body).toEqual(listed.body);

    // Child lists and paging: pageSize as a number, the token sent back in the body.
    for (const name of ['1', '2', '3']) {
      await api().post('model_versions', { name, registeredModelId: model.id });
    }
    const first = await api().post<List>(`registered_models/${model.id}/versions/search`, { pageSize: 2 });
    expect(first.body.items.map((v) => v.name)).toEqual(['1', '2']);
    const next = await api().post<List>(`registered_models/${model.id}/versions/search`, {
      pageSize: '2',
      nextPageToken: first.body.nextPageToken,
    });
    expect(next.body.items.map((v) => v.name)).toEqual(['3']);
    const summaries = await api().post<List>('model_summaries/search', { filterQuery: "name = 'search-a'" });
    expect(summaries.status).toBe(200);
    expect(summaries.body.items).toHaveLength(1);
    expect(
      (await api().request<List>('POST', 'model_versions/search', '')).body.items.length,
    ).toBeGreaterThan(2);
  });

  it('refuses what the list refuses, and fields a list does not have', async () => {
    const cases: [unknown, string][] = [
      [{ filterQuery: 'name = ' }, 'INVALID_FILTER_QUERY'],
      [{ filterQuery: 'id = 99999999999' }, 'INVALID_FILTER_QUERY'],
      [{ filterQuery: 'x'.repeat(10_001) }, 'INVALID_FILTER_QUERY'],
      [{ pageSize: 1_000_000_000 }, 'INVALID_PAGE_SIZE'],
      [{ colour: 'red' }, 'UNKNOWN_FIELD'],
      [{ filterQuery: 5 }, 'INVALID_FIELD'],
      [[], 'INVALID_BODY'],
    ];
    for (const [body, code] of cases) {
      const answer = await api().post('model_versions/search', body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(answer.body['errorCode']).toBe(code);
    }
  });
});
