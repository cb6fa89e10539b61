import { printGrowthBench, readGrowthSettings } from './growth-bench.js';

// `npm run bench:growth`: the creation-rate growth bench alone (the same code `npm run bench` runs).

try {
  await printGrowthBench({ ...readGrowthSettings(process.env), enabled: true }, (message) =>
    process.stderr.write(`· ${message}\n`),
  );
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
