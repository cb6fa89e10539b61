import type { RegisterModelInput } from '@modelreg/client';

let sequence = 0;

/** A name no other test of the file uses, so tests can share one server. */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

/** What a training job would register, with defaults for whatever the test does not care about. */
export function aRegistration(overrides: Partial<RegisterModelInput> = {}): RegisterModelInput {
  return {
    name: uniqueName('model'),
    version: '1.0.0',
    uri: 's3://models/churn/1.0.0/model.onnx',
    modelFormatName: 'onnx',
    modelFormatVersion: '1.17',
    ...overrides,
  };
}

/** A fetch that records the method and path of each request before passing it on. */
export function countingFetch(): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = [];
  const counting: typeof fetch = (input, init) => {
    // Not `new Request(input)`: that would take the body away from the request being sent.
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const url = new URL(input instanceof Request ? input.url : input);
    requests.push(`${method} ${url.pathname}`);
    return fetch(input, init);
  };
  return { fetch: counting, requests };
}
