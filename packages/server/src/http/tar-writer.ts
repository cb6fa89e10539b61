import { pack as createPack, type Pack } from 'tar-stream';

// A version's files as one tar, written by tar-stream (ustar headers; a pax `path` record before an
// entry whose path is not plain ASCII or does not fit ustar's name and prefix fields, whose own
// ustar name is then `PaxHeader`; a size past ustar's octal field in base-256). Files only:
// extractors make the directories a path needs.

const BLOCK = 512;
const encoder = new TextEncoder();

export interface TarEntry {
  readonly path: string;
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
}

/**
 * A manifest path is relative and has no `.` or `..` segment (domain/model-files.ts); the archive
 * checks it again, since an extractor writes where the name says.
 */
function checkName(path: string): void {
  const segments = path.split('/');
  if (path === '' || path.startsWith('/') || segments.some((s) => s === '..' || s === '.' || s === '')) {
    throw new Error(`${JSON.stringify(path)} is not a relative path without . or .. segments`);
  }
}

/** Whether tar-stream writes the path in the ustar fields (ASCII, split at a `/` into ≤155 + ≤100 bytes). */
function fitsUstar(path: string): boolean {
  if (encoder.encode(path).length !== path.length) return false;
  let name = path;
  let prefix = '';
  while (name.length > 100) {
    const cut = name.indexOf('/');
    if (cut === -1) return false;
    prefix += prefix === '' ? name.slice(0, cut) : `/${name.slice(0, cut)}`;
    name = name.slice(cut + 1);
  }
  return prefix.length <= 155;
}

/** One pax record as tar-stream writes it: `<length> path=<value>\n`, where the length counts itself. */
function paxRecordLength(path: string): number {
  const body = encoder.encode(` path=${path}\n`).length;
  const length = body + String(body).length;
  return String(length).length === String(body).length ? length : body + String(length).length;
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** The bytes before an entry's content: its header, after a pax header and record when needed. */
function headerLength(path: string): number {
  return fitsUstar(path) ? BLOCK : BLOCK + padded(paxRecordLength(path)) + BLOCK;
}

/** The archive's length in bytes, for Content-Length. */
export function tarLength(entries: readonly TarEntry[]): number {
  let total = BLOCK * 2;
  for (const entry of entries) total += headerLength(entry.path) + padded(entry.size);
  return total;
}

/** Waits until the entry takes more bytes, or is gone. */
function drained(sink: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      sink.off('drain', done);
      sink.off('close', done);
      resolve();
    };
    sink.on('drain', done);
    sink.on('close', done);
  });
}

async function writeEntry<E extends TarEntry>(
  pack: Pack,
  entry: E,
  read: (entry: E) => Promise<AsyncIterable<Uint8Array>>,
): Promise<void> {
  const source = await read(entry);
  let sink: NodeJS.WritableStream | undefined;
  const written = new Promise<void>((resolve, reject) => {
    const header = { name: entry.path, size: entry.size, mtime: new Date(entry.mtime * 1000), mode: 0o644 };
    sink = pack.entry({ ...header, type: 'file' }, (error) => (error ? reject(error) : resolve()));
  });
  // Settled below, or left behind when the archive is given up (its error is the archive's).
  written.catch(() => undefined);
  const target = sink as NodeJS.WritableStream;
  // Destroyed with the archive's error, which the archive's reader receives.
  target.on('error', () => undefined);
  let sent = 0;
  for await (const chunk of source) {
    sent += chunk.length;
    if (sent > entry.size) break;
    if (pack.destroyed) throw new Error('the archive was closed');
    if (!target.write(chunk)) await drained(target);
  }
  if (sent !== entry.size) {
    const read = sent > entry.size ? `more than ${entry.size}` : String(sent);
    throw new Error(`${entry.path}: read ${read} bytes, expected ${entry.size}`);
  }
  target.end();
  await written;
}

/**
 * The archive of `entries`, streamed: each entry's header, then its bytes from `read` (which must
 * yield exactly `size` bytes), then padding; two zero blocks at the end. When `read` fails (a file
 * found corrupt while it is served, ADR 16), the stream fails before those end blocks, so no
 * reader takes a partial archive for a whole one.
 */
export async function* tarStream<E extends TarEntry>(
  entries: readonly E[],
  read: (entry: E) => Promise<AsyncIterable<Uint8Array>>,
): AsyncGenerator<Uint8Array> {
  for (const entry of entries) checkName(entry.path);
  const pack = createPack();
  // The reading loop below receives the archive's error; unlistened, the event would be a crash.
  pack.on('error', () => undefined);
  const writing = (async () => {
    for (const entry of entries) await writeEntry(pack, entry, read);
  })().then(
    () => pack.finalize(),
    (error: unknown) => {
      pack.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  try {
    for await (const chunk of pack as AsyncIterable<Uint8Array>) yield chunk;
  } finally {
    // Also when the reader stops early (the client went away): the files being read are closed.
    pack.destroy();
    await writing;
  }
}
