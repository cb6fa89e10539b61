// Regenerates packages/client/src/generated/openapi.ts from the document the server serves
// (the Kubeflow reference plus our extensions), and packages/client/src/generated/error-codes.ts
// from the server's error list. Run after `npm run build`:
//   npm run generate:client
// Tests (packages/client/src/generated/openapi.test.ts, error-codes.test.ts) fail when the
// committed files and their sources drift apart.
import { writeFileSync } from 'node:fs';
import { generateClientTypes, generateErrorCodes } from './client-types.mjs';

const target = new URL('../packages/client/src/generated/openapi.ts', import.meta.url);
writeFileSync(target, await generateClientTypes());
console.log(`wrote ${target.pathname}`);

const codes = new URL('../packages/client/src/generated/error-codes.ts', import.meta.url);
writeFileSync(codes, await generateErrorCodes());
console.log(`wrote ${codes.pathname}`);
