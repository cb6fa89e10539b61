import type { Command } from 'commander';
import type { Manifest } from '@modelreg/client';
import { notFound } from '../api-result.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { mustGetVersion } from '../lookups.js';
import { formatTable, Output, type Column } from '../output.js';
import { formatBytes } from '../progress-bar.js';
import { describeContent } from '../transfer.js';

type ManifestEntry = Manifest['files'][number];

const FILE_COLUMNS: readonly Column<ManifestEntry>[] = [
  { header: 'PATH', value: (f) => f.path },
  { header: 'SIZE', value: (f) => formatBytes(f.size) },
  { header: 'SHA256', value: (f) => f.sha256 },
];

/** `modelreg files`: the files of a version's content. */
export function addFilesCommand(program: Command): void {
  program
    .command('files')
    .description("list the files of a version's content: path, size and sha256, with the root digest")
    .summary("list a version's files: path, size, sha256")
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .addHelpText('after', examples('modelreg files mnist v3', 'modelreg files mnist v3 --json'))
    .action(async (model: string, version: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      const found = await mustGetVersion(registry, model, version);
      const manifest = await registry.getManifest(found);
      if (manifest === undefined)
        throw notFound(`content in version '${version}' of model '${model}'`, 'CONTENT_NOT_FOUND');
      const out = new Output(flags.json === true);
      out.result(
        manifest,
        [
          `${describeContent(manifest)}, root digest ${manifest.rootDigest}`,
          `uri: ${manifest.uri}`,
          '',
          formatTable(manifest.files, FILE_COLUMNS),
        ].join('\n'),
      );
    });
}
