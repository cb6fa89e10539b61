import { Option, type Command } from 'commander';
import type { LineageEdge, LineageGraph, LineageNode } from '@modelreg/client';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { connect, parsePositiveInteger, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output } from '../output.js';

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

/** `modelreg lineage`: walk the lineage graph from a version, dataset, commit or pipeline run. */
export function addLineageCommand(program: Command): void {
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
}
