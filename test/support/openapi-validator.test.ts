import { describe, expect, it } from 'vitest';
import {
  createResponseValidator,
  loadServedDocumentForTests,
  ResponseViolationError,
} from './openapi-validator.js';

const BASE = '/api/model_registry/v1alpha3';
const JSON_TYPE = 'application/json';
const validator = createResponseValidator();

const times = { createTimeSinceEpoch: '1700000000000', lastUpdateTimeSinceEpoch: '1700000000001' };

function aRegisteredModel(overrides: Record<string, unknown> = {}) {
  return {
    id: '1',
    name: 'mnist',
    owner: 'alice',
    state: 'LIVE',
    language: ['en'],
    customProperties: { epochs: { metadataType: 'MetadataIntValue', int_value: '5' } },
    ...times,
    ...overrides,
  };
}

function aModelArtifact(overrides: Record<string, unknown> = {}) {
  return {
    id: '3',
    name: 'model.onnx',
    artifactType: 'model-artifact',
    uri: 's3://models/mnist/1',
    state: 'LIVE',
    modelFormatName: 'onnx',
    customProperties: {},
    ...times,
    ...overrides,
  };
}

function aList(items: unknown[]) {
  return { items, nextPageToken: '', pageSize: items.length, size: items.length };
}

/** The violations `validate` reports, or [] when it accepts the response. */
function violations(...args: Parameters<typeof validator.validate>): readonly string[] {
  try {
    validator.validate(...args);
    return [];
  } catch (error) {
    if (error instanceof ResponseViolationError) return error.violations;
    throw error;
  }
}

