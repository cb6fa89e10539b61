import { inspect } from 'node:util';
import type { CommanderError, Command } from 'commander';
import { isRegistryError } from '@modelreg/client';

/** Exit codes of every command: 0 done, 1 failed, 2 the command line itself is wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * A failure whose one-line message and exit code were decided where it happened (a bad metadata
 * file, a server that refused its configuration). The line is printed as it is.
 */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    /** The whole line, prefix included. */
    readonly line: string,
    readonly exitCode: number = EXIT_FAILURE,
    options?: { cause?: unknown },
  ) {
    super(line, options);
  }
}

/**
 * A command printed its result, and that result is a failure (a broken audit chain, corrupt
 * content, a report finding at or above `--fail-on`). Nothing more is printed; the exit code is
 * carried to the process through main's return value, never through `process.exitCode`, so no
 * later step can overwrite it.
 */
export class ReportedFailure extends Error {
  override readonly name = 'ReportedFailure';
  constructor(
    what: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(what);
  }
}

/** What commander reported while parsing the command line of `command` (or help/version it printed). */
export class ParseOutcome extends Error {
  override readonly name = 'ParseOutcome';
  constructor(
    readonly commanderError: CommanderError,
    readonly command: Command,
  ) {
    super(commanderError.message);
  }
}

/** Stops a command whose arguments are wrong in a way commander cannot see (exit code 2). */
export function usageError(command: Command, message: string): never {
  return command.error(message, { exitCode: EXIT_USAGE, code: 'modelreg.usage' });
}

/** `modelreg versions list`: the words a user types to reach the command. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** The one line (and, with --debug, the details) printed on stderr; returns the exit code. */
export function reportFailure(error: unknown, debug: boolean, writeErr: (text: string) => void): number {
  if (error instanceof ParseOutcome) {
    const { commanderError, command } = error;
    // Help and --version were printed already; help shown for a missing subcommand is a usage error.
    if (commanderError.code === 'commander.helpDisplayed' || commanderError.code === 'commander.version')
      return EXIT_OK;
    if (commanderError.code === 'commander.help') return EXIT_USAGE;
    const message = oneLine(commanderError.message.replace(/^error: /, ''))
      .replace('(Did you', '(did you')
      .replace(/\.$/, '');
    writeErr(`modelreg: ${message}; see "${commandPath(command)} --help"\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ReportedFailure) return error.exitCode;
  if (error instanceof CliFailure) {
    writeErr(`${error.line}\n`);
    if (debug && error.cause !== undefined) writeErr(`${inspect(error.cause)}\n`);
    return error.exitCode;
  }
  if (isRegistryError(error)) {
    writeErr(`modelreg: ${describeRegistryError(error)}\n`);
    if (debug) {
      if (error.requestId !== undefined) writeErr(`request id: ${error.requestId}\n`);
      writeErr(`${inspect(error)}\n`);
    }
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeErr(`modelreg: ${oneLine(message)}${debug ? '' : ' (run again with --debug for the stack)'}\n`);
  if (debug) writeErr(`${inspect(error)}\n`);
  return EXIT_FAILURE;
}

function describeRegistryError(error: { message: string; code: string; status: number }): string {
  const message = oneLine(error.message);
  if (error.code === 'NETWORK_ERROR')
    return `${message}; is the registry server running there? Check --url or MODELREG_URL`;
  if (error.code === 'NOT_A_REGISTRY') return `${message}; check --url or MODELREG_URL`;
  if (error.status === 401) {
    // The server's words are for any HTTP client; a CLI user has these ways to send a token.
    const what = error.code === 'AUTHENTICATION_REQUIRED' ? 'this registry requires authentication' : message;
    return `${what}: run \`modelreg login\` or pass --token / MODELREG_TOKEN (401 ${error.code})`;
  }
  return error.status > 0 ? `${message} (${error.status} ${error.code})` : `${message} (${error.code})`;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
