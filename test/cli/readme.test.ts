import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelreg } from './support/modelreg-process.js';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe.skipIf(!BUILT)("the README's tour", () => {
  it('shows `modelreg --help` and `modelreg versions --help` exactly as the built CLI prints them', async () => {
    for (const args of [['--help'], ['versions', '--help']]) {
      const { stdout, code } = await modelreg(args);
      expect(code).toBe(0);
      expect(README, `modelreg ${args.join(' ')}`).toContain(`\`\`\`text\n${stdout.trimEnd()}\n\`\`\``);
    }
  });

  it('opens with the two commands: run and test', () => {
    const block = /```sh\n(.*)\n(.*)\n```/.exec(README);
    expect(block?.[1]).toMatch(/^npm ci && npx modelreg serve/);
    expect(block?.[2]).toMatch(/^npm ci && npm test/);
  });
});
