import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { defaultOutDir, describeContent, TRANSFER_NOTE, transferContent, withFlagHint } from '../transfer.js';

/** `modelreg pull`: download a version's files, verifying each sha256. */
export function addPullCommand(program: Command): void {
  program
    .command('pull')
    .description(
      "download a version's files into a directory, each written under a temporary name and renamed into place once its sha256 matches the manifest",
    )
    .summary("download a version's files, verifying each sha256")
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .option('--out <dir>', 'where the files go (default: ./<model>-<version>)')
    .option('--no-verify', 'skip the sha256 check (sizes are still checked)')
    .option('--force', 'replace files already in the output directory whose content differs')
    .addHelpText(
      'after',
      `
A file whose digest differs from the manifest is removed and the command fails; a manifest path that
would land outside the output directory, or a file already there with other content (unless --force),
is refused before anything is written.
${TRANSFER_NOTE}
${examples('modelreg pull mnist v3', 'modelreg pull mnist v3 --out /models/mnist --json')}`,
    )
    .action(
      async (
        model: string,
        version: string,
        flags: GlobalOptions & { out?: string; verify: boolean; force?: boolean },
      ) => {
        const outDir = flags.out === undefined ? defaultOutDir(model, version) : resolve(flags.out);
        await transferContent(model, version, flags, {
          interrupted: 'files already verified were kept; those in transfer were removed',
          transfer: (registry, found, { signal, progress }) =>
            registry
              .downloadFiles(found, outDir, {
                signal,
                verify: flags.verify,
                overwrite: flags.force === true,
                onProgress: progress.update,
              })
              .catch(withFlagHint('FILE_EXISTS', 'pass --force to replace it')),
          result: (manifest) => ({
            value: { outDir, verified: flags.verify, manifest },
            text: [
              `downloaded ${describeContent(manifest)} of version '${version}' of model '${model}' into ${outDir}`,
              flags.verify
                ? 'every sha256 matches the manifest'
                : 'sha256 not checked (--no-verify); sizes match',
              `root digest: ${manifest.rootDigest}`,
            ].join('\n'),
          }),
        });
      },
    );
}
