import { readFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { generateErrorCodes } from '../../../../scripts/client-types.mjs';
import { allErrorCodes } from '../../../server/src/domain/error-codes.js';

const FILE = new URL('./error-codes.ts', import.meta.url);

describe("the SDK's error codes", () => {
  it("are generated from the server's error list (run `npm run generate:client` after changing it)", async () => {
    const generated = await generateErrorCodes(allErrorCodes());
    const options = (await resolveConfig(FILE.pathname)) ?? {};
    const expected = await format(generated, { ...options, filepath: FILE.pathname });
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });
});
