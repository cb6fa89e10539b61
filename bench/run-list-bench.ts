import { printListBench, readListBenchSettings } from './list-bench.js';

// `npm run bench:lists`: the list bench alone (the same code `npm run bench` runs).

try {
  await printListBench({ ...readListBenchSettings(process.env), enabled: true }, (message) =>
    process.stderr.write(`· ${message}\n`),
  );
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
