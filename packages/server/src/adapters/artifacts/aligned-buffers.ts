/** The size of a WebAssembly page, by which its memory is mapped. */
const WASM_PAGE = 64 * 1024;
/** Read buffers of this size… */
export const READ_BUFFER_BYTES = 1024 * 1024;
/** …come this many to a slab of memory. */
const SLAB_BUFFERS = 4;
/** Buffers of the last slab not handed out yet. */
const fresh: Buffer[] = [];

/**
 * A new 1 MiB buffer for reads from files, page-aligned. A 1 MiB Buffer of Node's is mapped by
 * malloc on its own and starts 16 bytes into a page, and on the AMD EPYC machines here the
 * kernel's copy from the page cache into a destination 1 to 31 bytes past a page boundary ran at a
 * quarter of its speed (1 GiB in 1 MiB reads: 0.44–0.49 s of system time against 0.10–0.13 s;
 * docs/adr/0010-model-files.md). The buffers come four to a slab, one WebAssembly memory each
 * (mapped by whole pages; each also reserves far more address space than it maps, which V8
 * bounds): where no memory can be had, a Buffer of Node's. Callers keep and reuse them.
 */
export function pageAlignedBuffer(): Buffer {
  if (fresh.length === 0) {
    const pages = (SLAB_BUFFERS * READ_BUFFER_BYTES) / WASM_PAGE;
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    } catch {
      return Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
    }
    for (let i = 0; i < SLAB_BUFFERS; i++)
      fresh.push(Buffer.from(memory.buffer, i * READ_BUFFER_BYTES, READ_BUFFER_BYTES));
  }
  return fresh.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
}
