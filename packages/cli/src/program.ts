import { Command } from 'commander';
import { ParseOutcome } from './cli-failure.js';
import { addAliasCommand } from './commands/alias-command.js';
import { addArtifactsCommand } from './commands/artifacts-command.js';
import { addAuditCommand } from './commands/audit-command.js';
import { addCompareCommand } from './commands/compare-command.js';
import { addCompletionCommand } from './commands/completion-command.js';
import { addDeployCommand } from './commands/deploy-command.js';
import { addDeploymentsCommand } from './commands/deployments-command.js';
import { addExperimentsCommand } from './commands/experiments-command.js';
import { addFilesCommand } from './commands/files-command.js';
import { addGcCommand } from './commands/gc-command.js';
import { addHistoryCommand } from './commands/history-command.js';
import { addLineageCommand } from './commands/lineage-command.js';
import { addLoginCommand } from './commands/login-command.js';
import { addLogoutCommand } from './commands/logout-command.js';
import { addModelsCommand } from './commands/models-command.js';
import { addOpenApiCommand } from './commands/openapi-command.js';
import { addPullCommand } from './commands/pull-command.js';
import { addPushCommand } from './commands/push-command.js';
import { addRegisterCommand } from './commands/register-command.js';
import { addReportCommand } from './commands/report-command.js';
import { addRunsCommand } from './commands/runs-command.js';
import { addSearchCommand } from './commands/search-command.js';
import { addServeCommand } from './commands/serve-command.js';
import { addStageCommand } from './commands/stage-command.js';
import { addTokenCommand } from './commands/token-command.js';
import { addUndeployCommand } from './commands/undeploy-command.js';
import { addUploadsCommand } from './commands/uploads-command.js';
import { addVerifyCommand } from './commands/verify-command.js';
import { addVersionsCommand } from './commands/versions-command.js';
import { addWhichCommand } from './commands/which-command.js';
import { withGlobalOptions } from './global-options.js';
import { examples } from './help-text.js';

/** Leaf commands that do not talk to a registry, so take no --url, --token, --json. */
const OFFLINE = new Set(['serve', 'completion']);

const OTHER_SPELLING: Readonly<Record<string, string>> = {
  list: 'ls',
  ls: 'list',
  delete: 'rm',
  rm: 'delete',
};

export interface ProgramIo {
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
}

/** The whole command tree. Parsing never exits the process: every outcome is thrown as a ParseOutcome. */
export function createProgram(version: string, io: ProgramIo): Command {
  const program = new Command('modelreg')
    .description('modelreg: a model registry that speaks the Kubeflow Model Registry API')
    .version(version, '-V, --version', 'print the version')
    // Options belong to the command they follow: `register --version v1` is register's option.
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: io.writeOut,
      writeErr: io.writeErr,
      // Errors are printed once, as one line, by main.
      outputError: () => undefined,
    })
    .addHelpText(
      'after',
      `
Global options of every command that talks to a registry, anywhere on the line:
  --url <url>      the registry (MODELREG_URL; default http://127.0.0.1:8080)
  --token <token>  bearer token (MODELREG_TOKEN)
  --json           print the API entities as JSON on stdout, for scripts
  --timeout <ms>   milliseconds before a request is abandoned (default 30000)
  --debug          print the stack of an error as well

Exit codes: 0 done, 1 failed, 2 usage error.
${examples(
  'modelreg serve --data-dir ./registry',
  'modelreg register --name mnist --version v1 --uri s3://models/mnist/v1 --format onnx --metric accuracy=0.97',
  'modelreg register --name mnist --version v2 --path ./model-dir --format onnx',
  'modelreg pull mnist v2 --out ./mnist-v2',
  'modelreg versions list mnist',
  `modelreg search "metrics.accuracy > 0.9" --json`,
  'modelreg versions --help',
)}`,
    );

  addCommands(program);
  program.helpCommand(true);

  // After each command's own options, so they come first in its help.
  for (const command of everyCommand(program)) {
    if (command.commands.length === 0 && !OFFLINE.has(command.name())) withGlobalOptions(command);
  }

  // `ls` and `list`, `rm` and `delete`: whichever a command is named, the other spelling works too.
  for (const command of everyCommand(program)) {
    const other = OTHER_SPELLING[command.name()];
    if (other !== undefined && command.parent !== null) command.alias(other);
  }

  // Each command reports its own parse errors, so the hint can name the right --help.
  for (const command of everyCommand(program)) {
    command.exitOverride((error) => {
      throw new ParseOutcome(error, command);
    });
  }
  return program;
}

/** One file per top-level command (src/commands), added in the order the help lists them. */
function addCommands(program: Command): void {
  program.commandsGroup('Server:');
  addServeCommand(program);
  program.commandsGroup('Models:');
  addRegisterCommand(program);
  addModelsCommand(program);
  addVersionsCommand(program);
  addArtifactsCommand(program);
  addSearchCommand(program);
  addLineageCommand(program);
  addCompareCommand(program);
  program.commandsGroup('Files:');
  addPushCommand(program);
  addPullCommand(program);
  addFilesCommand(program);
  addUploadsCommand(program);
  addGcCommand(program);
  program.commandsGroup('Lifecycle:');
  addStageCommand(program);
  addAliasCommand(program);
  addDeployCommand(program);
  addUndeployCommand(program);
  addHistoryCommand(program);
  addWhichCommand(program);
  addAuditCommand(program);
  addDeploymentsCommand(program);
  program.commandsGroup('Integrity and audits:');
  addVerifyCommand(program);
  addReportCommand(program);
  program.commandsGroup('Experiments:');
  addExperimentsCommand(program);
  addRunsCommand(program);
  program.commandsGroup('Access:');
  addLoginCommand(program);
  addLogoutCommand(program);
  addTokenCommand(program);
  program.commandsGroup('Other:');
  addOpenApiCommand(program);
  addCompletionCommand(program);
}

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}
