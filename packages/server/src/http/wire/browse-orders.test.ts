import { expect, it } from 'vitest';
import { loadServedDocument } from '../openapi-document.js';
import { MODEL_SUMMARY_ORDER } from './browse.js';

// The orderings of GET model_summaries: the route takes the zod enum's, the SDK is typed from the
// document's; both must name the same.

it('offers the same orderings of model summaries in the served document as the route takes', () => {
  const document = loadServedDocument() as {
    paths: Record<string, { get?: { parameters?: { name: string; schema?: { enum?: string[] } }[] } }>;
  };
  const operation = document.paths['/api/model_registry/v1alpha3/model_summaries']?.get;
  const orderBy = operation?.parameters?.find((p) => p.name === 'orderBy');
  expect(orderBy?.schema?.enum).toEqual(MODEL_SUMMARY_ORDER.options);
});
