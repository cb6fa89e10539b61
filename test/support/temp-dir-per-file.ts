import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Every test file gets a temporary directory of its own as TMPDIR (os.tmpdir() reads it on each
// call, and the processes a test starts inherit it), removed with everything in it once the file's
// tests are done: the scratch directories, databases and uploaded files the suites make land
// there. Before, they stayed in /tmp: 5.4 GB had piled up there after one day's runs on one
// machine (five of the whole suite, a few of single files).
const before = process.env['TMPDIR'];
const dir = mkdtempSync(join(tmpdir(), 'modelreg-test-'));
process.env['TMPDIR'] = dir;

// Registered first, so it runs after every other afterAll of the file (hooks run as a stack):
// the servers the suites started are stopped by then.
afterAll(() => {
  if (before === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = before;
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  } catch (error) {
    console.warn(`could not remove the test file's temporary directory ${dir}: ${String(error)}`);
  }
});
