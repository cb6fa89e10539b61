import { Argument, InvalidArgumentError, Option, type Command } from 'commander';
import { unwrap } from '../api-result.js';
import { RUN_COLUMNS } from '../columns.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take, toListOptions, withListOptions, type ListFlags } from '../list-options.js';
import { mustGetExperiment } from '../lookups.js';
import { parseScalar } from '../metadata-flags.js';
import { Output } from '../output.js';

const API = '/api/model_registry/v1alpha3';
const END_STATUSES = ['FINISHED', 'FAILED', 'KILLED'] as const;
type EndStatus = (typeof END_STATUSES)[number];

export function addRunsCommand(program: Command): void {
  const runs = program
    .command('runs')
    .summary('start runs, log their parameters and metrics, end them')
    .description('start experiment runs, log their parameters and metrics, and end them')
    .addHelpText(
      'after',
      examples(
        'RUN=$(modelreg runs start mnist-training --name lr-0.01 --json | jq -r .id)',
        'modelreg runs log-param "$RUN" lr 0.01',
        'modelreg runs log-metric "$RUN" accuracy 0.97 --step 10',
        'modelreg runs end "$RUN"',
        'modelreg runs list mnist-training',
      ),
    );

  addRunsListCommand(runs);
  addRunsGetCommand(runs);
  addRunsStartCommand(runs);
  addRunsLogParamCommand(runs);
  addRunsLogMetricCommand(runs);
  addRunsEndCommand(runs);
}

/** `modelreg runs list`. */
function addRunsListCommand(runs: Command): void {
  withListOptions(runs.command('list'))
    .description("list an experiment's runs (every experiment's without <experiment>)")
    .argument('[experiment]', 'experiment name')
    .addHelpText(
      'after',
      examples('modelreg runs list mnist-training', 'modelreg runs list --json --limit 10'),
    )
    .action(async (experiment: string | undefined, flags: GlobalOptions & ListFlags) => {
      const items = await take(connect(flags).experimentRuns(experiment, toListOptions(flags)), flags.limit);
      new Output(flags.json === true).list(items, RUN_COLUMNS, 'experiment runs');
    });
}

/** `modelreg runs get`. */
function addRunsGetCommand(runs: Command): void {
  runs
    .command('get')
    .description('show an experiment run')
    .argument('<experiment>', 'experiment name')
    .argument('<run>', 'run name')
    .addHelpText('after', examples('modelreg runs get mnist-training lr-0.01 --json'))
    .action(async (experiment: string, run: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      const parent = await mustGetExperiment(registry, experiment);
      const found = await unwrap(
        registry.api.GET(`${API}/experiment_run`, {
          params: { query: { name: run, parentResourceId: parent.id } },
        }),
      );
      new Output(flags.json === true).entity(found);
    });
}

/** `modelreg runs start`. */
function addRunsStartCommand(runs: Command): void {
  runs
    .command('start')
    .description('start a run in an experiment (created if it does not exist); prints the run and its id')
    .argument('<experiment>', 'experiment name')
    .option('--name <run>', 'run name, unique within the experiment (default: chosen by the server)')
    .option('--description <text>', 'description of the run')
    .option('--owner <owner>', 'owner of the run (default: MODELREG_AUTHOR or USER)')
    .addHelpText(
      'after',
      examples(
        'modelreg runs start mnist-training --name lr-0.01',
        'RUN=$(modelreg runs start mnist-training --json | jq -r .id)',
      ),
    )
    .action(
      async (
        experiment: string,
        flags: GlobalOptions & { name?: string; description?: string; owner?: string },
      ) => {
        const logger = await connect(flags).startExperimentRun({
          experiment,
          name: flags.name,
          description: flags.description,
          owner: flags.owner,
        });
        new Output(flags.json === true).entity(
          logger.run,
          `started run ${logger.run.id ?? ''} in '${experiment}'`,
        );
      },
    );
}

/** `modelreg runs log-param`. */
function addRunsLogParamCommand(runs: Command): void {
  runs
    .command('log-param')
    .description('record a parameter (hyperparameter) of a run; logging a name again replaces it')
    .argument('<runId>', 'run id, as "runs start" printed it')
    .argument('<name>', 'parameter name')
    .argument('<value>', 'value: true/false, a number, else text')
    .addHelpText(
      'after',
      examples('modelreg runs log-param 12 learning_rate 0.01', 'modelreg runs log-param 12 optimizer adam'),
    )
    .action(async (runId: string, name: string, text: string, flags: GlobalOptions) => {
      const run = await connect(flags).experimentRun(runId);
      const parameter = await run.logParam(name, parseScalar(text));
      new Output(flags.json === true).entity(parameter, `logged parameter ${name}=${text} to run ${runId}`);
    });
}

/** `modelreg runs log-metric`. */
function addRunsLogMetricCommand(runs: Command): void {
  runs
    .command('log-metric')
    .description("record a metric value of a run (each value is kept in the run's metric history)")
    .argument('<runId>', 'run id, as "runs start" printed it')
    .argument('<name>', 'metric name')
    .addArgument(new Argument('<value>', 'a number').argParser(parseNumber))
    .addOption(new Option('--step <n>', 'training step or epoch').argParser(parseStep))
    .addHelpText(
      'after',
      examples('modelreg runs log-metric 12 accuracy 0.97', 'modelreg runs log-metric 12 loss 0.31 --step 5'),
    )
    .action(async (runId: string, name: string, value: number, flags: GlobalOptions & { step?: number }) => {
      const run = await connect(flags).experimentRun(runId);
      const metric = await run.logMetric(name, value, flags.step === undefined ? {} : { step: flags.step });
      new Output(flags.json === true).entity(metric, `logged metric ${name}=${value} to run ${runId}`);
    });
}

/** `modelreg runs end`. */
function addRunsEndCommand(runs: Command): void {
  runs
    .command('end')
    .description('end a run with a final status')
    .argument('<runId>', 'run id, as "runs start" printed it')
    .addOption(new Option('--status <status>', 'final status').choices(END_STATUSES).default('FINISHED'))
    .addHelpText('after', examples('modelreg runs end 12', 'modelreg runs end 12 --status FAILED'))
    .action(async (runId: string, flags: GlobalOptions & { status: EndStatus }) => {
      const run = await (await connect(flags).experimentRun(runId)).end(flags.status);
      new Output(flags.json === true).entity(run, `ended run ${runId}: ${flags.status}`);
    });
}

function parseNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('expected a number');
  return number;
}

function parseStep(value: string): number {
  if (!/^(0|[1-9]\d*)$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}
