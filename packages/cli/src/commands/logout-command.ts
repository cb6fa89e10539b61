import type { Command } from 'commander';
import { credentialsPath, saveToken } from '../credentials.js';
import { type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output } from '../output.js';

/** `modelreg logout`: forget the token saved for this registry. */
export function addLogoutCommand(program: Command): void {
  program
    .command('logout')
    .summary('forget the token saved for this registry')
    .description('forget the token saved for this URL')
    .addHelpText('after', examples('modelreg logout --url https://registry.example.com'))
    .action((flags: GlobalOptions) => {
      saveToken(flags.url, undefined);
      new Output(flags.json === true).result(
        { url: flags.url, removed: true },
        `forgot the token for ${flags.url} (${credentialsPath()})`,
      );
    });
}
