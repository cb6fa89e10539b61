import type { Command } from 'commander';
import type { UploadStart } from '@modelreg/client';
import type { GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import {
  announceUpload,
  describeContent,
  describeLinks,
  describeResume,
  TRANSFER_NOTE,
  transferContent,
  withFlagHint,
} from '../transfer.js';

/** `modelreg push`: upload a file or directory as the content of an existing version. */
export function addPushCommand(program: Command): void {
  program
    .command('push')
    .description(
      "upload a file or a directory as the content of an existing version; once committed it is sealed, and the version's model artifact gets the registry's uri",
    )
    .summary('upload a file or directory as the content of an existing version')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .argument('<path>', 'a file, or a directory uploaded with every file below it')
    .option('--upload <id>', 'resume this open upload (see "modelreg uploads"), e.g. from another machine')
    .option('--follow-links', 'upload what symbolic links leading outside the directory point to')
    .addHelpText(
      'after',
      `
Each file is streamed with its sha256 computed on the way and checked against the server's. A
dropped connection resumes where the server stopped; after Ctrl-C or a failure, the same command
resumes the upload instead of starting again. From another machine (or after the local note in
~/.cache/modelreg/uploads is gone), --upload <id> resumes an open upload the server lists.
A symbolic link below the directory is stored as the file it points to; one that leads outside the
directory is refused unless --follow-links (a warning names each one followed).
${TRANSFER_NOTE}
${examples('modelreg push mnist v3 ./model-dir', 'modelreg push mnist v3 model.onnx --json', 'modelreg push mnist v3 ./model-dir --upload 12')}`,
    )
    .action(
      async (
        model: string,
        version: string,
        path: string,
        flags: GlobalOptions & { upload?: string; followLinks?: boolean },
      ) => {
        let started: UploadStart | undefined;
        await transferContent(model, version, flags, {
          interrupted: 'the upload stays open: run the same command again to resume it',
          transfer: (registry, found, { signal, progress }) =>
            registry
              .uploadFiles(found, path, {
                signal,
                onProgress: progress.update,
                uploadId: flags.upload,
                followLinks: flags.followLinks === true,
                onStart: (start) => {
                  started = start;
                  announceUpload(start, flags.json === true);
                },
              })
              .catch(withFlagHint('LINK_OUTSIDE', 'pass --follow-links to upload what it points to')),
          result: (manifest) => ({
            value: manifest,
            text: [
              `uploaded ${describeContent(manifest)} to version '${version}' of model '${model}'`,
              ...describeResume(started),
              ...describeLinks(started?.links ?? []),
              `root digest: ${manifest.rootDigest}`,
              `uri:         ${manifest.uri}`,
            ].join('\n'),
          }),
        });
      },
    );
}
