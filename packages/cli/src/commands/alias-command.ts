import type { Command } from 'commander';
import type { ModelAlias, ModelRegistry } from '@modelreg/client';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { formatTime, Output, type Column } from '../output.js';
import { named, type Named } from '../version-names.js';

const ALIAS_COLUMNS: readonly Column<Named<ModelAlias>>[] = [
  { header: 'ALIAS', value: (a) => a.alias },
  { header: 'VERSION', value: (a) => a.versionName },
  { header: 'SINCE', value: (a) => formatTime(a.updateTimeSinceEpoch) },
];

/** `modelreg alias set`, `rm` and `ls`. */
export function addAliasCommand(program: Command): void {
  const alias = program
    .command('alias')
    .summary('set, remove and list the aliases of a model')
    .description(
      'aliases (champion, production, …) point at one version of a model; moves are kept in a history',
    )
    .addHelpText(
      'after',
      examples(
        'modelreg alias set mnist champion v2',
        'modelreg alias ls mnist',
        'modelreg alias rm mnist challenger',
      ),
    );
  alias
    .command('set')
    .description('point an alias at a version (creating or moving it)')
    .argument('<model>', 'model name')
    .argument('<alias>', 'alias name')
    .argument('<version>', 'version name')
    .addHelpText('after', examples('modelreg alias set mnist champion v2'))
    .action(async (model: string, name: string, version: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      await listAliases(registry, model, flags, await registry.moveAliases(model, { [name]: version }));
    });
  alias
    .command('rm')
    .description('remove an alias')
    .argument('<model>', 'model name')
    .argument('<alias>', 'alias name')
    .addHelpText('after', examples('modelreg alias rm mnist challenger'))
    .action(async (model: string, name: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      await listAliases(registry, model, flags, await registry.moveAliases(model, { [name]: null }));
    });
  alias
    .command('ls')
    .description('list the aliases of a model')
    .argument('<model>', 'model name')
    .addHelpText('after', examples('modelreg alias ls mnist --json'))
    .action(async (model: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      await listAliases(registry, model, flags, await registry.aliases(model));
    });
}

/** An alias list: names of versions for people, the API's entities with --json. */
async function listAliases(
  registry: ModelRegistry,
  model: string,
  flags: GlobalOptions,
  aliases: readonly ModelAlias[],
): Promise<void> {
  const out = new Output(flags.json === true);
  if (flags.json === true) return out.list(aliases, [], 'aliases');
  out.list(await named(registry, model, aliases), ALIAS_COLUMNS, 'aliases');
}
