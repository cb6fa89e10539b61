/// <reference types="node" />
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Direct I/O (O_DIRECT) for large downloads: the bytes go from the process's buffer to the disk
 * without passing through the page cache. Writing a large file through the page cache first
 * allocates a page for every 4 KiB of it; on a virtual machine whose host takes back the pages a
 * guest leaves free, that allocation cost 0.3 to 3 s of system time per GiB from run to run,
 * while direct writes of the same GiB took 0.6 s with 0.08 s of system time
 * (docs/adr/0011-client-file-transfers.md).
 *
 * Linux asks that the buffer's address, the file offset and the length be multiples of the
 * device's logical block size: 4096 covers the 512-byte and 4 KiB devices. What cannot be aligned
 * (a file's last partial block, a resume at an odd offset) is written through the page cache, on
 * a second descriptor of the same file; the kernel keeps both views coherent.
 */
export const DIRECT_ALIGN = 4096;

/** The size of a WebAssembly page, in which aligned memory is allocated. */
const WASM_PAGE = 64 * 1024;

/**
 * `count` buffers of `bytes` each (a multiple of DIRECT_ALIGN), page-aligned. Node's Buffers come
 * from malloc, at no particular alignment; a WebAssembly memory is mapped by whole pages, so its
 * start (and every multiple of 4096 in it) is page-aligned. If a platform ever maps it otherwise,
 * the first direct write fails with EINVAL and the writer goes on through the page cache
 * (`isDirectRefusal`). With `shared`, the memory is a SharedArrayBuffer, which a worker can read
 * without the buffers being transferred (SentBytesHash).
 *
 * Reads from the page cache want them too: a buffer of 1 MiB from malloc is mapped on its own and
 * starts 16 bytes into a page, and on the AMD EPYC machines here the kernel's copy into a
 * destination 1 to 31 bytes past a page boundary ran at a quarter of its speed (1 GiB read in
 * 1 MiB preads: 0.44–0.49 s of system time, against 0.10–0.13 s at offsets 0 and 32 and beyond).
 */
export function alignedBuffers(count: number, bytes: number, options: { shared?: boolean } = {}): Buffer[] {
  if (bytes % DIRECT_ALIGN !== 0)
    throw new Error(`aligned buffers of ${bytes} bytes: not a multiple of ${DIRECT_ALIGN}`);
  const pages = Math.ceil((count * bytes) / WASM_PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: options.shared === true });
  return Array.from({ length: count }, (_, i) => Buffer.from(memory.buffer, i * bytes, bytes));
}

/**
 * A second, direct descriptor for writing `path` (which exists), or undefined where the file
 * system refuses O_DIRECT (the download then goes through the page cache alone).
 */
export async function openDirect(path: string): Promise<FileHandle | undefined> {
  // O_DIRECT is Linux's (and some BSDs'); elsewhere the constant is absent.
  const direct = (constants as { O_DIRECT?: number }).O_DIRECT;
  if (direct === undefined) return undefined;
  try {
    return await open(path, constants.O_WRONLY | direct);
  } catch {
    return undefined;
  }
}

/** A direct write refused for its alignment (or by a file system that takes O_DIRECT at open only). */
export function isDirectRefusal(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EINVAL';
}

/** Whether a write of `length` bytes from `buffer[offset]` at file `position` may go direct. */
export function directAligned(buffer: Buffer, offset: number, length: number, position: number): boolean {
  return (
    position % DIRECT_ALIGN === 0 &&
    (buffer.byteOffset + offset) % DIRECT_ALIGN === 0 &&
    length >= DIRECT_ALIGN
  );
}
