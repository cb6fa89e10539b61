import type { Context } from 'hono';
import { InputError } from '../../domain/errors.js';
import { parseArtifactPath, type MlflowArtifactService } from '../../services/mlflow/index.js';
import { callerOf, type Routes } from '../operations.js';
import { bodyChunks } from '../routes/file.js';
import { sendStream } from '../send-content.js';
import { MLFLOW_ARTIFACTS_BASE } from './mlflow-errors.js';

/**
 * The `mlflow-artifacts` proxy as MLflow 2.7's HttpArtifactRepository uses it
 * (docs/adr/0020-mlflow-api.md): `PUT` and `GET …/artifacts/<experiment>/<run>/artifacts/<path>`
 * put and get one file, `GET …/artifacts?path=<dir>` lists a directory's entries by name.
 */
export function registerMlflowArtifactRoutes(routes: Routes, artifacts: MlflowArtifactService): void {
  const base = `${MLFLOW_ARTIFACTS_BASE}/artifacts`;
  const fileRoute = `${base}/:experiment/:run/artifacts/:path{.+}`;
  const target = (c: Context) =>
    parseArtifactPath(
      `${c.req.param('experiment') ?? ''}/${c.req.param('run') ?? ''}/artifacts/${c.req.param('path') ?? ''}`,
      false,
    );

  routes.route('PUT', fileRoute, 'mlflowUploadArtifact', async (c) => {
    const at = target(c);
    const length = c.req.header('content-length');
    if (length === undefined || !/^\d{1,16}$/.test(length)) {
      throw new InputError('INVALID_PARAMETER', 'an artifact is put with its Content-Length');
    }
    await artifacts.upload(callerOf(c), at, Number(length), bodyChunks(c));
    return c.json({}, 200);
  });

  routes.route('GET', fileRoute, 'mlflowDownloadArtifact', async (c) => {
    const at = target(c);
    const { file, bytes } = await artifacts.download(callerOf(c), at);
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(file.size),
      'x-checksum-sha256': file.sha256,
    };
    if (file.size === 0) {
      // Read to its end all the same: that checks it (and closes the stored file it opened).
      for await (const _ of bytes);
      return new Response(null, { status: 200, headers });
    }
    return sendStream(c, 200, headers, bytes);
  });

  routes.route('GET', base, 'mlflowListArtifacts', async (c) => {
    const at = parseArtifactPath(c.req.query('path') ?? '', true);
    const entries = await artifacts.list(callerOf(c), at);
    if (entries.length === 0) return c.json({}, 200);
    return c.json(
      {
        files: entries.map((e) => ({
          path: e.path,
          is_dir: e.isDir,
          ...(e.fileSize === undefined ? {} : { file_size: e.fileSize }),
        })),
      },
      200,
    );
  });
}
