import semver from 'semver';
import { InputError } from './errors.js';

/** A semantic version (semver.org 2.0.0). Build metadata is kept but does not order. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
  readonly build: string;
}

/** Numbers above this would not fit the sort key; no real version gets there. */
const MAX_PART = 9_999_999_999;

/**
 * Every semantic version starts so. npm's parser throws (and catches) an error for text that is
 * not a version, which cost 35 µs for each version named like `v12`: such names stop here.
 */
const CORE_START = /^\d+\.\d+\.\d+/;

/** semver.org 2.0.0 text, strictly: npm's parser, without the leading `v` or spaces it tolerates. */
export function parseSemVer(text: string): SemVer | undefined {
  if (!CORE_START.test(text)) return undefined;
  const parsed = semver.parse(text);
  if (parsed === null) return undefined;
  const build = parsed.build.join('.');
  if (`${parsed.version}${build === '' ? '' : `+${build}`}` !== text) return undefined;
  const { major, minor, patch, prerelease } = parsed;
  if ([major, minor, patch, ...prerelease].some((p) => typeof p === 'number' && p > MAX_PART)) {
    return undefined;
  }
  return { major, minor, patch, prerelease, build };
}

export function mustParseSemVer(text: string, what: string): SemVer {
  const parsed = parseSemVer(text);
  if (parsed === undefined) {
    throw new InputError(
      'INVALID_SEMVER',
      `${what} '${text}' is not a semantic version such as 1.4.0 or 2.0.0-rc.1`,
    );
  }
  return parsed;
}

/** The version's text without build metadata (which does not order). */
function precedenceText(v: SemVer): string {
  const core = `${v.major}.${v.minor}.${v.patch}`;
  return v.prerelease.length === 0 ? core : `${core}-${v.prerelease.join('.')}`;
}

/** Precedence: -1, 0 or 1. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  return semver.compare(precedenceText(a), precedenceText(b));
}

const pad = (n: number) => String(n).padStart(10, '0');

/**
 * A string whose byte order is semver precedence, so the database can sort and page by it:
 * fixed-width numbers; a release ends in '~', which sorts after any '-prerelease'; numeric
 * prerelease parts sort before alphanumeric ones. Names that are not semantic versions sort
 * after every version, by name.
 */
export function versionSortKey(name: string): string {
  const v = parseSemVer(name);
  if (v === undefined) return `z${name}`;
  const core = `${pad(v.major)}.${pad(v.minor)}.${pad(v.patch)}`;
  if (v.prerelease.length === 0) return `${core}~`;
  return `${core}-${v.prerelease.map((p) => (typeof p === 'number' ? `0${pad(p)}` : `1${p}`)).join('.')}`;
}

export function formatSemVer(v: { major: number; minor: number; patch: number }): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** The next version after the highest existing one (0.0.0 when there is none). */
export function bump(highest: SemVer | undefined, part: 'major' | 'minor' | 'patch'): string {
  const base = highest ?? { major: 0, minor: 0, patch: 0, prerelease: [], build: '' };
  // A prerelease of x.y.z bumps to x.y.z itself for the part it already raised.
  const released = base.prerelease.length > 0;
  switch (part) {
    case 'major':
      return formatSemVer({
        major: released && base.minor === 0 && base.patch === 0 ? base.major : base.major + 1,
        minor: 0,
        patch: 0,
      });
    case 'minor':
      return formatSemVer({
        major: base.major,
        minor: released && base.patch === 0 ? base.minor : base.minor + 1,
        patch: 0,
      });
    case 'patch':
      return formatSemVer({
        major: base.major,
        minor: base.minor,
        patch: released ? base.patch : base.patch + 1,
      });
  }
}

/**
 * Whether a version satisfies a range, with npm's range semantics: `latest` (any release), an exact
 * version, `^1.2`, `~1.4.0`, `1.x` / `1.2.x`, comparators (`>=1.2.0 <2.0.0`), `||`. Prereleases
 * match only a range that names one of the same core.
 */
export function satisfies(version: SemVer, range: string): boolean {
  const text = range.trim();
  if (text === 'latest' || text === '*' || text === 'x') return version.prerelease.length === 0;
  if (semver.validRange(text) === null) {
    throw new InputError('INVALID_SEMVER_RANGE', `range: '${text}' is not a version range`);
  }
  return semver.satisfies(precedenceText(version), text);
}
