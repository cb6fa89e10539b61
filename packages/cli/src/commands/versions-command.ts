import type { Command } from 'commander';
import { toCustomProperties } from '@modelreg/client';
import { unwrap } from '../api-result.js';
import { usageError } from '../cli-failure.js';
import { VERSION_LIST_COLUMNS } from '../columns.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take, toListOptions, withListOptions, type ListFlags } from '../list-options.js';
import { mustGetModel, mustGetVersion, withModelsAndAliases } from '../lookups.js';
import { mergeProperties } from '../merge-properties.js';
import {
  changesMetadata,
  metadataFromFlags,
  withMetadataOptions,
  type MetadataFlags,
} from '../metadata-flags.js';
import { Output } from '../output.js';

interface VersionFlags extends GlobalOptions, MetadataFlags {
  readonly author?: string;
  readonly description?: string;
  readonly removeMetadata?: readonly string[];
}

export function addVersionsCommand(program: Command): void {
  const versions = program
    .command('versions')
    .summary('list, show, create, change, archive, delete versions')
    .description('list, show, create, change, archive, restore and delete the versions of a model')
    .addHelpText(
      'after',
      examples(
        'modelreg versions list mnist',
        'modelreg versions get mnist v1 --json',
        'modelreg versions create mnist v2 --author alice --metadata accuracy=0.97',
        'modelreg versions update mnist v2 --metadata-file metrics.json',
        'modelreg versions archive mnist v1',
        'modelreg versions delete mnist v1 --yes',
      ),
    );

  addVersionsListCommand(versions);
  addVersionsGetCommand(versions);
  addVersionsCreateCommand(versions);
  addVersionsUpdateCommand(versions);
  addVersionsArchiveCommand(versions);
  addVersionsRestoreCommand(versions);
  addVersionsResolveCommand(versions);
  addVersionsDeleteCommand(versions);
}

/** `modelreg versions list`. */
function addVersionsListCommand(versions: Command): void {
  withListOptions(versions.command('list'))
    .description("list a model's versions (every model's without <model>)")
    .argument('[model]', 'model name')
    .addHelpText(
      'after',
      examples(
        'modelreg versions list mnist',
        'modelreg versions list mnist --filter "accuracy > 0.9" --order-by CREATE_TIME --desc',
        'modelreg versions list --limit 20 --json',
      ),
    )
    .action(async (model: string | undefined, flags: GlobalOptions & ListFlags) => {
      const registry = connect(flags);
      const items = await take(registry.modelVersions(model, toListOptions(flags)), flags.limit);
      const out = new Output(flags.json === true);
      if (flags.json === true) return out.list(items, [], 'model versions');
      out.list(await withModelsAndAliases(registry, items), VERSION_LIST_COLUMNS, 'model versions');
    });
}

/** `modelreg versions get`. */
function addVersionsGetCommand(versions: Command): void {
  versions
    .command('get')
    .description('show a model version')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .addHelpText('after', examples('modelreg versions get mnist v1', 'modelreg versions get mnist v1 --json'))
    .action(async (model: string, version: string, flags: GlobalOptions) => {
      new Output(flags.json === true).entity(await mustGetVersion(connect(flags), model, version));
    });
}

/** `modelreg versions create`. */
function addVersionsCreateCommand(versions: Command): void {
  withVersionFields(versions.command('create'))
    .description('create a version of an existing model, without artifacts (see "modelreg register")')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name, unique within the model')
    .addHelpText(
      'after',
      examples(
        'modelreg versions create mnist v2',
        'modelreg versions create mnist v2 --author alice --metadata accuracy=0.97 --metadata epochs=12',
      ),
    )
    .action(async (model: string, version: string, flags: VersionFlags) => {
      const registry = connect(flags);
      const metadata = await metadataFromFlags(flags);
      const parent = await mustGetModel(registry, model);
      const created = await unwrap(
        registry.api.POST('/api/model_registry/v1alpha3/model_versions', {
          body: {
            name: version,
            registeredModelId: parent.id ?? '',
            author: flags.author,
            description: flags.description,
            customProperties: toCustomProperties(metadata),
          },
        }),
      );
      new Output(flags.json === true).entity(created, `created version '${version}' of model '${model}'`);
    });
}

