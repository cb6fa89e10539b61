import { describeMachine } from './report.js';
import { formatSearchReport, readSearchSettings, runSearchBench, searchJson } from './search-bench.js';
import Database from 'better-sqlite3';

// `npm run bench:search`: the search bench alone (the same code `npm run bench` runs after its
// other phases), for when only the search figures are wanted.

function progress(message: string): void {
  process.stderr.write(`· ${message}\n`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const settings = { ...readSearchSettings(process.env), enabled: true };
  const report = await runSearchBench(settings, progress);
  const probe = new Database(':memory:');
  const machine = describeMachine(String(probe.prepare('select sqlite_version() as v').pluck().get()));
  probe.close();
  const out = [
    '',
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}, SQLite ${machine.sqlite}`,
    ...formatSearchReport(report),
    '',
    `search bench ran ${((performance.now() - started) / 1000).toFixed(1)} s (without the build)`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  const json = {
    bench: 'modelreg-search',
    dialect: 'sqlite',
    machine,
    search: searchJson(report),
    runtimeSeconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(json)}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
