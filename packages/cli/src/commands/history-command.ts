import type { Command } from 'commander';
import type { DeploymentEvent, StageTransition } from '@modelreg/client';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { mustGetVersion } from '../lookups.js';
import { formatTime, Output, type Column } from '../output.js';
import { named, type Named } from '../version-names.js';

const TRANSITION_COLUMNS: readonly Column<Named<StageTransition>>[] = [
  { header: 'WHEN', value: (t) => formatTime(t.timeSinceEpoch) },
  { header: 'VERSION', value: (t) => t.versionName },
  { header: 'FROM', value: (t) => t.fromStage },
  { header: 'TO', value: (t) => t.toStage },
  { header: 'BY', value: (t) => t.actor },
  { header: 'COMMENT', value: (t) => t.comment },
];
const DEPLOYMENT_COLUMNS: readonly Column<DeploymentEvent>[] = [
  { header: 'WHEN', value: (d) => formatTime(d.timeSinceEpoch) },
  { header: 'ACTION', value: (d) => d.action },
  { header: 'VERSION', value: (d) => d.version },
  { header: 'ENVIRONMENT', value: (d) => d.environment },
  { header: 'BY', value: (d) => d.actor },
  { header: 'ENDPOINT', value: (d) => d.endpoint },
];

/** `modelreg history`: stage moves and deployments of a model or one version. */
export function addHistoryCommand(program: Command): void {
  program
    .command('history')
    .description('who moved a model (or one version) through which stages, and where it was deployed')
    .argument('<model>', 'model name')
    .argument('[version]', 'version name (default: every version)')
    .addHelpText('after', examples('modelreg history mnist', 'modelreg history mnist v2 --json'))
    .action(async (model: string, version: string | undefined, flags: GlobalOptions) => {
      const registry = connect(flags);
      const stages = await registry.stageHistory(model, version);
      let deployments = await registry.deployments(model);
      if (version !== undefined) {
        const id = (await mustGetVersion(registry, model, version)).id;
        deployments = deployments.filter((d) => d.modelVersionId === id);
      }
      const out = new Output(flags.json === true);
      if (flags.json === true) return out.result({ stages, deployments }, '');
      process.stdout.write('Stages:\n');
      out.list(await named(registry, model, stages), TRANSITION_COLUMNS, 'stage moves');
      process.stdout.write('\nDeployments:\n');
      out.list(deployments, DEPLOYMENT_COLUMNS, 'deployments');
    });
}
