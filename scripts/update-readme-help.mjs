// Rewrites the `modelreg --help` block of README.md from the built CLI:
//   npm run build && node scripts/update-readme-help.mjs
// test/cli/readme.test.ts fails when the README and the CLI disagree.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const readme = new URL('../README.md', import.meta.url);
const bin = new URL('../packages/cli/bin/modelreg.js', import.meta.url).pathname;
let text = readFileSync(readme, 'utf8');
for (const [marker, args] of [
  ['`modelreg --help`:', ['--help']],
  ['`modelreg versions --help`:', ['versions', '--help']],
]) {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const start = text.indexOf('```text\n', at);
  const end = text.indexOf('\n```', start + 8);
  const help = execFileSync(process.execPath, [bin, ...args])
    .toString()
    .trimEnd();
  text = `${text.slice(0, start)}\`\`\`text\n${help}${text.slice(end)}`;
}
writeFileSync(readme, text);
