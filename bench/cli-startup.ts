import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { summarize, type LatencySummary } from './stats.js';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/modelreg.js', import.meta.url));

export interface StartupComparison {
  readonly modelregVersion: LatencySummary;
  readonly nodeBaseline: LatencySummary;
  /** `modelreg pull --help`: a command's start-up (commander and every command's modules), for information. */
  readonly command: LatencySummary;
  /** p50 of `modelreg --version` ÷ p50 of `node -e 0`; the target is under 3. */
  readonly ratio: number;
  readonly runs: number;
}

function timeRuns(args: readonly string[], runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const elapsed = performance.now() - started;
    if (result.status !== 0) {
      throw new Error(`${args.join(' ')} exited ${String(result.status)}: ${result.stderr.toString()}`);
    }
    samples.push(elapsed);
  }
  return samples;
}

/**
 * How fast `modelreg --version` answers, beside a bare `node -e 0` measured in the same run and
 * interleaved in rounds, so a noisy neighbour slows both alike.
 */
export function measureCliStartup(runs = 30): StartupComparison {
  const cli: number[] = [];
  const node: number[] = [];
  const command: number[] = [];
  timeRuns([BIN, '--version'], 3);
  timeRuns(['-e', '0'], 3);
  timeRuns([BIN, 'pull', '--help'], 3);
  for (let round = 0; round < runs; round++) {
    node.push(...timeRuns(['-e', '0'], 1));
    cli.push(...timeRuns([BIN, '--version'], 1));
    command.push(...timeRuns([BIN, 'pull', '--help'], 1));
  }
  const modelregVersion = summarize(cli);
  const nodeBaseline = summarize(node);
  return {
    modelregVersion,
    nodeBaseline,
    command: summarize(command),
    ratio: modelregVersion.p50 / nodeBaseline.p50,
    runs,
  };
}
