import { describe, expect, it } from 'vitest';
import { bump, compareSemVer, parseSemVer, satisfies, versionSortKey } from './semver.js';

const v = (text: string) => {
  const parsed = parseSemVer(text);
  if (parsed === undefined) throw new Error(`not semver: ${text}`);
  return parsed;
};

describe('semantic versions', () => {
  it('parses valid versions and refuses the rest', () => {
    for (const ok of [
      '0.0.0',
      '1.2.3',
      '10.20.30',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-0.3.7',
      '1.0.0+20130313144700',
      '1.0.0-beta+exp.sha.5114f85',
    ]) {
      expect(parseSemVer(ok), ok).toBeDefined();
    }
    for (const bad of ['1', '1.2', '01.2.3', '1.2.3-', '1.2.3-01', 'v1.2.3', '1.2.3.4', 'latest', '']) {
      expect(parseSemVer(bad), bad).toBeUndefined();
    }
  });

  it('orders by precedence, and the sort key sorts the same way', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 1; i < ordered.length; i++) {
      const [a, b] = [ordered[i - 1] ?? '', ordered[i] ?? ''];
      expect(compareSemVer(v(a), v(b)), `${a} < ${b}`).toBe(-1);
      expect(versionSortKey(a) < versionSortKey(b), `key ${a} < ${b}`).toBe(true);
    }
    expect(compareSemVer(v('1.0.0+a'), v('1.0.0+b'))).toBe(0);
    expect(versionSortKey('2.0.0') < versionSortKey('nightly')).toBe(true);
  });

  it('bumps major, minor and patch', () => {
    expect(bump(v('1.4.2'), 'patch')).toBe('1.4.3');
    expect(bump(v('1.4.2'), 'minor')).toBe('1.5.0');
    expect(bump(v('1.4.2'), 'major')).toBe('2.0.0');
    expect(bump(undefined, 'minor')).toBe('0.1.0');
    expect(bump(v('2.0.0-rc.1'), 'major')).toBe('2.0.0');
    expect(bump(v('1.3.0-rc.1'), 'minor')).toBe('1.3.0');
  });

  it('matches ranges', () => {
    const cases: [string, string, boolean][] = [
      ['1.2.3', '^1.2', true],
      ['1.9.0', '^1.2', true],
      ['2.0.0', '^1.2', false],
      ['1.1.9', '^1.2', false],
      ['0.3.5', '^0.3', true],
      ['0.4.0', '^0.3', false],
      ['1.4.7', '~1.4.0', true],
      ['1.5.0', '~1.4.0', false],
      ['1.2.9', '1.2.x', true],
      ['1.3.0', '1.x', true],
      ['1.2.3', '1.2.3', true],
      ['1.2.4', '1.2.3', false],
      ['1.5.0', '>=1.2.0 <2.0.0', true],
      ['2.0.0', '>=1.2.0 <2.0.0', false],
      ['1.3.0-rc.1', '^1.2', false],
      ['1.3.0-rc.1', '>=1.3.0-rc.0', true],
      ['3.0.0', 'latest', true],
      ['3.0.0-beta', 'latest', false],
    ];
    for (const [version, range, expected] of cases)
      expect(satisfies(v(version), range), `${version} in ${range}`).toBe(expected);
    expect(() => satisfies(v('1.0.0'), '^one')).toThrow(/range/);
  });
});
