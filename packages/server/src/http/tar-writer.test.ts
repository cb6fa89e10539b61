import { describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import { tarLength, tarStream, type TarEntry } from './tar-writer.js';

const bytesOf = (entry: TarEntry) => new Uint8Array(entry.size).fill(entry.path.length % 251);

async function* chunks(data: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += 700) yield data.subarray(i, i + 700);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** The entries of an archive as an independent reader (tar-stream's extract) sees them. */
async function entriesOf(archive: Uint8Array): Promise<{ name: string; size: number }[]> {
  const reader = extract();
  const found: { name: string; size: number }[] = [];
  reader.on('entry', (header, stream, next) => {
    found.push({ name: header.name, size: header.size ?? 0 });
    stream.on('end', next);
    stream.resume();
  });
  const finished = new Promise<void>((resolve, reject) =>
    reader.on('finish', () => resolve()).on('error', reject),
  );
  reader.end(Buffer.from(archive));
  await finished;
  return found;
}

const ENTRIES: TarEntry[] = [
  { path: 'config.json', size: 0, mtime: 1_700_000_000 },
  { path: 'weights/model.safetensors', size: 5000, mtime: 1_700_000_000 },
  { path: `${'d'.repeat(150)}/${'f'.repeat(100)}`, size: 512, mtime: 1_700_000_000 },
  { path: `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(101)}`, size: 1, mtime: 1_700_000_000 },
  { path: 'données/模型.bin', size: 513, mtime: 1_700_000_000 },
  { path: `deep/${'x'.repeat(300)}`, size: 3, mtime: 1_700_000_000 },
];

describe('tarStream', () => {
  it('writes exactly tarLength bytes, and every path comes back whole', async () => {
    const archive = await collect(tarStream(ENTRIES, async (entry) => chunks(bytesOf(entry))));
    expect(archive.length).toBe(tarLength(ENTRIES));
    expect(await entriesOf(archive)).toEqual(ENTRIES.map(({ path, size }) => ({ name: path, size })));
    expect(archive.subarray(-1024).every((byte) => byte === 0)).toBe(true);
  });

  it('never writes an absolute name or one with ..: the ustar stand-in of a pax entry is PaxHeader', async () => {
    const entry = { path: `données/${'a'.repeat(200)}/..x`, size: 1, mtime: 0 };
    const archive = await collect(tarStream([entry], async (e) => chunks(bytesOf(e))));
    const ustarNames: string[] = [];
    for (let offset = 0; offset + 512 <= archive.length - 1024; offset += 512) {
      const block = archive.subarray(offset, offset + 512);
      if (Buffer.from(block.subarray(257, 262)).toString() !== 'ustar') continue;
      ustarNames.push(Buffer.from(block.subarray(0, 100)).toString().replace(/\0.*$/s, ''));
    }
    expect(ustarNames).toEqual(['PaxHeader', 'PaxHeader']);
    await expect(
      collect(tarStream([{ path: '/etc/passwd', size: 0, mtime: 0 }], async () => chunks(new Uint8Array()))),
    ).rejects.toThrow(/relative/);
    await expect(
      collect(tarStream([{ path: 'a/../b', size: 0, mtime: 0 }], async () => chunks(new Uint8Array()))),
    ).rejects.toThrow(/relative/);
  });

  it('fails before the end-of-archive blocks when a file cannot be read whole', async () => {
    const received: Uint8Array[] = [];
    const failing = async (entry: TarEntry) =>
      (async function* () {
        yield bytesOf(entry).subarray(0, 100);
        if (entry.path.startsWith('weights/')) throw new Error('CONTENT_CORRUPT');
        yield bytesOf(entry).subarray(100);
      })();
    await expect(
      (async () => {
        for await (const part of tarStream(ENTRIES.slice(0, 3), failing)) received.push(part);
      })(),
    ).rejects.toThrow('CONTENT_CORRUPT');
    const sent = Buffer.concat(received);
    expect(sent.length).toBeLessThan(tarLength(ENTRIES.slice(0, 3)));
    expect(sent.length === 0 || !sent.subarray(-1024).every((byte) => byte === 0)).toBe(true);
  });

  it('fails when a file yields fewer or more bytes than its size', async () => {
    const short = tarStream([{ path: 'a', size: 10, mtime: 0 }], async () => chunks(new Uint8Array(9)));
    await expect(collect(short)).rejects.toThrow('a: read 9 bytes, expected 10');
    const long = tarStream([{ path: 'a', size: 10, mtime: 0 }], async () => chunks(new Uint8Array(11)));
    await expect(collect(long)).rejects.toThrow(/expected 10/);
  });
});
