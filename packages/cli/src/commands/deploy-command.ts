import type { Command } from 'commander';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { connect } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output } from '../output.js';
import { addKServeDeployOptions, deployToKServe, type KServeDeployFlags } from './kserve-deploy.js';

/** `modelreg deploy`: record a deployment, or apply a version to KServe and record it. */
export function addDeployCommand(program: Command): void {
  addDeploymentRecordCommand(program, 'deploy');
}

/** `deploy` or `undeploy`: the two differ in their help, their version argument and KServe. */
export function addDeploymentRecordCommand(program: Command, action: 'deploy' | 'undeploy'): void {
  const command = program
    .command(action)
    .description(
      action === 'deploy'
        ? 'record a deployment, or (--target kserve) apply a version to KServe and record it'
        : 'record that a version was undeployed from a serving environment',
    )
    .argument('<model>', 'model name')
    .argument(action === 'deploy' ? '[version]' : '<version>', 'version name, or @alias')
    .option('--env <name>', 'serving environment (e.g. a namespace); created if new')
    .option('--endpoint <url>', 'where the deployed model answers')
    .option('--service <name>', "inference service name (default: the model's name)")
    .option('-m, --comment <text>', 'why');
  if (action === 'deploy') addKServeDeployOptions(command);
  command
    .addHelpText(
      'after',
      examples(
        `modelreg ${action} mnist v2 --env prod-eu${action === 'deploy' ? ' --endpoint https://mnist.eu.example' : ''}`,
        ...(action === 'deploy'
          ? [
              'modelreg deploy mnist @champion --target kserve --namespace team-a --dry-run',
              'modelreg deploy mnist v3 --target kserve --namespace team-a --canary 10 --apply',
              'modelreg deploy mnist --target kserve --namespace team-a --promote-canary --apply',
            ]
          : []),
      ),
    )
    .action(
      async (
        model: string,
        version: string | undefined,
        flags: KServeDeployFlags & { env?: string; endpoint?: string; service?: string; comment?: string },
      ) => {
        if (flags.target === 'kserve') return deployToKServe(model, version, flags);
        if (flags.env === undefined || version === undefined) {
          throw new CliFailure(
            `modelreg: ${action} needs a version and --env (or --target kserve with --namespace)`,
            EXIT_USAGE,
          );
        }
        const event = await connect(flags).recordDeployment(model, version, {
          environment: flags.env,
          action,
          ...(flags.endpoint === undefined ? {} : { endpoint: flags.endpoint }),
          ...(flags.service === undefined ? {} : { inferenceService: flags.service }),
          ...(flags.comment === undefined ? {} : { comment: flags.comment }),
        });
        new Output(flags.json === true).result(
          event,
          `${action}ed version '${version}' of '${model}' in ${flags.env}`,
        );
      },
    );
}
