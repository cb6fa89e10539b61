import { tmpdir } from 'node:os';
import { printFilesBench, readFilesBenchSettings } from './files-bench.js';

// `node bench/dist/run-files-bench.js` (after `npm run build && npx tsc -p bench`): only the
// model-files part of `npm run bench`.
try {
  await printFilesBench(readFilesBenchSettings(process.env), tmpdir());
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
