// The file-path rule of the registry, in one place: the SDK checks paths with it before anything
// is sent or written, and the server (packages/server/src/domain/model-files.ts) checks every
// declared path with it, imported as `@modelreg/client/file-paths`. Pure: no imports, no I/O, so
// the server's domain and a browser can both load it. Each side words the fault its own way.

/** The longest file path the registry accepts, in UTF-8 bytes. */
export const MAX_FILE_PATH_BYTES = 1024;

/** What is wrong with a file path. */
export type FilePathFault =
  | 'empty'
  | 'lone-surrogate'
  | 'absolute'
  | 'backslash'
  | 'control-character'
  | 'too-long'
  | 'empty-segment'
  | 'dot-segment'
  | 'dot-dot-segment';

/** One check of the rule; `segments` finds the first empty, `.` or `..` segment. */
export type FilePathCheck =
  'empty' | 'lone-surrogate' | 'absolute' | 'backslash' | 'control-character' | 'too-long' | 'segments';

/** Every check, in the order the server makes them (the first fault found is the one named). */
export const FILE_PATH_CHECKS: readonly FilePathCheck[] = [
  'empty',
  'lone-surrogate',
  'absolute',
  'backslash',
  'control-character',
  'too-long',
  'segments',
];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls (NUL included), DEL and the C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

function segmentFault(path: string): FilePathFault | undefined {
  for (const segment of path.split('/')) {
    if (segment === '') return 'empty-segment';
    if (segment === '.') return 'dot-segment';
    if (segment === '..') return 'dot-dot-segment';
  }
  return undefined;
}

const CHECKS: Readonly<Record<FilePathCheck, (path: string) => FilePathFault | undefined>> = {
  empty: (path) => (path === '' ? 'empty' : undefined),
  'lone-surrogate': (path) => (LONE_SURROGATE.test(path) ? 'lone-surrogate' : undefined),
  absolute: (path) => (path.startsWith('/') ? 'absolute' : undefined),
  backslash: (path) => (path.includes('\\') ? 'backslash' : undefined),
  'control-character': (path) => (CONTROL_CHARACTER.test(path) ? 'control-character' : undefined),
  'too-long': (path) =>
    new TextEncoder().encode(path).length > MAX_FILE_PATH_BYTES ? 'too-long' : undefined,
  segments: segmentFault,
};

/**
 * What is wrong with `path` as a file path of the registry, or undefined when nothing is: it must
 * be relative, normalised and `/`-separated (no leading `/`, no `\`, no empty, `.` or `..`
 * segment), valid UTF-8 (no lone surrogate), free of control characters, at most 1024 bytes.
 * `order` says which fault is named when there are several.
 */
export function filePathFault(
  path: string,
  order: readonly FilePathCheck[] = FILE_PATH_CHECKS,
): FilePathFault | undefined {
  for (const check of order) {
    const fault = CHECKS[check](path);
    if (fault !== undefined) return fault;
  }
  return undefined;
}
