import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../sdk/support/modelreg-process.js';

const SERVER = join(REPO_ROOT, 'packages/server');
const BUILT = existsSync(join(SERVER, 'web/index.html'));

describe.skipIf(!BUILT)('the server package', () => {
  it('ships the built web UI: index.html and every script and style it names', () => {
    const npm = process.env['npm_execpath'];
    const output = npm?.endsWith('.js')
      ? execFileSync(process.execPath, [npm, 'pack', '--dry-run', '--json'], {
          cwd: SERVER,
          encoding: 'utf8',
        })
      : execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: SERVER, encoding: 'utf8' });
    const files = new Set(
      (JSON.parse(output) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path),
    );
    expect(files.has('web/index.html')).toBe(true);
    const html = readFileSync(join(SERVER, 'web/index.html'), 'utf8');
    const named = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => `web/${m[1] ?? ''}`);
    expect(named.some((path) => path.endsWith('.js'))).toBe(true);
    expect(named.some((path) => path.endsWith('.css'))).toBe(true);
    for (const path of named) expect(files.has(path), path).toBe(true);
  });
});
