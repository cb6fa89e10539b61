import { RegistryError } from './errors.js';

/** The Node-only file modules, each loaded on its first use. */
const PARTS = {
  upload: () => import('./node/upload-files.js'),
  download: () => import('./node/download-files.js'),
  local: () => import('./node/local-files.js'),
};

/**
 * One part of the Node-only file functions (uploads, downloads, the listing of local files),
 * loaded on first use so that the SDK's entry point stays free of `node:` imports (browsers,
 * bundlers), and a push does not load the download's modules (nor a pull the upload's).
 */
export async function nodeFiles<Part extends keyof typeof PARTS>(
  part: Part,
): Promise<Awaited<ReturnType<(typeof PARTS)[Part]>>> {
  try {
    return (await PARTS[part]()) as Awaited<ReturnType<(typeof PARTS)[Part]>>;
  } catch (error) {
    throw new RegistryError(
      'uploading and downloading files needs Node.js (it reads and writes local files)',
      'UNSUPPORTED_RUNTIME',
      0,
      undefined,
      { cause: error },
    );
  }
}
