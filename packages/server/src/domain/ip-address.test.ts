import { describe, expect, it } from 'vitest';
import { addressIn, clientAddress, clientKey, parseCidr, parseIp } from './ip-address.js';

describe('IP addresses', () => {
  it('reads IPv4 and IPv6, and an IPv4-mapped IPv6 address as the IPv4 it maps', () => {
    expect(parseIp('10.0.0.5')).toEqual({ version: 4, bytes: [10, 0, 0, 5] });
    expect(parseIp('::ffff:10.0.0.5')).toEqual({ version: 4, bytes: [10, 0, 0, 5] });
    expect(parseIp('::1')?.bytes).toEqual([...new Array<number>(15).fill(0), 1]);
    expect(parseIp('[fd00::1]')?.version).toBe(6);
    expect(parseIp('2001:db8:0:0:0:0:0:1')).toEqual(parseIp('2001:db8::1'));
    expect(parseIp('fe80::1%eth0')?.version).toBe(6);
    for (const bad of [
      '',
      '10.0.0',
      '10.0.0.256',
      '010.0.0.1',
      '1::2::3',
      '12345::',
      'example.com',
      '1:2:3:4:5:6:7:8:9',
    ]) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });

  it('matches CIDR blocks of either family, bit by bit', () => {
    expect(addressIn('10.1.200.3', ['10.1.0.0/16'])).toBe(true);
    expect(addressIn('10.2.0.3', ['10.1.0.0/16'])).toBe(false);
    expect(addressIn('::ffff:10.1.0.9', ['10.1.0.0/16'])).toBe(true);
    expect(addressIn('10.0.0.7', ['10.0.0.6/31'])).toBe(true);
    expect(addressIn('10.0.0.8', ['10.0.0.6/31'])).toBe(false);
    expect(addressIn('fd00:1::5', ['fd00:1::/64'])).toBe(true);
    expect(addressIn('fd00:2::5', ['fd00:1::/64'])).toBe(false);
    expect(addressIn('2001:db8::1', ['2001:db8::1'])).toBe(true);
    expect(addressIn('2001:db8::2', ['2001:db8::1'])).toBe(false);
    // A family never matches the other's blocks.
    expect(addressIn('10.0.0.1', ['::/0'])).toBe(false);
    expect(addressIn('fd00::1', ['0.0.0.0/0'])).toBe(false);
    expect(addressIn(undefined, ['0.0.0.0/0'])).toBe(false);
  });

  it('reads CIDR blocks, refusing what is not one', () => {
    expect(parseCidr('10.0.0.0/8')?.prefix).toBe(8);
    expect(parseCidr('10.0.0.5')?.prefix).toBe(32);
    expect(parseCidr('fd00::/8')?.prefix).toBe(8);
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ version: 4, prefix: 8 });
    for (const bad of ['10.0.0.0/33', 'fd00::/129', '10.0.0.0/', '10.0.0.0/08', 'nonsense/8']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('takes the client from X-Forwarded-For only behind a trusted proxy, skipping trusted hops from the right', () => {
    const proxies = ['10.0.0.5', '10.9.0.0/16'];
    expect(clientAddress('10.0.0.5', '198.51.100.2', proxies)).toBe('198.51.100.2');
    // What a client writes itself stands left of what the proxies appended: never reached.
    expect(clientAddress('10.0.0.5', '1.1.1.1, 198.51.100.2', proxies)).toBe('198.51.100.2');
    expect(clientAddress('10.0.0.5', '198.51.100.2, 10.9.3.3', proxies)).toBe('198.51.100.2');
    expect(clientAddress('10.0.0.5', '[2001:db8::7]:4711', proxies)).toBe('2001:db8::7');
    expect(clientAddress('10.0.0.5', 'garbage', proxies)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', undefined, proxies)).toBe('10.0.0.5');
    // From any other peer the header is the client's own word: ignored.
    expect(clientAddress('192.0.2.9', '198.51.100.2', proxies)).toBe('192.0.2.9');
  });

  it('counts an IPv6 client by its /64', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:bbbb::9'));
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey(undefined)).toBe('unknown');
  });
});
