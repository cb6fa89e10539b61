import { InvalidArgumentError, Option, type Command } from 'commander';
import type {
  CorruptFile,
  ModelRegistry,
  VerificationRunReport,
  VerificationRunRequest,
} from '@modelreg/client';
import { ReportedFailure, usageError } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { mustGetModel, mustGetVersion } from '../lookups.js';
import { Output } from '../output.js';
import { formatBytes, ProgressBar } from '../progress-bar.js';

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of days (0 or more)');
  return n;
}

interface VerifyFlags extends GlobalOptions {
  readonly model?: string;
  readonly version?: string;
  readonly notVerifiedFor?: number;
  readonly rate?: number;
  readonly restart?: boolean;
}

function corruptLine(file: CorruptFile): string {
  return `  version ${file.modelVersionId}  ${file.path}: ${file.reason}`;
}

function describeRun(report: VerificationRunReport): string {
  const { run, corruptFiles } = report;
  const head = `verification run ${run.id}: ${run.filesDone} files (${formatBytes(run.bytesDone)}) verified of ${run.filesTotal}, ${corruptFiles.length} corrupt`;
  return corruptFiles.length === 0 ? head : [head, ...corruptFiles.map(corruptLine)].join('\n');
}

/** `modelreg verify`: a verification run driven step by step from here, resumable, with a progress bar. */
export function addVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      're-hash stored content against the sealed manifests (admins); corrupt content is quarantined, never served',
    )
    .summary('re-hash stored content; corrupt content is quarantined (admins)')
    .option('--model <name>', 'only the versions of this model')
    .option('--version <name>', 'only this version (with --model)')
    .addOption(
      new Option('--not-verified-for <days>', 'only files not verified within this many days').argParser(
        days,
      ),
    )
    .addOption(new Option('--rate <MB/s>', 'read at most this many MB per second').argParser(positiveNumber))
    .option('--restart', 'start a new run even if one with the same selection was interrupted')
    .addHelpText(
      'after',
      `
A run that is interrupted (killed, a lost connection) is resumed from its cursor by the next
"modelreg verify" with the same selection. Several invocations, on any replicas, share a run.
Exit code 1 when the selection holds corrupt content (listed, and in --json under corruptFiles).
${examples('modelreg verify', 'modelreg verify --model mnist --rate 50', 'modelreg verify --not-verified-for 30 --json')}`,
    )
    .action(async (flags: VerifyFlags, command: Command) => {
      if (flags.version !== undefined && flags.model === undefined)
        usageError(command, '--version needs --model');
      const registry = connect(flags);
      const request = await selection(registry, flags);
      const started = await registry.startVerification(request);
      if (flags.json !== true) {
        process.stderr.write(
          `${started.resumed ? 'resuming' : 'started'} verification run ${started.run.id}: ${started.run.filesDone} of ${started.run.filesTotal} files done\n`,
        );
      }
      const report = await drive(registry, started, flags.json === true);
      new Output(flags.json === true).result(report, describeRun(report));
      if (report.corruptFiles.length > 0) throw new ReportedFailure('corrupt content found');
    });
}

async function selection(registry: ModelRegistry, flags: VerifyFlags): Promise<VerificationRunRequest> {
  const request: { -readonly [K in keyof VerificationRunRequest]: VerificationRunRequest[K] } = {};
  if (flags.model !== undefined) {
    if (flags.version !== undefined)
      request.modelVersionId = (await mustGetVersion(registry, flags.model, flags.version)).id;
    else request.registeredModelId = (await mustGetModel(registry, flags.model)).id ?? '';
  }
  if (flags.notVerifiedFor !== undefined) request.notVerifiedForDays = flags.notVerifiedFor;
  if (flags.rate !== undefined) request.rateMBps = flags.rate;
  if (flags.restart === true) request.restart = true;
  return request;
}

/** Steps the run until it is done; while other workers hold its last batches, waits for them. */
async function drive(
  registry: ModelRegistry,
  started: VerificationRunReport,
  json: boolean,
): Promise<VerificationRunReport> {
  const bar = new ProgressBar(process.stderr, !json);
  let report = started;
  try {
    while (report.run.state === 'running') {
      const step = await registry.stepVerification(report.run.id);
      report = step;
      bar.update({
        file: `${report.run.filesDone}/${report.run.filesTotal} files`,
        fileBytes: 0,
        fileSize: 0,
        bytes: report.run.bytesDone,
        totalBytes: report.run.bytesTotal,
      });
      if (step.verifiedFiles === 0 && report.run.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    bar.finish();
  }
  return report;
}