describe('the response validator', () => {
  it('accepts a valid RegisteredModel and refuses an id that is a number', () => {
    expect(violations('GET', `${BASE}/registered_models/1`, 200, JSON_TYPE, aRegisteredModel())).toEqual([]);
    const wrong = violations(
      'GET',
      `${BASE}/registered_models/1`,
      200,
      JSON_TYPE,
      aRegisteredModel({ id: 1 }),
    );
    expect(wrong).toEqual([expect.stringContaining('/id must be string')]);
  });

  it('selects the artifact schema by artifactType (oneOf + discriminator)', () => {
    const path = `${BASE}/artifacts/3`;
    expect(violations('GET', path, 200, JSON_TYPE, aModelArtifact())).toEqual([]);
    expect(violations('GET', path, 200, JSON_TYPE, aModelArtifact({ artifactType: 'nope' }))).toEqual([
      expect.stringContaining('/artifactType must be equal to one of the allowed values'),
    ]);
    expect(violations('GET', path, 200, JSON_TYPE, aModelArtifact({ artifactType: undefined }))).toEqual([
      expect.stringContaining("must have required property 'artifactType'"),
    ]);
    const metric = { ...aModelArtifact({ artifactType: 'metric' }), value: 0.93, step: 3, timestamp: '1' };
    expect(violations('GET', path, 200, JSON_TYPE, metric)).toEqual([]);
    // The metric's schema applies, and only it: a string value is a parameter's, not a metric's.
    expect(violations('GET', path, 200, JSON_TYPE, { ...metric, value: '0.93' })).toEqual([
      expect.stringContaining('/value must be number'),
    ]);
    expect(violations('GET', path, 200, JSON_TYPE, { ...metric, step: '3' })).toEqual([
      expect.stringContaining('/step must be integer'),
    ]);
    const parameter = {
      ...aModelArtifact({ artifactType: 'parameter' }),
      value: '0.01',
      parameterType: 'string',
    };
    expect(violations('GET', path, 200, JSON_TYPE, parameter)).toEqual([]);
  });

  it('checks custom property values against their MetadataValue type', () => {
    const path = `${BASE}/registered_models/1`;
    const withInt = (int_value: unknown) =>
      aRegisteredModel({ customProperties: { epochs: { metadataType: 'MetadataIntValue', int_value } } });
    expect(violations('GET', path, 200, JSON_TYPE, withInt('5'))).toEqual([]);
    expect(violations('GET', path, 200, JSON_TYPE, withInt(5))).toEqual([
      expect.stringContaining('/customProperties/epochs/int_value must be string'),
    ]);
    const unknownType = aRegisteredModel({ customProperties: { x: { metadataType: 'MetadataFooValue' } } });
    expect(violations('GET', path, 200, JSON_TYPE, unknownType)).not.toEqual([]);
  });

  it('requires the list fields of the reference', () => {
    const path = `${BASE}/registered_models`;
    expect(violations('GET', path, 200, JSON_TYPE, aList([aRegisteredModel()]))).toEqual([]);
    const { nextPageToken: _dropped, ...withoutToken } = aList([aRegisteredModel()]);
    expect(violations('GET', path, 200, JSON_TYPE, withoutToken)).toEqual([
      expect.stringContaining("must have required property 'nextPageToken'"),
    ]);
  });

  it('reports every violation, not just the first', () => {
    const body = aList([aRegisteredModel({ id: 1 }), aRegisteredModel({ state: 'GONE' })]);
    const found = violations('GET', `${BASE}/registered_models`, 200, JSON_TYPE, body);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/items/0/id must be string'),
        expect.stringContaining('/items/1/state must be equal to one of the allowed values'),
      ]),
    );
  });

  it('refuses a status the operation does not list', () => {
    expect(() =>
      validator.validate('GET', `${BASE}/registered_models`, 201, JSON_TYPE, aList([])),
    ).toThrowError(`status 201 not listed for GET ${BASE}/registered_models`);
    // 400 is ours on this operation, and listed by the served document.
    const error = {
      code: 'Bad Request',
      message: 'bad orderBy',
      errorCode: 'INVALID_ORDER_BY',
      requestId: 'r1',
    };
    expect(violations('GET', `${BASE}/registered_models`, 400, JSON_TYPE, error)).toEqual([]);
  });

  it('checks error bodies against the reference Error, which allows our extra fields', () => {
    const path = `${BASE}/registered_models/9`;
    const notFound = {
      code: 'Not Found',
      message: 'no registered model with id 9',
      errorCode: 'X',
      requestId: 'r',
    };
    expect(violations('GET', path, 404, JSON_TYPE, notFound)).toEqual([]);
    expect(violations('GET', path, 404, JSON_TYPE, { code: 'Not Found' })).toEqual([
      expect.stringContaining("must have required property 'message'"),
    ]);
    const tooLarge = {
      code: 'Content Too Large',
      message: 'too large',
      errorCode: 'BODY_TOO_LARGE',
      requestId: 'r',
    };
    expect(violations('POST', `${BASE}/registered_models`, 413, JSON_TYPE, tooLarge)).toEqual([]);
    expect(violations('GET', path, 404, 'text/plain; charset=UTF-8', 'Not Found')).toEqual([
      expect.stringContaining('content-type text/plain; charset=UTF-8 not listed'),
    ]);
  });

  it('accepts a 204 DELETE with an empty body, and nothing else', () => {
    const path = `${BASE}/registered_models/1`;
    expect(violations('DELETE', path, 204, null, undefined)).toEqual([]);
    expect(violations('DELETE', path, 204, null, '')).toEqual([]);
    expect(violations('DELETE', path, 204, JSON_TYPE, { deleted: true })).toEqual([
      expect.stringContaining('status 204 has no body'),
    ]);
    expect(() => validator.validate('DELETE', path, 200, JSON_TYPE, aRegisteredModel())).toThrowError(
      'status 200 not listed for DELETE',
    );
  });

  it('resolves static path segments before parameters', () => {
    expect(validator.resolve('GET', `${BASE}/experiment_runs/metric_history`)).toEqual({
      method: 'GET',
      pathTemplate: `${BASE}/experiment_runs/metric_history`,
      operationId: 'getExperimentRunsMetricHistory',
      inReference: true,
    });
    expect(validator.resolve('get', `${BASE}/experiment_runs/7`).operationId).toBe('getExperimentRun');
    expect(validator.resolve('GET', `${BASE}/experiment_runs/7/metric_history`).operationId).toBe(
      'getExperimentRunMetricHistory',
    );
    expect(validator.resolve('DELETE', `${BASE}/serve_models/4`)).toMatchObject({
      operationId: 'deleteServeModel',
      inReference: false,
    });
    // A metric list is what metric_history answers; an experiment run would be the other operation's.
    const metric = { ...aModelArtifact({ artifactType: 'metric' }), value: 1, step: 1 };
    expect(
      violations('GET', `${BASE}/experiment_runs/metric_history`, 200, JSON_TYPE, aList([metric])),
    ).toEqual([]);
  });

  it('throws for an unknown path or method', () => {
    expect(() => validator.validate('GET', `${BASE}/nothing_here`, 404, JSON_TYPE, {})).toThrowError(
      'no path of the served document matches',
    );
    expect(() => validator.validate('PUT', `${BASE}/registered_models/1`, 200, JSON_TYPE, {})).toThrowError(
      'no PUT operation',
    );
    expect(() => validator.validate('GET', `${BASE}/registered_models/`, 200, JSON_TYPE, {})).toThrowError(
      'no path of the served document matches',
    );
  });

  it('checks text bodies: readiness probes and the served document', () => {
    expect(violations('GET', '/readyz/health', 200, 'text/plain; charset=UTF-8', 'OK')).toEqual([]);
    expect(violations('GET', '/readyz/health', 200, 'text/plain', 'not ok')).not.toEqual([]);
    expect(violations('GET', '/readyz/isDirty', 503, 'text/plain', 'database is not reachable')).toEqual([]);
    expect(violations('GET', `${BASE}/openapi.yaml`, 200, 'application/yaml', 'openapi: 3.0.3\n')).toEqual(
      [],
    );
    expect(violations('GET', `${BASE}/openapi.yaml`, 200, 'application/yaml', { openapi: '3.0.3' })).toEqual([
      expect.stringContaining('body is text'),
    ]);
  });

  it('holds a ServeModel to the reference, which requires modelVersionId', () => {
    const serve = { id: '5', name: 's', lastKnownState: 'RUNNING', customProperties: {}, ...times };
    expect(
      violations('GET', `${BASE}/serve_models/5`, 200, JSON_TYPE, { ...serve, modelVersionId: '2' }),
    ).toEqual([]);
    expect(violations('GET', `${BASE}/serve_models/5`, 200, JSON_TYPE, serve)).toEqual([
      expect.stringContaining("must have required property 'modelVersionId'"),
    ]);
  });

  it('compiles the schema of every response the served document lists', () => {
    const paths = loadServedDocumentForTests()['paths'] as Record<string, Record<string, unknown>>;
    let checked = 0;
    for (const [template, item] of Object.entries(paths)) {
      const path = template.replace(/\{[^}]+\}/g, '1');
      for (const method of ['get', 'post', 'patch', 'delete']) {
        const operation = item[method] as { responses: Record<string, unknown> } | undefined;
        if (operation === undefined) continue;
        for (const status of Object.keys(operation.responses)) {
          // A body that fits no schema: any error but a violation (an unresolved $ref, an unknown
          // keyword or format) is a broken document or converter.
          for (const [type, body] of [
            [JSON_TYPE, { unexpected: true }],
            ['text/plain', 'x'],
            ['application/yaml', 'x'],
          ] as const) {
            try {
              validator.validate(method, path, Number(status), type, body);
            } catch (error) {
              if (!(error instanceof ResponseViolationError)) throw error;
            }
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
