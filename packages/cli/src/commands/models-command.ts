import type { Command } from 'commander';
import { toCustomProperties } from '@modelreg/client';
import { unwrap } from '../api-result.js';
import { MODEL_COLUMNS } from '../columns.js';
import { usageError } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take, toListOptions, withListOptions, type ListFlags } from '../list-options.js';
import {
  changesMetadata,
  metadataFromFlags,
  withMetadataOptions,
  type MetadataFlags,
} from '../metadata-flags.js';
import { Output } from '../output.js';
import { mergeProperties } from '../merge-properties.js';
import { mustGetModel } from '../lookups.js';

interface ModelFlags extends GlobalOptions, MetadataFlags {
  readonly owner?: string;
  readonly description?: string;
  readonly removeMetadata?: readonly string[];
}

export function addModelsCommand(program: Command): void {
  const models = program
    .command('models')
    .summary('list, show, create, change, archive, delete models')
    .description('list, show, create, change, archive, restore and delete registered models')
    .addHelpText(
      'after',
      examples(
        'modelreg models list',
        'modelreg models get mnist',
        'modelreg models create mnist --owner alice --metadata team=vision',
        'modelreg models archive mnist',
      ),
    );

  addModelsListCommand(models);
  addModelsGetCommand(models);
  addModelsCreateCommand(models);
  addModelsUpdateCommand(models);
  addModelsArchiveCommand(models);
  addModelsRestoreCommand(models);
  addModelsDeleteCommand(models);
}

/** `modelreg models list`. */
function addModelsListCommand(models: Command): void {
  withListOptions(models.command('list'))
    .description('list registered models (all of them unless --limit)')
    .addHelpText(
      'after',
      examples(
        'modelreg models list',
        `modelreg models list --filter "owner = 'alice'" --order-by NAME`,
        'modelreg models list --order-by CREATE_TIME --desc --limit 5 --json',
      ),
    )
    .action(async (flags: GlobalOptions & ListFlags) => {
      const items = await take(connect(flags).registeredModels(toListOptions(flags)), flags.limit);
      new Output(flags.json === true).list(items, MODEL_COLUMNS, 'registered models');
    });
}

/** `modelreg models get`. */
function addModelsGetCommand(models: Command): void {
  models
    .command('get')
    .description('show a registered model')
    .argument('<name>', 'model name')
    .addHelpText('after', examples('modelreg models get mnist', 'modelreg models get mnist --json'))
    .action(async (name: string, flags: GlobalOptions) => {
      new Output(flags.json === true).entity(await mustGetModel(connect(flags), name));
    });
}

/** `modelreg models create`. */
function addModelsCreateCommand(models: Command): void {
  withModelFields(models.command('create'))
    .description('create a registered model (with no versions yet)')
    .argument('<name>', 'model name, unique in the registry')
    .addHelpText(
      'after',
      examples(
        'modelreg models create mnist',
        `modelreg models create mnist --owner alice --description "digits" --metadata team=vision`,
      ),
    )
    .action(async (name: string, flags: ModelFlags) => {
      const registry = connect(flags);
      const metadata = await metadataFromFlags(flags);
      const model = await unwrap(
        registry.api.POST('/api/model_registry/v1alpha3/registered_models', {
          body: {
            name,
            owner: flags.owner,
            description: flags.description,
            customProperties: toCustomProperties(metadata),
          },
        }),
      );
      new Output(flags.json === true).entity(model, `created registered model '${name}'`);
    });
}

/** `modelreg models update`. */
function addModelsUpdateCommand(models: Command): void {
  withModelFields(models.command('update'), { update: true })
    .description('change the owner, description or metadata of a registered model')
    .argument('<name>', 'model name')
    .addHelpText(
      'after',
      examples(
        'modelreg models update mnist --description "handwritten digits"',
        'modelreg models update mnist --metadata team=vision --remove-metadata legacy',
        'modelreg models update mnist --metadata-file model-card.yaml',
      ),
    )
    .action(async (name: string, flags: ModelFlags, command: Command) => {
      if (flags.owner === undefined && flags.description === undefined && !changesMetadata(flags))
        usageError(
          command,
          'nothing to update: give --owner, --description, --metadata, --metadata-file or --remove-metadata',
        );
      const registry = connect(flags);
      const metadata = await metadataFromFlags(flags);
      const model = await mustGetModel(registry, name);
      const updated = await registry.update({
        ...model,
        ...(flags.owner === undefined ? {} : { owner: flags.owner }),
        ...(flags.description === undefined ? {} : { description: flags.description }),
        customProperties: mergeProperties(model.customProperties, metadata, flags.removeMetadata),
      });
      new Output(flags.json === true).entity(updated, `updated registered model '${name}'`);
    });
}

/** `modelreg models archive`. */
function addModelsArchiveCommand(models: Command): void {
  models
    .command('archive')
    .description('archive a registered model (it stays readable and can be restored)')
    .argument('<name>', 'model name')
    .addHelpText('after', examples('modelreg models archive mnist'))
    .action(async (name: string, flags: GlobalOptions) => {
      const model = await connect(flags).archiveModel(name);
      new Output(flags.json === true).entity(model, `archived registered model '${name}'`);
    });
}

/** `modelreg models restore`. */
function addModelsRestoreCommand(models: Command): void {
  models
    .command('restore')
    .description('restore an archived registered model')
    .argument('<name>', 'model name')
    .addHelpText('after', examples('modelreg models restore mnist'))
    .action(async (name: string, flags: GlobalOptions) => {
      const model = await connect(flags).restoreModel(name);
      new Output(flags.json === true).entity(model, `restored registered model '${name}'`);
    });
}

/** `modelreg models delete`. */
function addModelsDeleteCommand(models: Command): void {
  models
    .command('delete')
    .description('delete a registered model with all its versions and their artifacts')
    .argument('<name>', 'model name')
    .option('-y, --yes', 'really delete (required: there is no undo)')
    .addHelpText('after', examples('modelreg models delete mnist --yes'))
    .action(async (name: string, flags: GlobalOptions & { yes?: boolean }, command: Command) => {
      if (flags.yes !== true)
        usageError(
          command,
          `refusing to delete model '${name}' and all its versions without --yes (there is no undo)`,
        );
      const registry = connect(flags);
      const model = await mustGetModel(registry, name);
      await registry.deleteModel(name);
      // --json prints the model as it was, so a script can log what went.
      new Output(flags.json === true).result(model, `deleted registered model '${name}' (id ${model.id})`);
    });
}

function withModelFields(command: Command, options: { update?: boolean } = {}): Command {
  return withMetadataOptions(
    command
      .option('--owner <owner>', 'owner of the model')
      .option('--description <text>', 'description of the model'),
    options,
  );
}
