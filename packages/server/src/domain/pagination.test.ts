import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { decodePageToken, encodePageToken } from './pagination.js';

describe('page tokens', () => {
  it('round-trip a cursor for the ordering they were issued for', () => {
    const token = encodePageToken({ value: 'résumé-model', id: 42 }, 'NAME', 'DESC');
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token, 'NAME', 'DESC')).toEqual({ value: 'résumé-model', id: 42 });
    expect(encodePageToken({ value: 'résumé-model', id: 42 }, 'NAME', 'DESC')).toBe(token);
  });

  it('treat an empty token as the first page', () => {
    expect(decodePageToken('', 'ID', 'ASC')).toBeUndefined();
  });

  it('refuse a token for another ordering, a forged one and garbage', () => {
    const token = encodePageToken({ value: 1700000000000, id: 3 }, 'CREATE_TIME', 'ASC');
    expect(() => decodePageToken(token, 'CREATE_TIME', 'DESC')).toThrow(/sortOrder=ASC/);
    expect(() => decodePageToken(token, 'ID', 'ASC')).toThrow(InputError);
    const forged = Buffer.from(JSON.stringify({ o: 'NAME', s: 'ASC', v: 5, i: 1 })).toString('base64url');
    expect(() => decodePageToken(forged, 'NAME', 'ASC')).toThrow(/not a token this server issued/);
    for (const bad of ['x', '!!!', 'eyJ9', Buffer.from('[1]').toString('base64url')]) {
      expect(() => decodePageToken(bad, 'ID', 'ASC')).toThrow(InputError);
    }
  });
});
