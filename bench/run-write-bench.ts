import { tmpdir } from 'node:os';
import { printWriteBench, readWriteBenchSettings } from './write-bench.js';

// The write bench alone: `npm run build && npx tsc -p bench && node bench/dist/run-write-bench.js`.
try {
  await printWriteBench(readWriteBenchSettings(process.env), tmpdir(), (m) =>
    process.stderr.write(`· ${m}\n`),
  );
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
