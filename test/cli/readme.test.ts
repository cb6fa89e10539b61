import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, modelreg, runToEnd, startServer, type RunningServer } from './support/modelreg-process.js';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The tour's commands as the README shows them: a backslash continues a line; comments are left out. */
export function tourCommands(readme: string): string[] {
  const tour = readme.slice(readme.indexOf('## A five-minute tour'));
  const block = /```sh\n([\s\S]*?)\n```/.exec(tour)?.[1] ?? '';
  const commands: string[] = [];
  let pending = '';
  for (const line of block.split('\n')) {
    if (pending === '' && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    pending += line.endsWith('\\') ? `${line.slice(0, -1)} ` : line;
    if (!line.endsWith('\\')) {
      commands.push(pending.replace(/\s+/g, ' ').trim());
      pending = '';
    }
  }
  return commands;
}

/**
 * The tour as one bash script: `npx modelreg` is the built binary against the test server, each
 * command announced on stdout and stderr, so its output can be told apart; the first failure stops it.
 */
function tourScript(commands: readonly string[], url: string): string {
  const lines = [
    'set -euo pipefail',
    `export MODELREG_URL='${url}'`,
    `npx() { if [ "$1" = modelreg ]; then shift; '${process.execPath}' '${BIN}' "$@"; else command npx "$@"; fi; }`,
  ];
  commands.forEach((command, i) => lines.push(`echo "@@ ${i}"; echo "@@ ${i}" >&2`, command));
  return `${lines.join('\n')}\n`;
}

/** What each command printed, by its index in the tour. */
function byCommand(output: string): Map<number, string> {
  const parts = new Map<number, string>();
  for (const part of output.split(/^@@ /m).slice(1)) {
    const newline = part.indexOf('\n');
    parts.set(Number(part.slice(0, newline)), part.slice(newline + 1));
  }
  return parts;
}

describe.skipIf(!BUILT)("the README's tour", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(mkdtempSync(join(tmpdir(), 'modelreg-readme-tour-')));
  });
  afterAll(async () => {
    await server?.stop();
  });

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

  it('records each value one way (metadata, metric or parameter) and searches it that way', () => {
    const commands = tourCommands(README);
    const kinds = new Map<string, Set<string>>();
    for (const command of commands)
      for (const [, kind, name] of command.matchAll(/--(metadata|metric|param) ([\w.-]+)=/g))
        kinds.set(name ?? '', new Set([...(kinds.get(name ?? '') ?? []), kind ?? '']));
    for (const [name, used] of kinds) expect([...used], name).toHaveLength(1);
    for (const command of commands.filter((c) => c.includes('modelreg search'))) {
      const query = /search "([^"]*)"/.exec(command)?.[1] ?? '';
      for (const [, prefix, name] of query.matchAll(
        /(metrics\.|params\.)?([A-Za-z_][\w]*)\s*(?:>=|<=|!=|=|<|>)/g,
      )) {
        const kind = prefix === 'metrics.' ? 'metric' : prefix === 'params.' ? 'param' : 'metadata';
        expect([...(kinds.get(name ?? '') ?? [kind])], `${command}: ${name}`).toEqual([kind]);
      }
    }
  });

  it('runs top to bottom against a started server, each command without a warning', async () => {
    const commands = tourCommands(README);
    expect(commands.length).toBeGreaterThan(15);
    expect(commands.every((command) => /(^|[ (])npx modelreg /.test(command))).toBe(true);
    // From the checkout, as the README says: `register --git` reads its commit.
    const run = await runToEnd('bash', ['-c', tourScript(commands, server.url)], { cwd: ROOT });
    const out = byCommand(run.stdout);
    const err = byCommand(run.stderr);
    const last = Math.max(...err.keys());
    expect(run.code, `${commands[last]}\n${err.get(last) ?? ''}`).toBe(0);
    expect(out.size).toBe(commands.length);
    commands.forEach((command, i) => expect(err.get(i) ?? '', command).toBe(''));
    // Each search of the tour finds what it is there to show.
    commands.forEach((command, i) => {
      if (command.includes('modelreg search')) expect(out.get(i), command).toMatch(/^\d+\s+\d+\s+v[12]\s/m);
    });
  });
});
