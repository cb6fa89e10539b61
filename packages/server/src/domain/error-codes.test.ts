import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTITY_CODES, ENTITY_ERROR_SUFFIXES, ERROR_CODES } from './error-codes.js';

const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

function documentedCodes(): string[] {
  return [...doc.matchAll(/^\| `([A-Z_<>]+)` \|/gm)].map((m) => String(m[1]));
}

describe('docs/errors.md', () => {
  it('lists every error code the server can answer with, and no other', () => {
    const expected = [
      ...Object.keys(ERROR_CODES),
      ...Object.keys(ENTITY_ERROR_SUFFIXES).map((s) => `<ENTITY>${s}`),
    ];
    expect(documentedCodes().sort()).toEqual(expected.sort());
  });

  it('names every entity kind that per-entity codes use', () => {
    for (const entity of ENTITY_CODES) expect(doc).toContain(`\`${entity}\``);
  });
});
