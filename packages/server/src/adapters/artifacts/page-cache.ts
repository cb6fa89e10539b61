import { loadNativeHelper } from './native-helper.js';

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
  const loaded = loadNativeHelper<Helper>('page-cache');
  if (!('helper' in loaded))
    return { status: `unavailable (${loaded.reason})`, drop: () => Promise.resolve() };
  const { helper } = loaded;
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
