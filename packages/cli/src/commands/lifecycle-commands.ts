import { InvalidArgumentError, Option, type Command } from 'commander';
import type {
  AliasMove,
  AuditEvent,
  DeploymentEvent,
  ModelAlias,
  ModelRegistry,
  ProductionEntry,
  StageTransition,
} from '@modelreg/client';
import { ReportedFailure } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take } from '../list-options.js';
import { mustGetVersion, versionNamesById } from '../lookups.js';
import { formatTime, Output, type Column } from '../output.js';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { addKServeDeployOptions, deployToKServe, type KServeDeployFlags } from './kserve-commands.js';

const STAGES = ['Development', 'Staging', 'Production', 'Archived'] as const;
type Stage = (typeof STAGES)[number];

/** A stage by its full name, in any case (`production`, `PRODUCTION`); anything else is a usage error. */
export function parseStage(value: string): Stage {
  const stage = STAGES.find((name) => name.toLowerCase() === value.toLowerCase());
  if (stage === undefined) throw new InvalidArgumentError(`expected one of ${STAGES.join(', ')}`);
  return stage;
}

/** A row with the name of the version it names by id. */
type Named<T> = T & { readonly versionName: string };

/** The rows with `versionName` for their `modelVersionId`: people read names, scripts get ids (--json). */
async function named<T extends { modelVersionId?: string | null }>(
  registry: ModelRegistry,
  model: string,
  rows: readonly T[],
): Promise<Named<T>[]> {
  const names = await versionNamesById(registry, model);
  return rows.map((row) => ({
    ...row,
    versionName:
      row.modelVersionId == null ? '(none)' : (names.get(row.modelVersionId) ?? `id ${row.modelVersionId}`),
  }));
}

const TRANSITION_COLUMNS: readonly Column<Named<StageTransition>>[] = [
  { header: 'WHEN', value: (t) => formatTime(t.timeSinceEpoch) },
  { header: 'VERSION', value: (t) => t.versionName },
  { header: 'FROM', value: (t) => t.fromStage },
  { header: 'TO', value: (t) => t.toStage },
  { header: 'BY', value: (t) => t.actor },
  { header: 'COMMENT', value: (t) => t.comment },
];
const ALIAS_COLUMNS: readonly Column<Named<ModelAlias>>[] = [
  { header: 'ALIAS', value: (a) => a.alias },
  { header: 'VERSION', value: (a) => a.versionName },
  { header: 'SINCE', value: (a) => formatTime(a.updateTimeSinceEpoch) },
];
const DEPLOYMENT_COLUMNS: readonly Column<DeploymentEvent>[] = [
  { header: 'WHEN', value: (d) => formatTime(d.timeSinceEpoch) },
  { header: 'ACTION', value: (d) => d.action },
  { header: 'VERSION', value: (d) => d.version },
  { header: 'ENVIRONMENT', value: (d) => d.environment },
  { header: 'BY', value: (d) => d.actor },
  { header: 'ENDPOINT', value: (d) => d.endpoint },
];
const AUDIT_COLUMNS: readonly Column<AuditEvent>[] = [
  { header: 'ID', value: (e) => e.id },
  { header: 'WHEN', value: (e) => formatTime(e.timeSinceEpoch) },
  { header: 'ACTOR', value: (e) => e.actor },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'OUTCOME', value: (e) => e.outcome },
  {
    header: 'ENTITY',
    value: (e) => (e.entityType === undefined ? '' : `${e.entityType} ${e.entityId ?? ''}`),
  },
];

function parseTime(value: string): number {
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) throw new InvalidArgumentError('expected an ISO date or epoch milliseconds');
  return time;
}

