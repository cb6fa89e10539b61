import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_URL, ModelRegistry } from '@modelreg/client';
import { savedToken } from './credentials.js';

/** The options every command that talks to a registry takes. */
export interface GlobalOptions {
  readonly url: string;
  readonly token?: string | undefined;
  readonly json?: boolean | undefined;
  readonly debug?: boolean | undefined;
  readonly timeout: number;
}

const GROUP = 'Global options:';

/**
 * Adds --url, --token, --json, --debug and --timeout to a command.
 *
 * Each flag beats its environment variable; a token saved by `modelreg login` comes last.
 * The token is never echoed: help shows only the variable's name.
 */
export function withGlobalOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--url <url>', 'base URL of the registry')
        .env('MODELREG_URL')
        .default(DEFAULT_URL)
        .argParser(parseUrl)
        .helpGroup(GROUP),
    )
    .addOption(new Option('--token <token>', 'bearer token to send').env('MODELREG_TOKEN').helpGroup(GROUP))
    .addOption(
      new Option('--json', 'print the API entities as JSON on stdout, nothing else').helpGroup(GROUP),
    )
    .addOption(
      new Option('--timeout <ms>', 'milliseconds before a request is abandoned')
        .default(30_000)
        .argParser(parsePositiveInteger)
        .helpGroup(GROUP),
    )
    .addOption(new Option('--debug', 'print the stack of an error as well').helpGroup(GROUP));
}

/**
 * The SDK client for the options a command was given. The token is the flag's, else
 * MODELREG_TOKEN, else the one `modelreg login` saved for this URL.
 */
export function connect(options: GlobalOptions): ModelRegistry {
  // An empty MODELREG_TOKEN means "no token", not "Bearer ".
  const given = options.token === '' ? undefined : options.token;
  return new ModelRegistry({
    url: options.url,
    token: given ?? savedToken(options.url) ?? '',
    timeoutMs: options.timeout,
  });
}

function parseUrl(value: string): string {
  if (value === '') return DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL such as http://127.0.0.1:8080');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('expected an http:// or https:// URL');
  return value;
}

export function parsePositiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError('expected a positive integer');
  return Number(value);
}
