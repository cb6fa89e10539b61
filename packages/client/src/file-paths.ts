import { RegistryError } from './errors.js';

/** The longest file path the registry accepts, in UTF-8 bytes. */
export const MAX_FILE_PATH_BYTES = 1024;

/**
 * Why `path` is not a file path the registry accepts, or undefined when it is one: UTF-8,
 * relative, normalised and `/`-separated (no leading `/`, no `\`, no empty, `.` or `..` segment,
 * no NUL or control character, at most 1024 bytes). The same rules as the server's, checked
 * before anything is sent and, on download, before anything is written.
 */
export function filePathProblem(path: string): string | undefined {
  if (path === '') return 'it is empty';
  if (new TextEncoder().encode(path).length > MAX_FILE_PATH_BYTES)
    return `it is longer than ${MAX_FILE_PATH_BYTES} bytes`;
  // A lone surrogate has no UTF-8 encoding (in u-mode a proper pair is one code point, not Cs).
  if (/\p{Cs}/u.test(path)) return 'it is not valid Unicode';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return 'it contains a control character';
  if (path.includes('\\')) return 'it contains a backslash';
  if (path.startsWith('/')) return 'it is absolute';
  for (const segment of path.split('/')) {
    if (segment === '') return 'it has an empty segment';
    if (segment === '.' || segment === '..') return `it has a '${segment}' segment`;
  }
  return undefined;
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
