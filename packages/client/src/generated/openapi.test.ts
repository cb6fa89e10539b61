import { readFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { generateClientTypes } from '../../../../scripts/client-types.mjs';
import { servedDocumentYaml } from '../../../server/src/http/openapi-document.js';

const FILE = new URL('./openapi.ts', import.meta.url);

describe('the SDK types', () => {
  it('are generated from the document the server serves (run `npm run generate:client` after an API change)', async () => {
    const generated = await generateClientTypes(servedDocumentYaml());
    const options = (await resolveConfig(FILE.pathname)) ?? {};
    const expected = await format(generated, { ...options, filepath: FILE.pathname });
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });
});
