import { describe, expect, it } from 'vitest';
import { ParseOutcome } from './cli-failure.js';
import { placeGlobalOptions } from './global-option-order.js';
import { createProgram } from './program.js';

const program = createProgram('0.0.0', { writeOut: () => undefined, writeErr: () => undefined });
const place = (...argv: string[]): string[] => placeGlobalOptions(program, argv);

describe('placeGlobalOptions', () => {
  it('moves global options given before or between the command words to just after them', () => {
    expect(place('--url', 'http://h', 'register', '--version', 'v1')).toEqual([
      'register',
      '--url',
      'http://h',
      '--version',
      'v1',
    ]);
    expect(place('--json', 'versions', '--token=t', 'list', 'mnist', '--debug')).toEqual([
      'versions',
      'list',
      '--json',
      '--token=t',
      'mnist',
      '--debug',
    ]);
  });

  it('leaves a line whose options already follow the command as it is, and never looks past --', () => {
    expect(place('models', 'list', '--json')).toEqual(['models', 'list', '--json']);
    expect(place('compare', '--', '--json')).toEqual(['compare', '--', '--json']);
  });

  it('refuses an unknown option before the command as a usage error of the group it was given to', () => {
    const refused = (argv: string[]): ParseOutcome => {
      try {
        place(...argv);
      } catch (error) {
        if (error instanceof ParseOutcome) return error;
      }
      throw new Error(`${argv.join(' ')} was not refused`);
    };
    const root = refused(['--bogus', 'register', '--version', 'v1']);
    expect(root.commanderError.exitCode).toBe(2);
    expect(root.message).toContain("unknown option '--bogus'");
    expect(root.command.name()).toBe('modelreg');
    expect(refused(['versions', '--bogus', 'list']).command.name()).toBe('versions');
  });

  it('keeps help and --version for the groups, and gives a line without a command back to the root', () => {
    expect(place('versions', '--help')).toEqual(['versions', '--help']);
    expect(place('--url', 'http://h', 'frobnicate')).toEqual(['frobnicate', '--url', 'http://h']);
  });
});
