import { tmpdir } from 'node:os';
import { printTransferBench, readTransferBenchSettings } from './transfer-bench.js';

// `npm run bench:transfer`: only the push/pull part of `npm run bench` (needs the built CLI).
try {
  await printTransferBench(readTransferBenchSettings(process.env), tmpdir());
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
