import { InvalidArgumentError, type Command } from 'commander';
import type { Upload, UploadState } from '@modelreg/client';
import { notFound } from '../api-result.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { mustGetVersion } from '../lookups.js';
import { formatTime, Output, type Column } from '../output.js';
import { formatBytes } from '../progress-bar.js';

const UPLOAD_STATES: readonly UploadState[] = ['OPEN', 'COMMITTED', 'ABORTED', 'EXPIRED'];

const UPLOAD_COLUMNS: readonly Column<Upload>[] = [
  { header: 'ID', value: (u) => u.id },
  { header: 'STATE', value: (u) => u.state },
  { header: 'FILES', value: (u) => u.files.length },
  {
    header: 'RECEIVED',
    value: (u) =>
      `${formatBytes(u.files.reduce((sum, f) => sum + f.received, 0))} of ${formatBytes(u.files.reduce((sum, f) => sum + f.size, 0))}`,
  },
  { header: 'LAST WRITE', value: (u) => formatTime(u.lastUpdateTime) },
  { header: 'EXPIRES', value: (u) => (u.expireTime === undefined ? '' : formatTime(u.expireTime)) },
];

/** `modelreg uploads`: a version's uploads, or abort one. */
export function addUploadsCommand(program: Command): void {
  program
    .command('uploads')
    .description(
      "list a version's uploads with how much of each the server holds, or abort an open one (its staged bytes are discarded)",
    )
    .summary("list a version's uploads, or abort one")
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .option('--state <state>', `only uploads in this state: ${UPLOAD_STATES.join(', ')}`, (value: string) => {
      const state = value.toUpperCase();
      if (!(UPLOAD_STATES as readonly string[]).includes(state))
        throw new InvalidArgumentError(`expected one of ${UPLOAD_STATES.join(', ')}`);
      return state as UploadState;
    })
    .option('--abort <id>', 'abort this open upload of the version')
    .addHelpText(
      'after',
      `
An OPEN upload can be resumed with "modelreg push <model> <version> <path> --upload <id>". One that
nothing is written to for the server's uploadExpirySeconds (default 7 days) expires, and the next
"modelreg gc" discards its bytes.
${examples('modelreg uploads mnist v3 --state open', 'modelreg uploads mnist v3 --abort 12')}`,
    )
    .action(
      async (
        model: string,
        version: string,
        flags: GlobalOptions & { state?: UploadState; abort?: string },
      ) => {
        const registry = connect(flags);
        const found = await mustGetVersion(registry, model, version);
        const out = new Output(flags.json === true);
        if (flags.abort !== undefined) {
          const uploads = await registry.listUploads(found);
          if (!uploads.some((upload) => upload.id === flags.abort))
            throw notFound(
              `upload ${flags.abort} in version '${version}' of model '${model}'`,
              'UPLOAD_NOT_FOUND',
            );
          await registry.abortUpload(flags.abort);
          out.result(
            { aborted: flags.abort },
            `aborted upload ${flags.abort}; its staged bytes are discarded`,
          );
          return;
        }
        const uploads = await registry.listUploads(
          found,
          flags.state === undefined ? {} : { state: flags.state },
        );
        out.list(uploads, UPLOAD_COLUMNS, 'uploads');
      },
    );
}
