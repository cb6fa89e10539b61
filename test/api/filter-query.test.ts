import { beforeAll, expect, it } from 'vitest';
import { boolProperty, doubleProperty, intProperty, stringProperty } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };

const MODELS = [
  {
    name: 'resnet',
    owner: 'alice',
    state: 'LIVE',
    customProperties: {
      accuracy: doubleProperty(0.95),
      epochs: intProperty(10),
      framework: stringProperty('pytorch'),
      gpu: boolProperty(true),
      'mlflow.source.type': stringProperty('notebook'),
    },
  },
  {
    name: 'bert-base',
    owner: 'bob',
    state: 'LIVE',
    customProperties: {
      accuracy: doubleProperty(0.88),
      epochs: intProperty(3),
      framework: stringProperty('PyTorch'),
      gpu: boolProperty(false),
      'team-name': stringProperty("o'brien"),
    },
  },
  {
    name: 'xgb_tabular',
    owner: 'alice',
    state: 'ARCHIVED',
    customProperties: {
      accuracy: intProperty(1),
      epochs: doubleProperty(10),
      framework: stringProperty('xgboost'),
      note: stringProperty('50% off \\ sale'),
    },
  },
  { name: 'bare', owner: 'carol', state: 'LIVE', customProperties: {} },
] as const;

