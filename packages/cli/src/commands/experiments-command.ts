import type { Command } from 'commander';
import { toCustomProperties } from '@modelreg/client';
import { unwrap } from '../api-result.js';
import { EXPERIMENT_COLUMNS } from '../columns.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take, toListOptions, withListOptions, type ListFlags } from '../list-options.js';
import { mustGetExperiment } from '../lookups.js';
import { metadataFromFlags, withMetadataOptions, type MetadataFlags } from '../metadata-flags.js';
import { Output } from '../output.js';

export function addExperimentsCommand(program: Command): void {
  const experiments = program
    .command('experiments')
    .summary('list, show and create experiments')
    .description('list, show and create experiments: named groups of training runs')
    .addHelpText(
      'after',
      examples('modelreg experiments list', 'modelreg experiments create mnist-training --owner alice'),
    );

  withListOptions(experiments.command('list'))
    .description('list experiments')
    .addHelpText(
      'after',
      examples('modelreg experiments list', 'modelreg experiments list --order-by NAME --json'),
    )
    .action(async (flags: GlobalOptions & ListFlags) => {
      const items = await take(connect(flags).experiments(toListOptions(flags)), flags.limit);
      new Output(flags.json === true).list(items, EXPERIMENT_COLUMNS, 'experiments');
    });

  experiments
    .command('get')
    .description('show an experiment')
    .argument('<name>', 'experiment name')
    .addHelpText('after', examples('modelreg experiments get mnist-training'))
    .action(async (name: string, flags: GlobalOptions) => {
      new Output(flags.json === true).entity(await mustGetExperiment(connect(flags), name));
    });

  const create = experiments
    .command('create')
    .description('create an experiment ("modelreg runs start" also creates one on first use)')
    .argument('<name>', 'experiment name, unique in the registry')
    .option('--owner <owner>', 'owner of the experiment')
    .option('--description <text>', 'description of the experiment');
  withMetadataOptions(create)
    .addHelpText(
      'after',
      examples('modelreg experiments create mnist-training --owner alice --metadata team=vision'),
    )
    .action(
      async (
        name: string,
        flags: GlobalOptions & MetadataFlags & { owner?: string; description?: string },
      ) => {
        const registry = connect(flags);
        const metadata = await metadataFromFlags(flags);
        const experiment = await unwrap(
          registry.api.POST('/api/model_registry/v1alpha3/experiments', {
            body: {
              name,
              owner: flags.owner,
              description: flags.description,
              customProperties: toCustomProperties(metadata),
            },
          }),
        );
        new Output(flags.json === true).entity(experiment, `created experiment '${name}'`);
      },
    );
}
