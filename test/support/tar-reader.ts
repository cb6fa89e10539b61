// A small tar reader for tests: ustar entries, with pax `path` and `size` records applied.

export interface TarFile {
  readonly path: string;
  readonly data: Uint8Array;
}

const decoder = new TextDecoder();

function field(block: Uint8Array, offset: number, length: number): string {
  const bytes = block.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function octal(block: Uint8Array, offset: number, length: number): number {
  if (((block[offset] ?? 0) & 0x80) !== 0) {
    let value = 0n;
    for (let i = offset + 1; i < offset + length; i += 1) value = (value << 8n) | BigInt(block[i] ?? 0);
    return Number(value);
  }
  const text = field(block, offset, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum === octal(block, 148, 8);
}

export function readTar(archive: Uint8Array): TarFile[] {
  const files: TarFile[] = [];
  let offset = 0;
  let pax: Record<string, string> = {};
  while (offset + 512 <= archive.length) {
    const block = archive.subarray(offset, offset + 512);
    if (block.every((b) => b === 0)) break;
    if (!checksumOk(block)) throw new Error(`bad header checksum at ${offset}`);
    const type = String.fromCharCode(block[156] ?? 0);
    let size = octal(block, 124, 12);
    const name = field(block, 0, 100);
    const prefix = field(block, 345, 155);
    offset += 512;
    if (type === 'x') {
      const text = decoder.decode(archive.subarray(offset, offset + size));
      pax = {};
      let rest = text;
      while (rest.length > 0) {
        const space = rest.indexOf(' ');
        const length = Number(rest.slice(0, space));
        const record = new TextDecoder().decode(new TextEncoder().encode(rest).subarray(0, length));
        const [key = '', ...value] = record.slice(space + 1, -1).split('=');
        pax[key] = value.join('=');
        rest = new TextDecoder().decode(new TextEncoder().encode(rest).subarray(length));
      }
      offset += Math.ceil(size / 512) * 512;
      continue;
    }
    if (pax['size'] !== undefined) size = Number(pax['size']);
    const path = pax['path'] ?? (prefix === '' ? name : `${prefix}/${name}`);
    files.push({ path, data: archive.slice(offset, offset + size) });
    offset += Math.ceil(size / 512) * 512;
    pax = {};
  }
  return files;
}
