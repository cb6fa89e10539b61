#!/usr/bin/env node
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before commander, the SDK or the server load, so it starts as fast as node does.
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const { main } = await import('../dist/main.js');
  const code = await main(args);
  // A failure is never lowered to success: main's code wins unless it is 0 and something else
  // (a library, a stray handler) already recorded a failure.
  process.exitCode = code === 0 ? (process.exitCode ?? 0) : code;
}
