import { filePathFault, MAX_FILE_PATH_BYTES, type FilePathFault } from '@modelreg/client/file-paths';
import { InputError } from './errors.js';

/** The longest file path, in UTF-8 bytes. */
export const MAX_PATH_BYTES = MAX_FILE_PATH_BYTES;
/** The most files one upload may declare. */
export const MAX_FILES_PER_UPLOAD = 100_000;
/** The largest file the registry accepts, bytes (S3's largest object). */
export const MAX_FILE_SIZE = 5 * 1024 ** 4;

/** EXPIRED: OPEN and idle for longer than the server's upload expiry; its bytes are discarded. */
export type UploadState = 'OPEN' | 'COMMITTED' | 'ABORTED' | 'EXPIRED';
export const UPLOAD_STATES: readonly UploadState[] = ['OPEN', 'COMMITTED', 'ABORTED', 'EXPIRED'];

/** One file of an upload, as the metadata store keeps it. */
export interface UploadFile {
  readonly id: number;
  readonly uploadId: number;
  /** The file's position in the upload's list: names its staging place. */
  readonly fileIndex: number;
  readonly path: string;
  readonly size: number;
  /** The digest the client declared (hex), checked when the last byte arrives. */
  readonly declaredSha256?: string | undefined;
  /** Bytes durably staged. */
  readonly received: number;
  /** Once complete: the digest computed on the way (hex). */
  readonly sha256?: string | undefined;
  /** Once complete: where the artifact store keeps the bytes. */
  readonly contentKey?: string | undefined;
  /** The artifact store's resume state (e.g. an S3 multipart upload), opaque here. */
  readonly stagingState?: string | undefined;
}

export interface Upload {
  readonly id: number;
  /** A random key naming the upload's staging place (and, on S3, its content prefix). */
  readonly uploadKey: string;
  readonly modelVersionId: number;
  readonly state: UploadState;
  readonly createdBy: string;
  readonly createTimeSinceEpoch: number;
  /** The last time a request created it, wrote to it or changed its state. */
  readonly lastUpdateTimeSinceEpoch: number;
  /** When an OPEN upload expires unless a request writes to it first (none when uploads never expire). */
  readonly expireTimeSinceEpoch?: number | undefined;
  readonly files: readonly UploadFile[];
}

export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentKey: string;
}

/** A version's sealed content. */
export interface Manifest {
  readonly modelVersionId: number;
  readonly uploadId: number;
  /** `sha256:<hex>` over the sorted manifest lines (see rootDigestInput). */
  readonly rootDigest: string;
  readonly totalSize: number;
  readonly fileCount: number;
  /** Sorted by path, byte order. */
  readonly files: readonly ManifestFile[];
  readonly uri: string;
  readonly createTimeSinceEpoch: number;
}

export interface DeclaredFile {
  readonly path: string;
  readonly size: number;
  readonly sha256?: string | undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** How the server words each fault of the file-path rule (shared with the SDK). */
const WORDS: Readonly<Record<FilePathFault, string>> = {
  empty: 'is empty',
  'lone-surrogate': 'is not valid UTF-8 (it has a lone surrogate)',
  absolute: 'is absolute (starts with /)',
  backslash: 'contains a backslash',
  'control-character': 'contains a control character',
  'too-long': `is longer than ${MAX_PATH_BYTES} bytes`,
  'empty-segment': 'has an empty segment (// or a trailing /)',
  'dot-segment': "has a '.' segment",
  'dot-dot-segment': "has a '..' segment",
};

/**
 * Why a file path is not acceptable, or undefined when it is: relative, normalised, `/`-separated,
 * no `\`, no empty, `.` or `..` segment, no control character, valid UTF-8, at most 1024 bytes.
 * The rule is the SDK's (packages/client/src/file-path-rule.ts), so both refuse the same paths.
 */
export function filePathProblem(path: string): string | undefined {
  const fault = filePathFault(path);
  return fault === undefined ? undefined : WORDS[fault];
}

/** Throws 400 INVALID_FILE_PATH naming the problem. */
export function checkFilePath(path: string): string {
  const problem = filePathProblem(path);
  if (problem !== undefined) {
    throw new InputError('INVALID_FILE_PATH', `file path ${JSON.stringify(path)} ${problem}`);
  }
  return path;
}

/** Checks a declared file list: paths, sizes, digests, no duplicates. */
export function checkDeclaredFiles(files: readonly DeclaredFile[]): void {
  if (files.length === 0)
    throw new InputError('INVALID_FIELD', 'field files: an upload needs at least one file');
  if (files.length > MAX_FILES_PER_UPLOAD) {
    throw new InputError('INVALID_FIELD', `field files: at most ${MAX_FILES_PER_UPLOAD} files per upload`);
  }
  const seen = new Set<string>();
  for (const file of files) {
    checkFilePath(file.path);
    if (seen.has(file.path)) {
      throw new InputError('INVALID_FILE_PATH', `file path ${JSON.stringify(file.path)} appears twice`);
    }
    seen.add(file.path);
  }
}

/** Compares two strings by their UTF-8 bytes (which is code point order, unlike `<` on UTF-16). */
export function compareByteOrder(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const n = Math.min(left.length, right.length);
  for (let i = 0; i < n; i += 1) {
    const x = left[i]?.codePointAt(0) ?? 0;
    const y = right[i]?.codePointAt(0) ?? 0;
    if (x !== y) return x - y;
  }
  return left.length - right.length;
}

/**
 * The text the root digest is the sha256 of: one line per file, sorted by path in byte order,
 * `<sha256 hex>  <size>  <path>\n`.
 */
export function rootDigestInput(files: readonly { path: string; size: number; sha256: string }[]): string {
  return [...files]
    .sort((a, b) => compareByteOrder(a.path, b.path))
    .map((file) => `${file.sha256}  ${file.size}  ${file.path}\n`)
    .join('');
}

/** Schemes of content the registry records without copying. */
export const EXTERNAL_SCHEMES = ['s3', 'gs', 'oci', 'hf', 'http', 'https'] as const;

/** A byte range of a file, both ends included. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The range of a `Range: bytes=…` header for a file of `size` bytes: one range only (first-last,
 * first-, or -suffix). Undefined when absent or not a single byte range (then the whole file is
 * sent, as RFC 9110 allows); 'unsatisfiable' when it lies outside the file.
 */
export function parseRangeHeader(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/**
 * A `Content-Range: bytes start-end/size` header of an upload: the range and the total it
 * claims. Throws 400 INVALID_CONTENT_RANGE when malformed.
 */
export function parseContentRange(header: string): { start: number; end: number; size: number } {
  const match = /^bytes (\d{1,16})-(\d{1,16})\/(\d{1,16})$/.exec(header.trim());
  if (match === null) {
    throw new InputError(
      'INVALID_CONTENT_RANGE',
      `Content-Range must be 'bytes <start>-<end>/<size>', got '${header.slice(0, 100)}'`,
    );
  }
  const [start, end, size] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (end < start) {
    throw new InputError('INVALID_CONTENT_RANGE', `Content-Range ends (${end}) before it starts (${start})`);
  }
  return { start, end, size };
}
