import { Option, type Command } from 'commander';
import type { ArtifactType } from '@modelreg/client';
import { notFound } from '../api-result.js';
import { ARTIFACT_COLUMNS } from '../columns.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { take, toListOptions, withListOptions, type ListFlags } from '../list-options.js';
import { Output } from '../output.js';

const ARTIFACT_TYPES: readonly ArtifactType[] = [
  'model-artifact',
  'doc-artifact',
  'dataset-artifact',
  'metric',
  'parameter',
];

export function addArtifactsCommand(program: Command): void {
  const artifacts = program
    .command('artifacts')
    .summary("list a version's artifacts, show its model artifact")
    .description('list the artifacts of a model version, or show its model artifact (URI, format, storage)')
    .addHelpText(
      'after',
      examples('modelreg artifacts list mnist v1', 'modelreg artifacts get mnist v1 --json'),
    );

  withListOptions(artifacts.command('list'))
    .description('list the artifacts of a model version (of every type unless --type)')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .addOption(new Option('--type <type>', 'only artifacts of this type').choices(ARTIFACT_TYPES))
    .addHelpText(
      'after',
      examples(
        'modelreg artifacts list mnist v1',
        'modelreg artifacts list mnist v1 --type model-artifact --json',
      ),
    )
    .action(
      async (model: string, version: string, flags: GlobalOptions & ListFlags & { type?: ArtifactType }) => {
        const options = {
          ...toListOptions(flags),
          ...(flags.type === undefined ? {} : { artifactType: flags.type }),
        };
        const items = await take(connect(flags).modelArtifacts(model, version, options), flags.limit);
        new Output(flags.json === true).list(items, ARTIFACT_COLUMNS, 'artifacts');
      },
    );

  artifacts
    .command('get')
    .description('show the model artifact of a version: its URI, format and storage')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .addHelpText(
      'after',
      examples('modelreg artifacts get mnist v1', 'modelreg artifacts get mnist v1 --json'),
    )
    .action(async (model: string, version: string, flags: GlobalOptions) => {
      const artifact = await connect(flags).getModelArtifact(model, version);
      if (artifact === undefined)
        throw notFound(`model artifact in version '${version}' of model '${model}'`, 'ARTIFACT_NOT_FOUND');
      new Output(flags.json === true).entity(artifact);
    });
}
