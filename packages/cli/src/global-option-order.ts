import { Command } from 'commander';
import { withGlobalOptions } from './global-options.js';

/** The long flags of the global options, and whether each takes a value. */
const GLOBAL_FLAGS: ReadonlyMap<string, boolean> = new Map(
  withGlobalOptions(new Command()).options.map((option) => [
    option.long ?? option.flags,
    option.required || option.optional,
  ]),
);

/** Options the command groups answer themselves (the root's --version, every group's --help). */
const GROUP_FLAGS = new Set(['-h', '--help', '-V', '--version']);

/**
 * The command line with the global options (--url, --token, --json, --timeout, --debug) that come
 * before or between the command's words moved to just after them, where the command takes them:
 * `modelreg --url U versions --json list m` is parsed as `modelreg versions list --url U --json m`,
 * as git, kubectl and gh accept it.
 *
 * Why not let commander see them where they are: the root parses positional options, and an
 * option it does not know makes it treat every later word as unknown too, so `modelreg --url U
 * register --version v1` reached the root's own --version, printed the version and exited 0
 * having done nothing. An option before the command that is no global option is therefore refused
 * here, by the command group it was given to (exit 2), instead of being left to that fall-through.
 */
export function placeGlobalOptions(program: Command, argv: readonly string[]): string[] {
  const path: string[] = [];
  const moved: string[] = [];
  let command = program;
  let at = 0;
  while (at < argv.length && command.commands.length > 0) {
    const word = argv[at] ?? '';
    if (word === '--') break;
    const flag = word.startsWith('--') ? (word.split('=', 1)[0] ?? word) : word;
    const takesValue = GLOBAL_FLAGS.get(flag);
    if (takesValue !== undefined) {
      const width = takesValue && !word.includes('=') && at + 1 < argv.length ? 2 : 1;
      moved.push(...argv.slice(at, at + width));
      at += width;
      continue;
    }
    if (word.startsWith('-')) {
      if (GROUP_FLAGS.has(word)) break;
      command.error(`error: unknown option '${word}'`, { exitCode: 2, code: 'commander.unknownOption' });
    }
    const sub = command.commands.find(
      (candidate) => candidate.name() === word || candidate.aliases().includes(word),
    );
    if (sub === undefined) break;
    path.push(word);
    command = sub;
    at++;
  }
  // Without a command there is nothing to give them to: the words left say what is wrong.
  if (command === program) return [...argv.slice(at), ...moved];
  return [...path, ...moved, ...argv.slice(at)];
}
