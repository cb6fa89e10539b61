import { Option, type Command } from 'commander';
import type { AliasMove, ProductionEntry } from '@modelreg/client';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output } from '../output.js';
import { parseTime } from '../parse-time.js';
import { parseStage, STAGES, type Stage } from '../stages.js';
import { named, type Named } from '../version-names.js';

/** `modelreg which`: the version in a stage, or holding an alias, now or at a time. */
export function addWhichCommand(program: Command): void {
  program
    .command('which')
    .description(
      'which version is in a stage (and where it is deployed), or holds an alias, now or at a time',
    )
    .argument('<model>', 'model name')
    .addOption(new Option('--stage <stage>', `${STAGES.join(', ')} (any case)`).argParser(parseStage))
    .option('--alias <alias>', 'an alias')
    .addOption(
      new Option('--at <time>', 'with --alias: at this time (ISO date or epoch ms)').argParser(parseTime),
    )
    .addHelpText(
      'after',
      examples(
        'modelreg which mnist --stage Production',
        'modelreg which mnist --alias champion --at 2026-11-01T12:00:00Z',
      ),
    )
    .action(async (model: string, flags: GlobalOptions & { stage?: Stage; alias?: string; at?: number }) => {
      const registry = connect(flags);
      const out = new Output(flags.json === true);
      if (flags.alias !== undefined) {
        const move: AliasMove = await registry.aliasAt(model, flags.alias, flags.at);
        const [{ versionName }] = (await named(registry, model, [move])) as [Named<AliasMove>];
        return out.result(move, `${model}@${flags.alias} → ${versionName}`);
      }
      const stage = flags.stage ?? 'Production';
      const entries = await registry.inStage(stage, model);
      out.result(
        entries,
        entries.length === 0
          ? `no version of '${model}' is in ${stage}`
          : entries.map((entry) => `${model} ${entry.version}: ${whereDeployed(entry)}`).join('\n'),
      );
    });
}

/** Where a version is deployed now, in words. */
function whereDeployed(entry: ProductionEntry): string {
  if (entry.deployments.length === 0) return 'not deployed';
  return entry.deployments
    .map(
      (d) => `${d.environment ?? d.servingEnvironmentId}${d.endpoint === undefined ? '' : ` ${d.endpoint}`}`,
    )
    .join(', ');
}
