// Regenerates packages/client/src/generated/openapi.ts from the document the server serves
// (the Kubeflow reference plus our extensions). Run after `npm run build`:
//   npm run generate:client
// A test (packages/client/src/generated/openapi.test.ts) fails when the committed file and the
// document drift apart.
import { writeFileSync } from 'node:fs';
import { generateClientTypes } from './client-types.mjs';

const target = new URL('../packages/client/src/generated/openapi.ts', import.meta.url);
writeFileSync(target, await generateClientTypes());
console.log(`wrote ${target.pathname}`);
