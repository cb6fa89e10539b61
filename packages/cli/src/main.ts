import { readFileSync } from 'node:fs';
import { reportFailure, EXIT_OK } from './cli-failure.js';
import { placeGlobalOptions } from './global-option-order.js';
import { createProgram } from './program.js';

/** Runs the CLI and resolves to the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram(readVersion(), {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });
  // `modelreg models list | head -1`: a reader that stops early is not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    throw error;
  });
  try {
    await program.parseAsync(placeGlobalOptions(program, argv), { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // Read from argv rather than the parsed options: a failure may come before parsing finished.
    const debug = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--debug');
    return reportFailure(error, debug, (text) => process.stderr.write(text));
  }
}

function readVersion(): string {
  const path = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}
