import { Option, type Command } from 'commander';
import type { ModelVersionWithValues, RegisteredModel } from '@modelreg/client';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { MODEL_COLUMNS, VERSION_COLUMNS } from '../columns.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take, toListOptions, withListOptions, type ListFlags } from '../list-options.js';
import { Output, type Column } from '../output.js';
import { unknownTermWarnings } from '../search-terms.js';

export function addSearchCommand(program: Command): void {
  withListOptions(program.command('search'), { filter: false })
    .summary('find versions (or models) matching a filterQuery')
    .description('find model versions, or with --models registered models, matching a filterQuery')
    .argument('<filterQuery>', `e.g. "accuracy > 0.9 AND framework = 'pytorch'"`)
    .option('--models', 'search registered models instead of versions')
    .addOption(
      new Option(
        '--show <values>',
        "versions: add each version's metrics and/or params to the output",
      ).choices(['metrics', 'params', 'metrics,params', 'params,metrics']),
    )
    .addHelpText(
      'after',
      `
A filterQuery compares properties (name, state, owner, author, description, …) and custom
properties with =, !=, <, <=, >, >=, LIKE, IN, BETWEEN and IS [NOT] NULL, joined with AND / OR /
NOT and parentheses. Versions also answer metrics.<name>, params.<name>, labels, alias, stage,
dataset.digest|uri|name, code.commit|repository|path and pipelineRun (on models: any version).
${examples(
  `modelreg search "metrics.accuracy >= 0.95" --show params`,
  `modelreg search "params.optimizer = 'adam' AND dataset.digest = 'sha256:…'" --order-by metrics.f1 --desc`,
  `modelreg search "accuracy > 0.9"`,
  `modelreg search "framework = 'pytorch' AND state = 'LIVE'" --order-by CREATE_TIME --desc --limit 5`,
  `modelreg search "name LIKE 'mnist%'" --models --json`,
)}`,
    )
    .action(
      async (filterQuery: string, flags: GlobalOptions & ListFlags & { models?: boolean; show?: string }) => {
        const over = flags.models === true ? 'models' : 'versions';
        const include = (flags.show?.split(',') ?? []) as ('metrics' | 'params')[];
        if (over === 'models' && include.length > 0) {
          throw new CliFailure('modelreg: --show applies to versions, not to --models', EXIT_USAGE);
        }
        const registry = connect(flags);
        const found = await take(
          registry.search(filterQuery, {
            ...toListOptions(flags),
            over,
            ...(include.length > 0 ? { include } : {}),
          }),
          flags.limit,
        );
        for (const warning of await unknownTermWarnings(registry, filterQuery, over))
          process.stderr.write(`modelreg: warning: ${warning}\n`);
        const output = new Output(flags.json === true);
        if (over === 'models') {
          output.list(found as RegisteredModel[], MODEL_COLUMNS, 'matching models');
          return;
        }
        const columns: Column<ModelVersionWithValues>[] = VERSION_COLUMNS.filter(
          (c) => c.header !== 'METADATA',
        );
        for (const part of include) {
          columns.push({
            header: part.toUpperCase(),
            value: (version) =>
              Object.entries(version[part] ?? {})
                .map(([name, value]) => `${name}=${String(value)}`)
                .join(' '),
          });
        }
        if (include.length === 0) columns.push(...VERSION_COLUMNS.filter((c) => c.header === 'METADATA'));
        output.list(found as ModelVersionWithValues[], columns, 'matching model versions');
      },
    );
}
