import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ApiToken } from '@modelreg/client';
import type { Column } from '../output.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { mustGetModel } from '../lookups.js';
import { Output } from '../output.js';

const ROLES = ['viewer', 'editor', 'promoter', 'admin'] as const;

const TOKEN_COLUMNS: readonly Column<ApiToken>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'NAME', value: (t) => t.name },
  { header: 'SUBJECT', value: (t) => t.subject },
  { header: 'ROLE', value: (t) => t.role },
  { header: 'MODEL', value: (t) => t.registeredModelId },
  { header: 'STATE', value: (t) => t.state },
  {
    header: 'EXPIRES',
    value: (t) => (t.expireTimeSinceEpoch === undefined ? 'never' : isoDate(t.expireTimeSinceEpoch)),
  },
];

function isoDate(epochMs: string): string {
  return new Date(Number(epochMs)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `90d`, `12h`, `30m` or `3600s` to seconds. */
export function parseDuration(value: string): number {
  const match = /^([1-9]\d{0,6})([smhd])$/.exec(value);
  if (match === null) throw new InvalidArgumentError('expected a duration such as 90d, 12h, 30m or 3600s');
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

interface CreateFlags extends GlobalOptions {
  name: string;
  role: (typeof ROLES)[number];
  subject?: string;
  model?: string;
  expires?: number;
  db?: string;
}

export function addTokenCommand(program: Command): void {
  const token = program
    .command('token')
    .summary('create, list and revoke API tokens (admins)')
    .description(
      'create, list and revoke API tokens. A token is shown once, when created; the registry keeps only its hash.',
    )
    .addHelpText(
      'after',
      examples(
        'modelreg token create --name admin --role admin --db sqlite:./modelreg-data/registry.db   # first admin, on the server host',
        'modelreg token create --name ci --role editor --expires 90d',
        'modelreg token list',
        'modelreg token revoke 3',
      ),
    );

  addTokenCreateCommand(token);
  addTokenListCommand(token);
  addTokenRevokeCommand(token);
}

/** `modelreg token create`. */
function addTokenCreateCommand(token: Command): void {
  token
    .command('create')
    .description('create an API token and print it (only this once)')
    .requiredOption('--name <name>', 'a unique name for the token, e.g. the job that uses it')
    .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
    .option(
      '--subject <user>',
      'the identity requests act as (default: the token name); only a global admin names another than itself',
    )
    .option('--model <name>', 'limit the role to one registered model')
    .addOption(new Option('--expires <duration>', 'lifetime, e.g. 90d, 12h, 30m').argParser(parseDuration))
    .option(
      '--db <url>',
      'write the token straight into this database instead of asking the API (for the first admin token)',
    )
    .addHelpText(
      'after',
      examples(
        'modelreg token create --name ci --role editor --expires 90d',
        'modelreg token create --name release-bot --role promoter --model mnist',
        'modelreg token create --name admin --role admin --db postgres://modelreg@db/registry',
      ),
    )
    .action(async (flags: CreateFlags) => {
      const out = new Output(flags.json === true);
      if (flags.db !== undefined) {
        if (flags.model !== undefined)
          throw new InvalidArgumentError('--model needs the API; leave out --db');
        // The server's code (and its database drivers) loads only for this operator task.
        const { createTokenInDatabase } = await import('@modelreg/server');
        const { token: secret, info } = await createTokenInDatabase(flags.db, {
          name: flags.name,
          role: flags.role,
          subject: flags.subject,
          expiresInSeconds: flags.expires,
        });
        return out.result(
          { token: secret, id: String(info.id), name: info.name, role: info.role },
          created(secret),
        );
      }
      const registry = connect(flags);
      const registeredModelId =
        flags.model === undefined ? undefined : (await mustGetModel(registry, flags.model)).id;
      const made = await registry.createToken({
        name: flags.name,
        role: flags.role,
        ...(flags.subject === undefined ? {} : { subject: flags.subject }),
        ...(registeredModelId === undefined ? {} : { registeredModelId }),
        ...(flags.expires === undefined ? {} : { expiresInSeconds: flags.expires }),
      });
      out.result(made, created(made.token));
    });
}

/** `modelreg token list`. */
function addTokenListCommand(token: Command): void {
  token
    .command('list')
    .description('list API tokens (never their secrets)')
    .addHelpText('after', examples('modelreg token list', 'modelreg token list --json'))
    .action(async (flags: GlobalOptions) => {
      new Output(flags.json === true).list(await connect(flags).listTokens(), TOKEN_COLUMNS, 'tokens');
    });
}

/** `modelreg token revoke`. */
function addTokenRevokeCommand(token: Command): void {
  token
    .command('revoke')
    .description('revoke an API token: every replica refuses it from the next request on')
    .argument('<id>', 'the token id, as "token list" shows it')
    .addHelpText('after', examples('modelreg token revoke 3'))
    .action(async (id: string, flags: GlobalOptions) => {
      await connect(flags).revokeToken(id);
      new Output(flags.json === true).result({ revoked: id }, `revoked token ${id}\n`);
    });
}

function created(secret: string): string {
  return `${secret}\n\nThis is the only time the token is shown: store it now (e.g. modelreg login --token …).\n`;
}
