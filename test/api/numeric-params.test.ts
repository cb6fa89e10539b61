import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };

// A parameter logged through the API with parameterType 'number' (Kubeflow's enum is lower case)
// is searched and ordered by its number: `parameter_number` is written for it.
describeEachDatabase('numeric parameters logged through the API', (api) => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const model = await api().post<Entity>('registered_models', { name: 'numeric-params' });
    expect(model.status).toBe(201);
    for (const [name, lr] of [
      ['small', '0.001'],
      ['large', '0.5'],
      ['text', 'auto'],
    ] as const) {
      const version = await api().post<Entity>('model_versions', { name, registeredModelId: model.body.id });
      expect(version.status).toBe(201);
      ids[name] = version.body.id;
      const param = await api().post<Entity>(`model_versions/${version.body.id}/artifacts`, {
        artifactType: 'parameter',
        name: 'lr',
        value: lr,
        parameterType: lr === 'auto' ? 'string' : 'number',
      });
      expect(param.status, JSON.stringify(param.body)).toBe(201);
    }
  });

  const versions = async (query: string) => {
    const response = await api().get<List>(`model_versions?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items.map((v) => v.id);
  };

  it('compares a number parameter as a number', async () => {
    expect(await versions(`filterQuery=${encodeURIComponent('params.lr < 0.01')}`)).toEqual([ids['small']]);
    expect(await versions(`filterQuery=${encodeURIComponent('params.lr >= 0.01')}`)).toEqual([ids['large']]);
  });

  it('orders by a number parameter, versions without one last', async () => {
    expect(await versions('orderBy=params.lr&sortOrder=DESC')).toEqual([
      ids['large'],
      ids['small'],
      ids['text'],
    ]);
  });
});
