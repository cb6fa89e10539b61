import type { Command } from 'commander';
import type { ModelVersion, RegisteredModel } from '@modelreg/client';
import { MODEL_COLUMNS, VERSION_COLUMNS } from '../columns.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take, toListOptions, withListOptions, type ListFlags } from '../list-options.js';
import { Output } from '../output.js';

export function addSearchCommand(program: Command): void {
  withListOptions(program.command('search'), { filter: false })
    .summary('find versions (or models) matching a filterQuery')
    .description('find model versions, or with --models registered models, matching a filterQuery')
    .argument('<filterQuery>', `e.g. "accuracy > 0.9 AND framework = 'pytorch'"`)
    .option('--models', 'search registered models instead of versions')
    .addHelpText(
      'after',
      `
A filterQuery compares properties (name, state, owner, author, description, …) and custom
properties with =, !=, <, <=, >, >=, LIKE and IN, joined with AND / OR and parentheses.
${examples(
  `modelreg search "accuracy > 0.9"`,
  `modelreg search "framework = 'pytorch' AND state = 'LIVE'" --order-by CREATE_TIME --desc --limit 5`,
  `modelreg search "name LIKE 'mnist%'" --models --json`,
)}`,
    )
    .action(async (filterQuery: string, flags: GlobalOptions & ListFlags & { models?: boolean }) => {
      const over = flags.models === true ? 'models' : 'versions';
      const found = await take(
        connect(flags).search(filterQuery, { ...toListOptions(flags), over }),
        flags.limit,
      );
      const output = new Output(flags.json === true);
      if (over === 'models') output.list(found as RegisteredModel[], MODEL_COLUMNS, 'matching models');
      else output.list(found as ModelVersion[], VERSION_COLUMNS, 'matching model versions');
    });
}
