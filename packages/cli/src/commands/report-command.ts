import { InvalidArgumentError, Option, type Command } from 'commander';
import type { RegistryReport, ReportFinding } from '@modelreg/client';
import { ReportedFailure, usageError } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output } from '../output.js';

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
