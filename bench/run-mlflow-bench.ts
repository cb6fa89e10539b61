import { tmpdir } from 'node:os';
import { printMlflowBench, readMlflowBenchSettings } from './mlflow-bench.js';

// `npm run bench:mlflow`: the MLflow bench alone (the same code `npm run bench` runs last).

try {
  await printMlflowBench({ ...readMlflowBenchSettings(process.env), enabled: true }, tmpdir(), (message) =>
    process.stderr.write(`· ${message}\n`),
  );
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