/** `modelreg versions update`. */
function addVersionsUpdateCommand(versions: Command): void {
  withVersionFields(versions.command('update'), { update: true })
    .description('change the author, description or metadata of a model version')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .addHelpText(
      'after',
      examples(
        'modelreg versions update mnist v2 --description "retrained on more data"',
        'modelreg versions update mnist v2 --metadata accuracy=0.98 --remove-metadata draft',
        'modelreg versions update mnist v2 --metadata-file metrics.yaml',
      ),
    )
    .action(async (model: string, version: string, flags: VersionFlags, command: Command) => {
      if (flags.author === undefined && flags.description === undefined && !changesMetadata(flags))
        usageError(
          command,
          'nothing to update: give --author, --description, --metadata, --metadata-file or --remove-metadata',
        );
      const registry = connect(flags);
      const metadata = await metadataFromFlags(flags);
      const found = await mustGetVersion(registry, model, version);
      const updated = await registry.update({
        ...found,
        ...(flags.author === undefined ? {} : { author: flags.author }),
        ...(flags.description === undefined ? {} : { description: flags.description }),
        customProperties: mergeProperties(found.customProperties, metadata, flags.removeMetadata),
      });
      new Output(flags.json === true).entity(updated, `updated version '${version}' of model '${model}'`);
    });
}

/** `modelreg versions archive`. */
function addVersionsArchiveCommand(versions: Command): void {
  versions
    .command('archive')
    .description('archive a model version (it stays readable and can be restored)')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .addHelpText('after', examples('modelreg versions archive mnist v1'))
    .action(async (model: string, version: string, flags: GlobalOptions) => {
      const archived = await connect(flags).archiveVersion(model, version);
      new Output(flags.json === true).entity(archived, `archived version '${version}' of model '${model}'`);
    });
}

/** `modelreg versions restore`. */
function addVersionsRestoreCommand(versions: Command): void {
  versions
    .command('restore')
    .description('restore an archived model version')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .addHelpText('after', examples('modelreg versions restore mnist v1'))
    .action(async (model: string, version: string, flags: GlobalOptions) => {
      const restored = await connect(flags).restoreVersion(model, version);
      new Output(flags.json === true).entity(restored, `restored version '${version}' of model '${model}'`);
    });
}

/** `modelreg versions resolve`. */
function addVersionsResolveCommand(versions: Command): void {
  versions
    .command('resolve')
    .description('the highest LIVE version whose name matches a semver range')
    .argument('<model>', 'model name')
    .argument('<range>', 'e.g. ^1.2, ~1.4.0, 1.x, latest')
    .addHelpText(
      'after',
      examples('modelreg versions resolve churn ^1.2', 'modelreg versions resolve churn latest --json'),
    )
    .action(async (model: string, range: string, flags: GlobalOptions) => {
      new Output(flags.json === true).entity(await connect(flags).resolveVersion(model, range));
    });
}

/** `modelreg versions delete`. */
function addVersionsDeleteCommand(versions: Command): void {
  versions
    .command('delete')
    .description('delete a model version with its artifacts')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .option('-y, --yes', 'really delete (required: there is no undo)')
    .addHelpText('after', examples('modelreg versions delete mnist v1 --yes'))
    .action(
      async (model: string, version: string, flags: GlobalOptions & { yes?: boolean }, command: Command) => {
        if (flags.yes !== true)
          usageError(
            command,
            `refusing to delete version '${version}' of model '${model}' without --yes (there is no undo)`,
          );
        const registry = connect(flags);
        const found = await mustGetVersion(registry, model, version);
        await registry.deleteVersion(model, version);
        new Output(flags.json === true).result(
          found,
          `deleted version '${version}' of model '${model}' (id ${found.id})`,
        );
      },
    );
}

function withVersionFields(command: Command, options: { update?: boolean } = {}): Command {
  return withMetadataOptions(
    command
      .option('--author <author>', 'author of the version')
      .option('--description <text>', 'description of the version'),
    options,
  );
}
