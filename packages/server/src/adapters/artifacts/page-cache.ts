import { createRequire } from 'node:module';

/**
 * Dropping a file's pages from the page cache once they are durable (posix_fadvise DONTNEED, via
 * the small native helper `native/page-cache.c` built at install). Optional: where the helper is
 * not built (not Linux, no C compiler) the store works the same and leaves the pages cached.
 */
export interface PageCache {
  /** 'fadvise' when pages can be dropped, else why not. */
  readonly status: string;
  /**
   * Drops the cached pages of `[offset, offset + length)` of an open file (length 0: to its end),
   * on libuv's thread pool; the file must stay open until this settles. Never rejects.
   */
  drop(fd: number, offset: number, length: number): Promise<void>;
}

interface Helper {
  dropPages(fd: number, offset: number, length: number): Promise<number>;
}

function load(): PageCache {
  let helper: Helper;
  try {
    // The same relative path from src/ (tests) and dist/ (the built server).
    helper = createRequire(import.meta.url)('../../../native/build/page-cache.node') as Helper;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { status: `unavailable (${reason})`, drop: () => Promise.resolve() };
  }
  return {
    status: 'fadvise',
    async drop(fd, offset, length) {
      // Advice only: an errno (EBADF, ESPIPE) or a refused argument changes nothing that matters,
      // and must never fail the upload, so neither is reported.
      try {
        await helper.dropPages(fd, offset, length);
      } catch {
        // ignored, as above
      }
    },
  };
}

export const pageCache: PageCache = load();
