import { RegistryError } from './errors.js';

/**
 * The Node-only file functions, loaded on first use so that the SDK's entry point stays free of
 * `node:` imports (browsers, bundlers).
 */
export async function nodeFiles() {
  try {
    const [upload, download, local] = await Promise.all([
      import('./node/upload-files.js'),
      import('./node/download-files.js'),
      import('./node/local-files.js'),
    ]);
    return { ...upload, ...download, ...local };
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