describeEachDatabase('filterQuery', (api) => {
  beforeAll(async () => {
    for (const model of MODELS) expect((await api().post('registered_models', model)).status).toBe(201);
  });

  const names = async (filter: string) => {
    const response = await api().get<List>(
      `registered_models?orderBy=NAME&filterQuery=${encodeURIComponent(filter)}`,
    );
    expect(response.status, `${filter}: ${JSON.stringify(response.body)}`).toBe(200);
    return response.body.items.map((m) => m.name);
  };

  it('compares standard fields with every operator', async () => {
    expect(await names("name = 'resnet'")).toEqual(['resnet']);
    expect(await names("name != 'resnet'")).toEqual(['bare', 'bert-base', 'xgb_tabular']);
    expect(await names("name <> 'resnet'")).toEqual(['bare', 'bert-base', 'xgb_tabular']);
    expect(await names("name < 'bert-base'")).toEqual(['bare']);
    expect(await names("name <= 'bert-base'")).toEqual(['bare', 'bert-base']);
    expect(await names("name > 'resnet'")).toEqual(['xgb_tabular']);
    expect(await names("name >= 'resnet'")).toEqual(['resnet', 'xgb_tabular']);
    expect(await names("name LIKE 'b%'")).toEqual(['bare', 'bert-base']);
    expect(await names("name LIKE 'B%'")).toEqual([]);
    expect(await names("name ILIKE 'B%'")).toEqual(['bare', 'bert-base']);
    expect(await names("name IN ('resnet', 'bare', 'missing')")).toEqual(['bare', 'resnet']);
    expect(await names("state = 'ARCHIVED'")).toEqual(['xgb_tabular']);
    expect(await names('owner = "alice"')).toEqual(['resnet', 'xgb_tabular']);
    expect(await names('createTimeSinceEpoch > 0')).toHaveLength(4);
    const first = (await api().get<List>('registered_models?orderBy=ID&pageSize=1')).body.items[0];
    expect(await names(`id = ${String(first?.id)}`)).toEqual([String(first?.name)]);
  });

  it('treats an unknown name as a custom property and infers its type from the literal', async () => {
    expect(await names('accuracy > 0.9')).toEqual(['resnet']);
    // An integer literal matches integer and double values alike.
    expect(await names('epochs = 10')).toEqual(['resnet', 'xgb_tabular']);
    expect(await names('accuracy >= 1')).toEqual(['xgb_tabular']);
    expect(await names("framework = 'pytorch'")).toEqual(['resnet']);
    expect(await names("framework ILIKE 'pytorch'")).toEqual(['bert-base', 'resnet']);
    expect(await names('gpu = true')).toEqual(['resnet']);
    expect(await names('gpu = FALSE')).toEqual(['bert-base']);
    expect(await names("framework IN ('xgboost', 'pytorch')")).toEqual(['resnet', 'xgb_tabular']);
    expect(await names('epochs IN (3, 10)')).toEqual(['bert-base', 'resnet', 'xgb_tabular']);
    expect(await names("nothing_here = 'x'")).toEqual([]);
  });

  it('honours the typed suffixes', async () => {
    expect(await names('epochs.int_value = 10')).toEqual(['resnet']);
    expect(await names('epochs.double_value = 10')).toEqual(['xgb_tabular']);
    expect(await names('accuracy.double_value < 0.9')).toEqual(['bert-base']);
    expect(await names('accuracy.int_value = 1')).toEqual(['xgb_tabular']);
    expect(await names("framework.string_value LIKE 'py%'")).toEqual(['resnet']);
    expect(await names('gpu.bool_value = true')).toEqual(['resnet']);
    expect(await names('epochs.int_value IN (3, 10)')).toEqual(['bert-base', 'resnet']);
    // A suffix makes even a standard field name a custom property.
    expect(await names("name.string_value = 'resnet'")).toEqual([]);
  });

  it('applies AND before OR, and parentheses first', async () => {
    expect(await names("owner = 'bob' OR owner = 'alice' AND state = 'ARCHIVED'")).toEqual([
      'bert-base',
      'xgb_tabular',
    ]);
    expect(await names("(owner = 'bob' OR owner = 'alice') AND state = 'ARCHIVED'")).toEqual(['xgb_tabular']);
    expect(await names("owner = 'alice' and (epochs.int_value = 10 or framework = 'xgboost')")).toEqual([
      'resnet',
      'xgb_tabular',
    ]);
    expect(await names("((name = 'bare'))")).toEqual(['bare']);
  });

  it('reads quoted, escaped and backticked names and values', async () => {
    expect(await names("`mlflow.source.type` = 'notebook'")).toEqual(['resnet']);
    expect(await names("`team-name` = 'o\\'brien'")).toEqual(['bert-base']);
    expect(await names("`team-name` = 'o''brien'")).toEqual(['bert-base']);
    expect(await names('`team-name` = "o\'brien"')).toEqual(['bert-base']);
    expect(await names("`team-name`.string_value = 'o\\'brien'")).toEqual(['bert-base']);
    // LIKE wildcards escaped with a backslash match literally.
    expect(await names("note LIKE '50\\% off%'")).toEqual(['xgb_tabular']);
    expect(await names("name LIKE 'xgb\\_%'")).toEqual(['xgb_tabular']);
    expect(await names("name LIKE 'bert\\_%'")).toEqual([]);
    expect(await names("note = '50% off \\\\ sale'")).toEqual(['xgb_tabular']);
  });

  it('keeps hostile input in the values, never in the SQL', async () => {
    expect(await names("name = 'x'' OR ''1''=''1'")).toEqual([]);
    expect(await names("name = 'resnet'' --'")).toEqual([]);
    expect(await names('`a; DROP TABLE registered_model; --` = 1')).toEqual([]);
    expect(await names("`x') OR 1=1 --`.string_value = 'y'")).toEqual([]);
    expect((await api().get<List>('registered_models')).body.items).toHaveLength(4);
  });

  it('negates with NOT, checks presence with IS [NOT] NULL and ranges with BETWEEN', async () => {
    expect(await names("NOT name = 'resnet'")).toEqual(['bare', 'bert-base', 'xgb_tabular']);
    expect(await names("NOT (owner = 'alice' OR owner = 'bob')")).toEqual(['bare']);
    expect(await names("name NOT LIKE 'b%'")).toEqual(['resnet', 'xgb_tabular']);
    expect(await names("name NOT IN ('resnet', 'bare')")).toEqual(['bert-base', 'xgb_tabular']);
    // A custom property is null when the entity does not have it.
    expect(await names('accuracy IS NULL')).toEqual(['bare']);
    expect(await names('gpu IS NOT NULL')).toEqual(['bert-base', 'resnet']);
    expect(await names('gpu.bool_value IS NOT NULL')).toEqual(['bert-base', 'resnet']);
    expect(await names('epochs.double_value IS NOT NULL')).toEqual(['xgb_tabular']);
    expect(await names('description IS NULL')).toEqual(['bare', 'bert-base', 'resnet', 'xgb_tabular']);
    expect(await names("owner IS NOT NULL AND NOT owner = 'alice'")).toEqual(['bare', 'bert-base']);
    expect(await names('accuracy BETWEEN 0.9 AND 1')).toEqual(['resnet', 'xgb_tabular']);
    expect(await names('epochs.int_value BETWEEN 3 AND 9')).toEqual(['bert-base']);
    expect(await names("name BETWEEN 'b' AND 'c'")).toEqual(['bare', 'bert-base']);
    // NOT negates the whole condition: a model without the property matches it.
    expect(await names('accuracy NOT BETWEEN 0.9 AND 1')).toEqual(['bare', 'bert-base']);
    expect(await names('accuracy IS NOT NULL AND accuracy NOT BETWEEN 0.9 AND 1')).toEqual(['bert-base']);
    expect(await names('epochs IN (3, 10.0)')).toEqual(['bert-base', 'resnet', 'xgb_tabular']);
    expect(
      (await api().get(`registered_models?filterQuery=${encodeURIComponent('gpu BETWEEN true AND false')}`))
        .status,
    ).toBe(400);
  });

  it('answers a malformed query with 400 that points at the position', async () => {
    for (const [filter, position] of [
      ["name = 'unterminated", 7],
      ['name =', 6],
      ["name == 'x'", 5],
      ["(name = 'x'", 11],
      ["name = 'x')", 10],
      ["name LIKEE 'x'", 5],
      ["name = 'x' AND", 14],
      ['= 5', 0],
      ['name IN ()', 8],
      ['name = 1', 0],
      ["accuracy.int_value = 'high'", 0],
      ['gpu > true', 0],
    ] as const) {
      const response = await api().get(`registered_models?filterQuery=${encodeURIComponent(filter)}`);
      expect(response.status, filter).toBe(400);
      expect(response.body['code']).toBe('Bad Request');
      expect(String(response.body['message']), filter).toContain(`position ${position}`);
    }
  });

  it('filters every list endpoint, child listings included', async () => {
    const model = (await api().get<List>("registered_models?filterQuery=name%20%3D%20'resnet'")).body
      .items[0];
    const version = await api().post<Entity>('model_versions', {
      name: 'v1',
      registeredModelId: model?.id,
      author: 'x',
      customProperties: { tag: stringProperty('gold') },
    });
    await api().post('model_versions', { name: 'v2', registeredModelId: model?.id, author: 'y' });
    const versions = await api().get<List>(
      `registered_models/${String(model?.id)}/versions?filterQuery=${encodeURIComponent("tag = 'gold'")}`,
    );
    expect(versions.body.items.map((v) => v.id)).toEqual([version.body.id]);
    const byAuthor = await api().get<List>(
      `model_versions?filterQuery=${encodeURIComponent("author = 'y'")}`,
    );
    expect(byAuthor.body.items.map((v) => v.name)).toEqual(['v2']);
    await api().post(`model_versions/${version.body.id}/artifacts`, {
      artifactType: 'model-artifact',
      uri: 's3://a',
      modelFormatName: 'onnx',
    });
    await api().post(`model_versions/${version.body.id}/artifacts`, {
      artifactType: 'metric',
      name: 'acc',
      value: 0.91,
    });
    const onnx = await api().get<List>(
      `model_versions/${version.body.id}/artifacts?filterQuery=${encodeURIComponent("modelFormatName = 'onnx'")}`,
    );
    expect(onnx.body.items).toHaveLength(1);
    const good = await api().get<List>(`artifacts?filterQuery=${encodeURIComponent('value > 0.9')}`);
    expect(good.body.items.map((a) => a.name)).toEqual(['acc']);
    for (const path of [
      'experiments',
      'experiment_runs',
      'serving_environments',
      'inference_services',
      'model_artifacts',
    ]) {
      expect((await api().get(`${path}?filterQuery=${encodeURIComponent("name = 'x'")}`)).status, path).toBe(
        200,
      );
      expect((await api().get(`${path}?filterQuery=${encodeURIComponent('name ==')}`)).status, path).toBe(
        400,
      );
    }
  });
});
