import { InvalidArgumentError, Option, type Command } from 'commander';
import type {
  ComparedRow,
  Comparison,
  LineageEdge,
  LineageGraph,
  LineageNode,
  MetricGoal,
} from '@modelreg/client';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { connect, parsePositiveInteger, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { parseVersionRef } from '../lineage-flags.js';
import { formatTable, formatTime, Output, type Column } from '../output.js';

interface LineageFlags extends GlobalOptions {
  readonly up?: boolean;
  readonly down?: boolean;
  readonly depth?: number;
  readonly format?: 'tree' | 'dot' | 'json';
  readonly dataset?: string;
  readonly commit?: string;
  readonly pipelineRun?: string;
}

/** One line of text for a node: what it is, and what identifies it. */
export function describeNode(node: LineageNode): string {
  const a = node.attributes as Record<string, unknown>;
  const text = (key: string) =>
    typeof a[key] === 'string' || typeof a[key] === 'number' ? String(a[key]) : '';
  const parts = (...values: string[]) => values.filter((v) => v !== '').join(', ');
  switch (node.kind) {
    case 'modelVersion':
      return `${node.label} (version ${node.key}${text('stage') === '' ? '' : `, ${text('stage')}`})`;
    case 'dataset': {
      // A dataset nothing visible records is known by the key it was asked for only.
      const details = parts(text('uri'), text('digest'));
      return `dataset ${text('name') === '' ? node.key : text('name')}${details === '' ? '' : ` (${details})`}`;
    }
    case 'commit':
      return `commit ${node.key}${parts(text('repository'), text('path')) === '' ? '' : ` (${parts(text('repository'), text('path'))})`}`;
    case 'pipelineRun':
      return `pipeline run ${node.key}${text('kind') === '' ? '' : ` (${text('kind')})`}`;
    case 'experimentRun':
      return `experiment run ${node.label} (id ${node.key})`;
    case 'inferenceService':
      return `inference service ${node.label} (id ${node.key})`;
    default:
      return node.id;
  }
}

/** The graph as an indented tree from its root: upstream (←) first, then downstream (→). */
export function formatLineageTree(graph: LineageGraph): string {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const into = new Map<string, LineageEdge[]>();
  const outOf = new Map<string, LineageEdge[]>();
  for (const edge of graph.edges) {
    into.set(edge.to, [...(into.get(edge.to) ?? []), edge]);
    outOf.set(edge.from, [...(outOf.get(edge.from) ?? []), edge]);
  }
  const root = nodes.get(graph.root);
  const lines = [root === undefined ? graph.root : describeNode(root)];
  const walk = (id: string, way: 'up' | 'down', prefix: string, seen: Set<string>) => {
    const edges = (way === 'up' ? into.get(id) : outOf.get(id)) ?? [];
    edges.forEach((edge, i) => {
      const last = i === edges.length - 1;
      const next = way === 'up' ? edge.from : edge.to;
      const node = nodes.get(next);
      const arrow = way === 'up' ? '←' : '→';
      const repeated = seen.has(next);
      lines.push(
        `${prefix}${last ? '└─' : '├─'} ${edge.type} ${arrow} ${node === undefined ? next : describeNode(node)}${repeated ? ' (see above)' : ''}`,
      );
      if (!repeated) walk(next, way, `${prefix}${last ? '   ' : '│  '}`, new Set([...seen, next]));
    });
  };
  if (graph.direction !== 'downstream') walk(graph.root, 'up', '', new Set([graph.root]));
  if (graph.direction !== 'upstream') walk(graph.root, 'down', '', new Set([graph.root]));
  if (lines.length === 1)
    lines.push(
      `(no recorded lineage ${graph.direction === 'both' ? '' : `${graph.direction} `}within depth ${graph.depth})`,
    );
  if (graph.truncated) lines.push('(truncated: the walk reached its node limit)');
  return `${lines.join('\n')}\n`;
}

/** Graphviz dot: `modelreg lineage m 1 --format dot | dot -Tsvg > lineage.svg`. */
export function formatLineageDot(graph: LineageGraph): string {
  const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph lineage {', '  rankdir=LR;'];
  for (const node of graph.nodes) {
    const shape = node.kind === 'modelVersion' ? 'box' : node.kind === 'dataset' ? 'cylinder' : 'ellipse';
    lines.push(`  ${quote(node.id)} [label=${quote(describeNode(node))}, shape=${shape}];`);
  }
  for (const edge of graph.edges)
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.type)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

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

/** `modelreg lineage` and `modelreg compare`. */
export function addLineageCommands(program: Command): void {
  program
    .command('lineage')
    .summary('what a version was made from, and what was made from it')
    .description(
      'walk the lineage graph from a version (or a dataset, commit or pipeline run): upstream are its datasets, code, pipeline or experiment run and parent versions; downstream the versions derived from it and where it is deployed',
    )
    .argument('[model]', 'model name')
    .argument('[version]', 'version name, or @alias')
    .option('--up', 'upstream only: what it was made from')
    .option('--down', 'downstream only: what was made from it')
    .addOption(
      new Option('--depth <n>', 'hops to follow (1 to 25, default 3)').argParser(parsePositiveInteger),
    )
    .addOption(
      new Option('--format <format>', 'tree (default), dot or json').choices(['tree', 'dot', 'json']),
    )
    .option('--dataset <digest|uri>', 'start from a dataset instead of a version')
    .option('--commit <sha>', 'start from a commit instead of a version')
    .option('--pipeline-run <id>', 'start from a pipeline run instead of a version')
    .addHelpText(
      'after',
      examples(
        'modelreg lineage churn 1.3.0 --up',
        'modelreg lineage --dataset sha256:9f86d081884c7d65… --down --depth 1',
        'modelreg lineage churn 1.3.0 --format dot | dot -Tsvg > churn.svg',
      ),
    )
    .action(async (model: string | undefined, version: string | undefined, flags: LineageFlags) => {
      const starts = [flags.dataset, flags.commit, flags.pipelineRun].filter((s) => s !== undefined);
      if (
        starts.length + (model === undefined ? 0 : 1) !== 1 ||
        (model !== undefined && version === undefined)
      ) {
        throw new CliFailure(
          'modelreg: lineage needs <model> <version>, or one of --dataset, --commit, --pipeline-run',
          EXIT_USAGE,
        );
      }
      if (flags.up === true && flags.down === true) {
        throw new CliFailure('modelreg: give --up or --down, not both (neither walks both ways)', EXIT_USAGE);
      }
      const from =
        model !== undefined && version !== undefined
          ? { model, version }
          : flags.dataset !== undefined
            ? `dataset:${flags.dataset}`
            : flags.commit !== undefined
              ? `commit:${flags.commit}`
              : `pipelineRun:${flags.pipelineRun ?? ''}`;
      const graph = await connect(flags).lineage(from, {
        direction: flags.up === true ? 'upstream' : flags.down === true ? 'downstream' : 'both',
        depth: flags.depth,
      });
      const format = flags.json === true ? 'json' : (flags.format ?? 'tree');
      if (format === 'json') new Output(true).result(graph, '');
      else process.stdout.write(format === 'dot' ? formatLineageDot(graph) : formatLineageTree(graph));
    });

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
