import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ModelRegistry } from '@modelreg/client';
import { saveToken } from '../credentials.js';
import { type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output } from '../output.js';

/** The token to log in with: --token (or MODELREG_TOKEN), else the first line of standard input. */
function tokenToSave(flags: GlobalOptions): string {
  if (flags.token !== undefined && flags.token !== '') return flags.token;
  if (process.stdin.isTTY) {
    throw new Error(
      'give the token with --token, MODELREG_TOKEN or on standard input (echo $TOKEN | modelreg login)',
    );
  }
  const line = readFileSync(0, 'utf8').split('\n')[0]?.trim() ?? '';
  if (line === '') throw new Error('no token on standard input');
  return line;
}

/** `modelreg login`: check a token and save it for this registry. */
export function addLoginCommand(program: Command): void {
  program
    .command('login')
    .summary('check a token and save it for this registry (0600)')
    .description(
      'check a token against the registry and save it for this URL, readable only by you (0600); later commands use it when neither --token nor MODELREG_TOKEN is given',
    )
    .addHelpText(
      'after',
      examples(
        'modelreg login --url https://registry.example.com --token mrt_12_…',
        'echo "$REGISTRY_TOKEN" | modelreg login --url https://registry.example.com',
      ),
    )
    .action(async (flags: GlobalOptions) => {
      const token = tokenToSave(flags);
      const me = await new ModelRegistry({ url: flags.url, token, timeoutMs: flags.timeout }).whoami();
      const path = saveToken(flags.url, token);
      new Output(flags.json === true).result(
        { ...me, url: flags.url, saved: path },
        `logged in to ${flags.url} as ${me.subject} (${me.method}); token saved in ${path}`,
      );
    });
}
