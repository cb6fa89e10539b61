/**
 * IP addresses and CIDR blocks, IPv4 and IPv6, as 4 or 16 bytes: what trusted proxies are
 * matched with and what a client is known by. An IPv4-mapped IPv6 address (`::ffff:10.0.0.5`,
 * how a dual-stack socket reports an IPv4 peer) is the IPv4 address it maps.
 */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly bytes: readonly number[];
}

export interface CidrBlock extends IpAddress {
  /** Leading bits that must match: 0 to 32 (IPv4) or 128 (IPv6). */
  readonly prefix: number;
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | undefined {
  const zone = text.indexOf('%');
  const address = zone === -1 ? text : text.slice(0, zone);
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const words: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      // An embedded IPv4 address may end the address: ::ffff:10.0.0.5
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return undefined;
        words.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
      words.push(parseInt(part, 16));
    }
    return words;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** The address, or undefined when the text is not one. `[::1]` brackets are accepted. */
export function parseIp(text: string): IpAddress | undefined {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (trimmed.includes(':')) {
    const bytes = parseIpv6(trimmed);
    if (bytes === undefined) return undefined;
    if (MAPPED_PREFIX.every((b, i) => bytes[i] === b)) return { version: 4, bytes: bytes.slice(12) };
    return { version: 6, bytes };
  }
  const bytes = parseIpv4(trimmed);
  return bytes === undefined ? undefined : { version: 4, bytes };
}

/** `10.1.0.0/16`, `fd00::/8`, or one address (a block of one). Undefined when malformed. */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const max = address.version === 4 ? 32 : 128;
  if (slash === -1) return { ...address, prefix: max };
  const bits = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits)) return undefined;
  // `::ffff:10.0.0.0/104` is the IPv4 block 10.0.0.0/8.
  const given = Number(bits);
  const prefix = address.version === 4 && text.slice(0, slash).includes(':') ? given - 96 : given;
  if (prefix < 0 || prefix > max) return undefined;
  return { ...address, prefix };
}

export function cidrContains(block: CidrBlock, address: IpAddress): boolean {
  if (block.version !== address.version) return false;
  let bits = block.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((block.bytes[i] ?? 0) & mask) !== ((address.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

export function formatIp(address: IpAddress): string {
  if (address.version === 4) return address.bytes.join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2)
    words.push((((address.bytes[i] ?? 0) << 8) | (address.bytes[i + 1] ?? 0)).toString(16));
  return words.join(':');
}

/** Whether the address lies in one of the blocks (written as `parseCidr` reads them). */
export function addressIn(address: string | undefined, blocks: readonly string[]): boolean {
  const parsed = address === undefined ? undefined : parseIp(address);
  if (parsed === undefined) return false;
  return blocks.some((text) => {
    const block = parseCidr(text);
    return block !== undefined && cidrContains(block, parsed);
  });
}

/**
 * The address of the client a request comes from. The connection's peer, unless the peer is a
 * trusted proxy: then `X-Forwarded-For` is read from the right, each trusted proxy skipped, and
 * the first address that is not one is the client (what a client writes there itself lies to
 * the left of what the proxies appended, so it is never reached while a proxy stands between).
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: readonly string[],
): string | undefined {
  if (peer === undefined || forwardedFor === undefined || !addressIn(peer, trustedProxies)) return peer;
  let client = peer;
  const hops = forwardedFor.split(',').map((hop) => hop.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = stripPort(hops[i] ?? '');
    if (parseIp(hop) === undefined) break;
    client = hop;
    if (!addressIn(hop, trustedProxies)) break;
  }
  return client;
}

/** `1.2.3.4:5678` and `[::1]:5678` as some proxies write them: the address alone. */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed !== null) return bracketed[1] ?? hop;
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  return v4WithPort?.[1] ?? hop;
}

/**
 * What a client is counted by: its IPv4 address, or the /64 of its IPv6 address (one host
 * usually holds a whole /64, so counting its addresses one by one would count nothing).
 */
export function clientKey(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  const parsed = parseIp(address);
  if (parsed === undefined) return address.slice(0, 64);
  if (parsed.version === 4) return formatIp(parsed);
  return `${formatIp({ version: 6, bytes: [...parsed.bytes.slice(0, 8), 0, 0, 0, 0, 0, 0, 0, 0] })}/64`;
}
