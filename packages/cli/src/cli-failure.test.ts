import { CommanderError, Command } from 'commander';
import { RegistryError } from '@modelreg/client';
import { describe, expect, it } from 'vitest';
import { CliFailure, ParseOutcome, ReportedFailure, reportFailure } from './cli-failure.js';

function report(error: unknown, debug = false): { code: number; lines: string[] } {
  let written = '';
  const code = reportFailure(error, debug, (text) => (written += text));
  return { code, lines: written.trimEnd().split('\n') };
}

describe('reportFailure', () => {
  it('prints nothing more for a result the command already printed as failed, and keeps its exit code', () => {
    let written = '';
    expect(reportFailure(new ReportedFailure('chain broken'), true, (t) => (written += t))).toBe(1);
    expect(reportFailure(new ReportedFailure('findings', 3), false, (t) => (written += t))).toBe(3);
    expect(written).toBe('');
  });

  it('gives a server error one line with its status and errorCode, and exit code 1', () => {
    const error = new RegistryError(
      'no registered model matches name=foo',
      'REGISTERED_MODEL_NOT_FOUND',
      404,
      'r1',
    );
    expect(report(error)).toEqual({
      code: 1,
      lines: ['modelreg: no registered model matches name=foo (404 REGISTERED_MODEL_NOT_FOUND)'],
    });
  });

  it('adds the request id and the stack with --debug', () => {
    const { lines } = report(new RegistryError('boom', 'INTERNAL', 500, 'req-7'), true);
    expect(lines[0]).toBe('modelreg: boom (500 INTERNAL)');
    expect(lines[1]).toBe('request id: req-7');
    expect(lines.slice(2).join('\n')).toMatch(/at /);
  });

  it('tells a CLI user how to send a token on a 401', () => {
    const required = new RegistryError(
      'this registry requires authentication: send a bearer token (Authorization: Bearer …)',
      'AUTHENTICATION_REQUIRED',
      401,
    );
    expect(report(required).lines).toEqual([
      'modelreg: this registry requires authentication: run `modelreg login` or pass --token / MODELREG_TOKEN (401 AUTHENTICATION_REQUIRED)',
    ]);
    const revoked = new RegistryError(
      'the bearer token is unknown, expired or revoked',
      'INVALID_TOKEN',
      401,
    );
    expect(report(revoked).lines).toEqual([
      'modelreg: the bearer token is unknown, expired or revoked: run `modelreg login` or pass --token / MODELREG_TOKEN (401 INVALID_TOKEN)',
    ]);
  });

  it('tells where to look when the server cannot be reached', () => {
    const error = new RegistryError('cannot reach http://127.0.0.1:9 (ECONNREFUSED)', 'NETWORK_ERROR', 0);
    const { code, lines } = report(error);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^modelreg: cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\); .*--url/);
  });

  it('reports a usage error on one line with the --help of the command, exit code 2', () => {
    const list = new Command('modelreg').command('models').command('list');
    const outcome = new ParseOutcome(
      new CommanderError(
        1,
        'commander.unknownOption',
        "error: unknown option '--bogus'\n(Did you mean --json?)",
      ),
      list,
    );
    expect(report(outcome)).toEqual({
      code: 2,
      lines: [`modelreg: unknown option '--bogus' (did you mean --json?); see "modelreg models list --help"`],
    });
  });

  it('prints nothing more after help or the version, exit code 0', () => {
    const root = new Command('modelreg');
    expect(
      report(new ParseOutcome(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), root)),
    ).toEqual({
      code: 0,
      lines: [''],
    });
  });

  it('prints a CliFailure line as it is, with its exit code', () => {
    expect(report(new CliFailure('modelreg serve: port is not a number', 2))).toEqual({
      code: 2,
      lines: ['modelreg serve: port is not a number'],
    });
  });

  it('points to --debug for an unexpected error', () => {
    expect(report(new TypeError('x is undefined')).lines).toEqual([
      'modelreg: x is undefined (run again with --debug for the stack)',
    ]);
  });
});
