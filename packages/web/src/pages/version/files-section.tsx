import { API_BASE, encodeFilePath, type ManifestFile } from '@modelreg/client';
import { useState } from 'react';
import { describeError } from '../../api/errors.js';
import { useResource } from '../../api/use-resource.js';
import { CopyButton, CopyLine } from '../../components/copy-button.js';
import { ErrorState, Loading } from '../../components/states.js';
import { formatBytes } from '../../components/time.js';
import { useRegistry, useSession } from '../../session.js';
import type { VersionContext } from '../version-page.js';

/** Files larger than this are not fetched into the browser's memory: the CLI streams them. */
const BROWSER_DOWNLOAD_LIMIT = 512 * 1024 * 1024;

/** The sealed content: each file with its size and sha256, downloads, and how to fetch it elsewhere. */
export function FilesSection({ context }: { context: VersionContext }) {
  const registry = useRegistry();
  const { model, version, revision } = context;
  const manifest = useResource(`${version.id}/${revision}`, () => registry.browse.manifest(version.id ?? ''));
  const pull = `npx modelreg pull ${shellWord(model.name)} ${shellWord(version.name ?? '')} --out ./${model.name}-${version.name ?? ''}`;
  const uri = `model-registry://${model.name}/${version.name ?? ''}`;
  return (
    <section aria-labelledby="files-title" className="panel">
      <h2 id="files-title">Files</h2>
      <div className="copy-lines">
        <CopyLine text={uri} label="Copy the model-registry URI" />
        <CopyLine text={pull} label="Copy the pull command" />
      </div>
      {manifest.error !== undefined ? (
        <ErrorState error={manifest.error} retry={manifest.reload} />
      ) : manifest.data === undefined && manifest.loading ? (
        <Loading label="Loading the files" />
      ) : manifest.data === undefined ? (
        <p className="muted">
          The registry stores no files for this version: its model artifact records where they are (see
          Location).
        </p>
      ) : (
        <>
          <p>
            {manifest.data.fileCount} files, {formatBytes(manifest.data.totalSize)}, sealed{' '}
            <span className="digest">
              <code title={manifest.data.rootDigest}>{manifest.data.rootDigest}</code>
              <CopyButton text={manifest.data.rootDigest} label="Copy the root digest" />
            </span>
          </p>
          <table className="data-table">
            <caption className="visually-hidden">Files of the version</caption>
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col" className="numeric">
                  Size
                </th>
                <th scope="col">sha256</th>
                <th scope="col">
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {manifest.data.files.map((file) => (
                <tr key={file.path}>
                  <th scope="row" className="wrap">
                    {file.path}
                  </th>
                  <td className="numeric">{formatBytes(file.size)}</td>
                  <td>
                    <span className="digest">
                      <code title={file.sha256}>{file.sha256.slice(0, 12)}…</code>
                      <CopyButton text={file.sha256} label={`Copy the sha256 of ${file.path}`} />
                    </span>
                  </td>
                  <td>
                    <DownloadButton versionId={version.id ?? ''} file={file} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/**
 * Without a token (authentication off, or a gateway's headers) a plain link downloads the file,
 * streamed by the browser. With a token, the request must carry it: the file is fetched into
 * memory and saved from there, up to a size a browser holds comfortably.
 */
function DownloadButton({ versionId, file }: { versionId: string; file: ManifestFile }) {
  const { needsNoToken, registry } = useSession();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const name = file.path.split('/').pop() ?? file.path;
  const href = `${API_BASE}/model_versions/${versionId}/files/${encodeFilePath(file.path)}`;
  if (needsNoToken) {
    return (
      <a
        className="button-link button-small"
        href={href}
        download={name}
        aria-label={`Download ${file.path}`}
      >
        Download
      </a>
    );
  }
  if (file.size > BROWSER_DOWNLOAD_LIMIT) return <span className="muted">use modelreg pull</span>;
  return (
    <>
      <button
        type="button"
        className="button-small"
        disabled={busy}
        aria-label={`Download ${file.path}`}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          registry.browse.downloadFile(versionId, file.path).then(
            (blob) => {
              const url = URL.createObjectURL(blob);
              const link = document.createElement('a');
              link.href = url;
              link.download = name;
              link.click();
              setTimeout(() => URL.revokeObjectURL(url), 60_000);
              setBusy(false);
            },
            (e: unknown) => {
              setError(describeError(e));
              setBusy(false);
            },
          );
        }}
      >
        {busy ? 'Downloading…' : 'Download'}
      </button>
      {error !== undefined && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** A word the shell keeps as one (quoted when it holds anything special). */
function shellWord(word: string): string {
  return /^[A-Za-z0-9._:/@-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
