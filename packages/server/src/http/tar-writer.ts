// A streaming tar writer: POSIX ustar headers, with a pax extended header before any entry whose
// path is not plain ASCII or does not fit ustar's name/prefix fields, or whose size does not fit
// its 11 octal digits. Files only: extractors make the directories a path needs.

const BLOCK = 512;
/** The largest size ustar's 12-byte octal field can hold (8 GiB - 1). */
const USTAR_MAX_SIZE = 0o77777777777;
const encoder = new TextEncoder();

export interface TarEntry {
  readonly path: string;
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
}

function writeText(block: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text);
  block.set(bytes.subarray(0, length), offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  // length - 1 digits and a NUL terminator.
  writeText(block, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** GNU base-256 for a size too large for octal (readers that know pax use the pax `size`). */
function writeBase256(block: Uint8Array, offset: number, length: number, value: number): void {
  let rest = BigInt(value);
  for (let i = offset + length - 1; i > offset; i -= 1) {
    block[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  block[offset] = 0x80;
}

function header(name: string, prefix: string, size: number, mtime: number, type: '0' | 'x'): Uint8Array {
  const block = new Uint8Array(BLOCK);
  writeText(block, 0, 100, name);
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  if (size <= USTAR_MAX_SIZE) writeOctal(block, 124, 12, size);
  else writeBase256(block, 124, 12, size);
  writeOctal(block, 136, 12, Math.max(0, Math.floor(mtime)));
  block.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  block[156] = type.charCodeAt(0);
  writeText(block, 257, 6, 'ustar\0');
  writeText(block, 263, 2, '00');
  writeText(block, 345, 155, prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeText(block, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

/** Splits a path into ustar's prefix (≤155 bytes) and name (≤100 bytes) at a `/`, if it can be. */
function ustarName(path: string): { name: string; prefix: string } | undefined {
  if (!/^[\x20-\x7e]*$/.test(path)) return undefined;
  if (path.length <= 100) return { name: path, prefix: '' };
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (prefix.length <= 155 && name.length <= 100 && name !== '') return { name, prefix };
  }
  return undefined;
}

/** One pax record: `<length> <key>=<value>\n`, where the length counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + String(bodyLength).length;
  if (String(length).length !== String(bodyLength).length) length = bodyLength + String(length).length;
  return `${length}${body}`;
}

function padding(size: number): Uint8Array {
  const rest = size % BLOCK;
  return new Uint8Array(rest === 0 ? 0 : BLOCK - rest);
}

/** The header blocks of one entry (a pax header first when needed). */
export function entryHeader(entry: TarEntry): Uint8Array {
  const plain = ustarName(entry.path);
  if (plain !== undefined && entry.size <= USTAR_MAX_SIZE) {
    return header(plain.name, plain.prefix, entry.size, entry.mtime, '0');
  }
  let records = paxRecord('path', entry.path);
  if (entry.size > USTAR_MAX_SIZE) records += paxRecord('size', String(entry.size));
  const data = encoder.encode(records);
  // The ustar fields of a pax entry only matter to readers without pax: give them an ASCII stand-in.
  const fallback = entry.path.replace(/[^\x20-\x7e]/g, '_').slice(-100);
  const parts = [
    header('PaxHeader', '', data.length, entry.mtime, 'x'),
    data,
    padding(data.length),
    header(fallback, '', entry.size, entry.mtime, '0'),
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The archive of `entries`, streamed: each entry's header, then its bytes from `read` (which must
 * yield exactly `size` bytes), then padding; two zero blocks at the end.
 */
export async function* tarStream<E extends TarEntry>(
  entries: readonly E[],
  read: (entry: E) => Promise<AsyncIterable<Uint8Array>>,
): AsyncGenerator<Uint8Array> {
  for (const entry of entries) {
    yield entryHeader(entry);
    let sent = 0;
    for await (const chunk of await read(entry)) {
      sent += chunk.length;
      yield chunk;
    }
    if (sent !== entry.size) throw new Error(`${entry.path}: read ${sent} bytes, expected ${entry.size}`);
    const pad = padding(entry.size);
    if (pad.length > 0) yield pad;
  }
  yield new Uint8Array(BLOCK * 2);
}

/** The archive's length in bytes, for Content-Length. */
export function tarLength(entries: readonly TarEntry[]): number {
  let total = BLOCK * 2;
  for (const entry of entries) total += entryHeader(entry).length + entry.size + padding(entry.size).length;
  return total;
}
