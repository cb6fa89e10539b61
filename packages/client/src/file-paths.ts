import { RegistryError } from './errors.js';
import {
  filePathFault,
  MAX_FILE_PATH_BYTES,
  type FilePathCheck,
  type FilePathFault,
} from './file-path-rule.js';

export { MAX_FILE_PATH_BYTES } from './file-path-rule.js';

/** The SDK's checks, in the order it has always made them (the first fault found is named). */
const CLIENT_ORDER: readonly FilePathCheck[] = [
  'empty',
  'too-long',
  'lone-surrogate',
  'control-character',
  'backslash',
  'absolute',
  'segments',
];

const WORDS: Readonly<Record<FilePathFault, string>> = {
  empty: 'it is empty',
  'too-long': `it is longer than ${MAX_FILE_PATH_BYTES} bytes`,
  'lone-surrogate': 'it is not valid Unicode',
  'control-character': 'it contains a control character',
  backslash: 'it contains a backslash',
  absolute: 'it is absolute',
  'empty-segment': 'it has an empty segment',
  'dot-segment': "it has a '.' segment",
  'dot-dot-segment': "it has a '..' segment",
};

/**
 * Why `path` is not a file path the registry accepts, or undefined when it is one: UTF-8,
 * relative, normalised and `/`-separated (no leading `/`, no `\`, no empty, `.` or `..` segment,
 * no NUL or control character, at most 1024 bytes). The server's rule (file-path-rule.ts), checked
 * before anything is sent and, on download, before anything is written.
 */
export function filePathProblem(path: string): string | undefined {
  const fault = filePathFault(path, CLIENT_ORDER);
  return fault === undefined ? undefined : WORDS[fault];
}

/** Throws INVALID_FILE_PATH (status 0: refused before any request) unless the path is acceptable. */
export function assertFilePath(path: string, where: string): void {
  const problem = filePathProblem(path);
  if (problem !== undefined)
    throw new RegistryError(
      `${where}: ${JSON.stringify(path)} is not a valid file path (${problem})`,
      'INVALID_FILE_PATH',
      0,
    );
}

/** A file path as it goes into a URL: each segment percent-encoded, joined with `/`. */
export function encodeFilePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Byte order of the UTF-8 encodings, which is the manifest's order (not UTF-16 code units). */
export function compareFilePaths(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
