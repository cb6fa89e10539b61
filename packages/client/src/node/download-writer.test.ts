import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DownloadWriter } from './download-writer.js';

// A failed background datasync must fail the download: Linux reports a failed writeback to one
// sync call only, so the download's final fsync would succeed on bytes that were lost. The disk
// is a stand-in here (a real one cannot be made to fail its writeback on demand).

function handle(datasync: () => Promise<void>): FileHandle {
  return {
    write: (buffer: Uint8Array, offset: number, length: number) =>
      Promise.resolve({ bytesWritten: length, buffer }),
    datasync,
  } as unknown as FileHandle;
}

async function download(writer: DownloadWriter, bytes: number): Promise<void> {
  const chunk = new Uint8Array(1024 * 1024);
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    for (let offset = 0; offset < chunk.length;) {
      offset += writer.put(chunk, offset);
      if (writer.full) await writer.submit();
    }
  }
  await writer.finish();
}

describe('DownloadWriter', () => {
  const size = 80 * 1024 * 1024;

  it('fails the download when a background datasync fails', async () => {
    const state = { written: 0, digest: { written: () => undefined } };
    const writer = new DownloadWriter(
      handle(() => Promise.reject(new Error('EIO: i/o error, fdatasync'))),
      state,
      'model.bin',
      size,
    );
    await expect(download(writer, size)).rejects.toMatchObject({ code: 'LOCAL_FILE_ERROR' });
    await writer.settle();
  });

  it('writes every byte, with a datasync on the way, when the disk keeps them', async () => {
    let syncs = 0;
    const state = { written: 0, digest: { written: () => undefined } };
    const writer = new DownloadWriter(
      handle(() => {
        syncs += 1;
        return Promise.resolve();
      }),
      state,
      'model.bin',
      size,
    );
    await download(writer, size);
    await writer.settle();
    expect(state.written).toBe(size);
    expect(syncs).toBeGreaterThan(0);
  });
});
