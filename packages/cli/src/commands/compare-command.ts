import { InvalidArgumentError, type Command } from 'commander';
import type { ComparedRow, Comparison, MetricGoal } from '@modelreg/client';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { parseVersionRef } from '../lineage-flags.js';
import { formatTable, formatTime, Output, type Column } from '../output.js';

function parseGoal(pair: string, previous: Record<string, MetricGoal> = {}): Record<string, MetricGoal> {
  const at = pair.lastIndexOf('=');
  const goal = pair.slice(at + 1);
  if (at <= 0 || (goal !== 'maximize' && goal !== 'minimize')) {
    throw new InvalidArgumentError('expected <metric>=maximize|minimize');
  }
  return { ...previous, [pair.slice(0, at)]: goal };
}

type Row = {
  section: string;
  name: string;
  values: readonly unknown[];
  differs: boolean;
  best?: readonly string[];
};

/** The comparison as one table: a row per field, metric (best marked *), parameter and lineage item. */
export function formatComparison(comparison: Comparison): string {
  const versions = comparison.versions;
  const rows: Row[] = [];
  // A row no version has a value for says nothing; times read as times.
  const add = (section: string, items: readonly ComparedRow[]) => {
    for (const item of items) {
      if (item.values.every((value) => value === null || value === undefined)) continue;
      const values = item.name.endsWith('TimeSinceEpoch')
        ? item.values.map((v) => formatTime(v))
        : item.values;
      const name = item.name === 'createTimeSinceEpoch' ? 'created' : item.name;
      rows.push({ section, name, values, differs: item.differs });
    }
  };

  add(
    '',
    comparison.fields.filter((f) => !['registeredModelName', 'name'].includes(f.name)),
  );
  for (const metric of comparison.metrics) {
    rows.push({
      section: 'metrics.',
      name: `${metric.name} (${metric.goal === 'maximize' ? 'higher' : 'lower'} is better)`,
      values: metric.values,
      differs: metric.differs,
      best: metric.best,
    });
  }
  add('params.', comparison.params);
  add(
    '',
    comparison.properties.map((p) => ({ ...p, name: `property ${p.name}` })),
  );
  add('', comparison.lineage);
  const columns: Column<Row>[] = [
    { header: '', value: (row) => `${row.differs ? '≠ ' : '  '}${row.section}${row.name}` },
    ...versions.map((v, i): Column<Row> => ({
      header: `${v.registeredModelName}:${v.name}`,
      value: (row) => {
        const value = row.values[i];
        if (value === null || value === undefined) return '—';
        const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
        return row.best?.includes(v.id) === true ? `${text} *` : text;
      },
    })),
  ];
  return `${formatTable(rows, columns)}\n≠ the versions differ   * best value of a metric\n`;
}

/** `modelreg compare`: versions side by side. */
export function addCompareCommand(program: Command): void {
  program
    .command('compare')
    .summary('compare versions side by side: metrics (best marked), params, lineage')
    .description(
      'compare 2 to 50 versions, of one model or several: fields, metrics with the best per metric, hyperparameters, custom properties and lineage; rows that differ are marked',
    )
    .argument('<versions...>', '<model>:<version> of each version to compare')
    .option(
      '--goal <metric=maximize|minimize>',
      "whether higher or lower is better, overriding the model's setting (repeatable)",
      parseGoal,
    )
    .addHelpText(
      'after',
      `
Without --goal, a metric's goal is the model's (PUT …/metric_goals), else lower is better for
names like loss, error, mae, rmse, latency, perplexity, wer, and higher for every other.
${examples('modelreg compare churn:1.2.0 churn:1.3.0', 'modelreg compare churn:1.3.0 churn-distilled:0.1.0 --goal f1=maximize --json')}`,
    )
    .action(async (refs: string[], flags: GlobalOptions & { goal?: Record<string, MetricGoal> }) => {
      if (refs.length < 2)
        throw new CliFailure('modelreg: compare needs at least two <model>:<version>', EXIT_USAGE);
      const comparison = await connect(flags).compare(refs.map(parseVersionRef), { goals: flags.goal });
      new Output(flags.json === true).result(comparison, formatComparison(comparison).trimEnd());
    });
}
