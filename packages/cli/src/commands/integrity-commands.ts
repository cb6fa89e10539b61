import { InvalidArgumentError, Option, type Command } from 'commander';
import type {
  CorruptFile,
  ModelRegistry,
  RegistryReport,
  ReportFinding,
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

/** The "Integrity and audits" group: verify and report. */
export function addIntegrityCommands(program: Command): void {
  program.commandsGroup('Integrity and audits:');
  addVerifyCommand(program);
  addReportCommand(program);
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

const SEVERITIES = ['info', 'low', 'medium', 'high'] as const;
type Severity = (typeof SEVERITIES)[number];

interface ReportFlags extends GlobalOptions {
  readonly markdown?: boolean;
  readonly failOn?: Severity;
  readonly staleDays?: number;
  readonly stagingDays?: number;
  readonly verifyDays?: number;
  readonly tokenUnusedDays?: number;
}

function wholeDays(value: string): number {
  if (!/^\d{1,5}$/.test(value)) throw new InvalidArgumentError('expected a whole number of days');
  return Number(value);
}

/** `modelreg report`: what needs attention, for a person, a machine (--json) or a weekly document (--markdown). */
export function addReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'what needs attention in the registry (admins): lifecycle gaps, stale models, integrity, access; each with the command that fixes it',
    )
    .summary('what needs attention in the registry, with the fixes (admins)')
    .option('--markdown', 'print a Markdown document (a weekly report)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(SEVERITIES),
    )
    .addOption(
      new Option(
        '--stale-days <n>',
        'a model with no new version and no deployment for n days is stale (90)',
      ).argParser(wholeDays),
    )
    .addOption(
      new Option('--staging-days <n>', 'a version in Staging for more than n days is stale (30)').argParser(
        wholeDays,
      ),
    )
    .addOption(
      new Option('--verify-days <n>', 'content not verified within n days is reported (30)').argParser(
        wholeDays,
      ),
    )
    .addOption(
      new Option('--token-unused-days <n>', 'a token not used for n days is unused (90)').argParser(
        wholeDays,
      ),
    )
    .addHelpText(
      'after',
      `
Severities: info, low, medium, high. Exit code 1 with --fail-on when a finding is at least that
severe (for CI and cron), else 0.
${examples('modelreg report', 'modelreg report --fail-on high', 'modelreg report --markdown > weekly.md', 'modelreg report --json --stale-days 30')}`,
    )
    .action(async (flags: ReportFlags, command: Command) => {
      if (flags.markdown === true && flags.json === true)
        usageError(command, '--markdown and --json exclude each other');
      const report = await connect(flags).report({
        ...(flags.staleDays === undefined ? {} : { staleModelDays: flags.staleDays }),
        ...(flags.stagingDays === undefined ? {} : { stagingDays: flags.stagingDays }),
        ...(flags.verifyDays === undefined ? {} : { verifyDays: flags.verifyDays }),
        ...(flags.tokenUnusedDays === undefined ? {} : { tokenUnusedDays: flags.tokenUnusedDays }),
      });
      if (flags.markdown === true) process.stdout.write(reportMarkdown(report));
      else new Output(flags.json === true).result(report, reportText(report));
      const floor = flags.failOn;
      if (floor !== undefined) {
        const failing = report.findings.filter(
          (f) => SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(floor),
        );
        if (failing.length > 0) throw new ReportedFailure(`${failing.length} findings at ${floor} or above`);
      }
    });
}

function bySeverity(report: RegistryReport): [Severity, ReportFinding[]][] {
  return [...SEVERITIES]
    .reverse()
    .map((severity): [Severity, ReportFinding[]] => [
      severity,
      report.findings.filter((f) => f.severity === severity),
    ])
    .filter(([, findings]) => findings.length > 0);
}

export function reportText(report: RegistryReport): string {
  if (report.findings.length === 0) return 'Nothing needs attention.';
  const lines: string[] = [];
  for (const [severity, findings] of bySeverity(report)) {
    lines.push(`${severity.toUpperCase()} (${findings.length})`);
    for (const f of findings) {
      lines.push(`  ${f.kind}  ${f.entity.name}: ${f.why}`, `    fix: ${f.fix}`);
    }
  }
  return lines.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function reportMarkdown(report: RegistryReport): string {
  const t = report.thresholds;
  const out = [
    '# Registry report',
    '',
    `Generated ${new Date(Number(report.generatedAt)).toISOString()}. Stale after: models ${t.staleModelDays} days, Staging ${t.stagingDays} days, verification ${t.verifyDays} days, unused tokens ${t.tokenUnusedDays} days.`,
    '',
  ];
  if (report.findings.length === 0) return `${[...out, 'Nothing needs attention.'].join('\n')}\n`;
  out.push('| severity | findings |', '| --- | --- |');
  for (const [severity, findings] of bySeverity(report)) out.push(`| ${severity} | ${findings.length} |`);
  for (const [severity, findings] of bySeverity(report)) {
    out.push(
      '',
      `## ${severity[0]?.toUpperCase()}${severity.slice(1)}`,
      '',
      '| finding | entity | why | fix |',
      '| --- | --- | --- | --- |',
    );
    for (const f of findings) {
      out.push(
        `| ${f.kind} | ${cell(`${f.entity.type} ${f.entity.name}`)} | ${cell(f.why)} | \`${cell(f.fix)}\` |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