/** `modelreg stage`, `alias`, `deploy`, `undeploy`, `history`, `which` and `audit`. */
export function addLifecycleCommands(program: Command): void {
  program
    .command('stage')
    .description('move a version to another stage (Development, Staging, Production, Archived)')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name, or @alias')
    .argument('<stage>', `one of ${STAGES.join(', ')} (any case)`, parseStage)
    .option('-m, --comment <text>', 'why (kept in the stage history)')
    .addOption(
      new Option('--others <what>', 'what happens to the versions already in that stage')
        .choices(['keep', 'archive', 'demote'])
        .default('keep'),
    )
    .addOption(
      new Option(
        '--from <stage>',
        'move only if the version is still in this stage (default: as read)',
      ).argParser(parseStage),
    )
    .addHelpText(
      'after',
      examples(
        'modelreg stage mnist v2 Staging -m "passed offline eval"',
        'modelreg stage mnist v2 Production --others archive --from Staging',
      ),
    )
    .action(
      async (
        model: string,
        version: string,
        stage: Stage,
        flags: GlobalOptions & {
          comment?: string;
          others: 'keep' | 'archive' | 'demote';
          from?: Stage;
        },
      ) => {
        const moved = await connect(flags).transitionStage(model, version, stage, {
          ...(flags.comment === undefined ? {} : { comment: flags.comment }),
          others: flags.others,
          ...(flags.from === undefined ? {} : { from: flags.from }),
        });
        new Output(flags.json === true).entity(
          moved,
          `version '${moved.name}' of '${model}' is now in ${stage}`,
        );
      },
    );

  const alias = program
    .command('alias')
    .summary('set, remove and list the aliases of a model')
    .description(
      'aliases (champion, production, …) point at one version of a model; moves are kept in a history',
    )
    .addHelpText(
      'after',
      examples(
        'modelreg alias set mnist champion v2',
        'modelreg alias ls mnist',
        'modelreg alias rm mnist challenger',
      ),
    );
  alias
    .command('set')
    .description('point an alias at a version (creating or moving it)')
    .argument('<model>', 'model name')
    .argument('<alias>', 'alias name')
    .argument('<version>', 'version name')
    .addHelpText('after', examples('modelreg alias set mnist champion v2'))
    .action(async (model: string, name: string, version: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      await listAliases(registry, model, flags, await registry.moveAliases(model, { [name]: version }));
    });
  alias
    .command('rm')
    .description('remove an alias')
    .argument('<model>', 'model name')
    .argument('<alias>', 'alias name')
    .addHelpText('after', examples('modelreg alias rm mnist challenger'))
    .action(async (model: string, name: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      await listAliases(registry, model, flags, await registry.moveAliases(model, { [name]: null }));
    });
  alias
    .command('ls')
    .description('list the aliases of a model')
    .argument('<model>', 'model name')
    .addHelpText('after', examples('modelreg alias ls mnist --json'))
    .action(async (model: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      await listAliases(registry, model, flags, await registry.aliases(model));
    });

  const deployCommand = (action: 'deploy' | 'undeploy') => {
    const command = program
      .command(action)
      .description(
        action === 'deploy'
          ? 'record a deployment, or (--target kserve) apply a version to KServe and record it'
          : 'record that a version was undeployed from a serving environment',
      )
      .argument('<model>', 'model name')
      .argument(action === 'deploy' ? '[version]' : '<version>', 'version name, or @alias')
      .option('--env <name>', 'serving environment (e.g. a namespace); created if new')
      .option('--endpoint <url>', 'where the deployed model answers')
      .option('--service <name>', "inference service name (default: the model's name)")
      .option('-m, --comment <text>', 'why');
    if (action === 'deploy') addKServeDeployOptions(command);
    command
      .addHelpText(
        'after',
        examples(
          `modelreg ${action} mnist v2 --env prod-eu${action === 'deploy' ? ' --endpoint https://mnist.eu.example' : ''}`,
          ...(action === 'deploy'
            ? [
                'modelreg deploy mnist @champion --target kserve --namespace team-a --dry-run',
                'modelreg deploy mnist v3 --target kserve --namespace team-a --canary 10 --apply',
                'modelreg deploy mnist --target kserve --namespace team-a --promote-canary --apply',
              ]
            : []),
        ),
      )
      .action(
        async (
          model: string,
          version: string | undefined,
          flags: KServeDeployFlags & { env?: string; endpoint?: string; service?: string; comment?: string },
        ) => {
          if (flags.target === 'kserve') return deployToKServe(model, version, flags);
          if (flags.env === undefined || version === undefined) {
            throw new CliFailure(
              `modelreg: ${action} needs a version and --env (or --target kserve with --namespace)`,
              EXIT_USAGE,
            );
          }
          const event = await connect(flags).recordDeployment(model, version, {
            environment: flags.env,
            action,
            ...(flags.endpoint === undefined ? {} : { endpoint: flags.endpoint }),
            ...(flags.service === undefined ? {} : { inferenceService: flags.service }),
            ...(flags.comment === undefined ? {} : { comment: flags.comment }),
          });
          new Output(flags.json === true).result(
            event,
            `${action}ed version '${version}' of '${model}' in ${flags.env}`,
          );
        },
      );
  };
  deployCommand('deploy');
  deployCommand('undeploy');

  program
    .command('history')
    .description('who moved a model (or one version) through which stages, and where it was deployed')
    .argument('<model>', 'model name')
    .argument('[version]', 'version name (default: every version)')
    .addHelpText('after', examples('modelreg history mnist', 'modelreg history mnist v2 --json'))
    .action(async (model: string, version: string | undefined, flags: GlobalOptions) => {
      const registry = connect(flags);
      const stages = await registry.stageHistory(model, version);
      let deployments = await registry.deployments(model);
      if (version !== undefined) {
        const id = (await mustGetVersion(registry, model, version)).id;
        deployments = deployments.filter((d) => d.modelVersionId === id);
      }
      const out = new Output(flags.json === true);
      if (flags.json === true) return out.result({ stages, deployments }, '');
      process.stdout.write('Stages:\n');
      out.list(await named(registry, model, stages), TRANSITION_COLUMNS, 'stage moves');
      process.stdout.write('\nDeployments:\n');
      out.list(deployments, DEPLOYMENT_COLUMNS, 'deployments');
    });

  program
    .command('which')
    .description(
      'which version is in a stage (and where it is deployed), or holds an alias, now or at a time',
    )
    .argument('<model>', 'model name')
    .addOption(new Option('--stage <stage>', `${STAGES.join(', ')} (any case)`).argParser(parseStage))
    .option('--alias <alias>', 'an alias')
    .addOption(
      new Option('--at <time>', 'with --alias: at this time (ISO date or epoch ms)').argParser(parseTime),
    )
    .addHelpText(
      'after',
      examples(
        'modelreg which mnist --stage Production',
        'modelreg which mnist --alias champion --at 2026-11-01T12:00:00Z',
      ),
    )
    .action(async (model: string, flags: GlobalOptions & { stage?: Stage; alias?: string; at?: number }) => {
      const registry = connect(flags);
      const out = new Output(flags.json === true);
      if (flags.alias !== undefined) {
        const move: AliasMove = await registry.aliasAt(model, flags.alias, flags.at);
        const [{ versionName }] = (await named(registry, model, [move])) as [Named<AliasMove>];
        return out.result(move, `${model}@${flags.alias} → ${versionName}`);
      }
      const stage = flags.stage ?? 'Production';
      const entries = await registry.inStage(stage, model);
      out.result(
        entries,
        entries.length === 0
          ? `no version of '${model}' is in ${stage}`
          : entries.map((entry) => `${model} ${entry.version}: ${whereDeployed(entry)}`).join('\n'),
      );
    });

  program
    .command('audit')
    .description('the audit trail, newest first (admins); --verify checks its hash chain')
    .option('--entity <type:id>', 'one entity, e.g. modelVersion:12')
    .option('--actor <name>', 'one actor')
    .option('--action <action>', 'one action, e.g. "transition modelVersion"')
    .addOption(new Option('--outcome <outcome>', 'success or denied').choices(['success', 'denied']))
    .addOption(new Option('--since <time>', 'ISO date or epoch ms').argParser(parseTime))
    .addOption(new Option('--limit <n>', 'at most this many events').argParser((v) => Number(v)).default(50))
    .option('--verify', 'recompute the hash chain instead of listing')
    .addHelpText(
      'after',
      examples(
        'modelreg audit --entity modelVersion:12',
        'modelreg audit --outcome denied --since 2026-11-01',
        'modelreg audit --verify',
      ),
    )
    .action(
      async (
        flags: GlobalOptions & {
          entity?: string;
          actor?: string;
          action?: string;
          outcome?: 'success' | 'denied';
          since?: number;
          limit: number;
          verify?: boolean;
        },
      ) => {
        const registry = connect(flags);
        const out = new Output(flags.json === true);
        if (flags.verify === true) {
          const check = await registry.verifyAuditTrail();
          out.result(
            check,
            check.valid
              ? `the audit trail verifies: ${check.events} events`
              : `the audit trail is broken at event ${check.firstBrokenId ?? '?'} (of ${check.events} read)`,
          );
          if (!check.valid) throw new ReportedFailure('the audit trail is broken');
          return;
        }
        const [entityType, entityId] = flags.entity?.split(':') ?? [];
        const events = await take(
          registry.auditEvents({
            ...(entityType === undefined ? {} : { entityType }),
            ...(entityId === undefined ? {} : { entityId }),
            ...(flags.actor === undefined ? {} : { actor: flags.actor }),
            ...(flags.action === undefined ? {} : { action: flags.action }),
            ...(flags.outcome === undefined ? {} : { outcome: flags.outcome }),
            ...(flags.since === undefined ? {} : { since: flags.since }),
          }),
          flags.limit,
        );
        out.list(events, AUDIT_COLUMNS, 'audit events');
      },
    );
}

/** Where a version is deployed now, in words. */
function whereDeployed(entry: ProductionEntry): string {
  if (entry.deployments.length === 0) return 'not deployed';
  return entry.deployments
    .map(
      (d) => `${d.environment ?? d.servingEnvironmentId}${d.endpoint === undefined ? '' : ` ${d.endpoint}`}`,
    )
    .join(', ');
}

/** An alias list: names of versions for people, the API's entities with --json. */
async function listAliases(
  registry: ModelRegistry,
  model: string,
  flags: GlobalOptions,
  aliases: readonly ModelAlias[],
): Promise<void> {
  const out = new Output(flags.json === true);
  if (flags.json === true) return out.list(aliases, [], 'aliases');
  out.list(await named(registry, model, aliases), ALIAS_COLUMNS, 'aliases');
}
