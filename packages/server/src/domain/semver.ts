import { InputError } from './errors.js';

/** A semantic version (semver.org 2.0.0). Build metadata is kept but does not order. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
  readonly build: string;
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Numbers above this would not fit the sort key; no real version gets there. */
const MAX_PART = 9_999_999_999;

export function parseSemVer(text: string): SemVer | undefined {
  const match = SEMVER.exec(text);
  if (match === null) return undefined;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major > MAX_PART || minor > MAX_PART || patch > MAX_PART) return undefined;
  const prerelease = (match[4] ?? '')
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (prerelease.some((p) => typeof p === 'number' && p > MAX_PART)) return undefined;
  return { major, minor, patch, prerelease, build: match[5] ?? '' };
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

/** Precedence: -1, 0 or 1. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return a.prerelease.length === b.prerelease.length ? 0 : a.prerelease.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
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
 * Whether a version satisfies a range: `latest` (any release), an exact version, `^1.2` (same
 * major, ≥ 1.2.0; for 0.x, same minor), `~1.4.0` / `~1.4` (same minor, ≥), `1.x` / `1.2.x`, or
 * comparators (`>=1.2.0 <2.0.0`). Prereleases match only a range that names one of the same core.
 */
export function satisfies(version: SemVer, range: string): boolean {
  const text = range.trim();
  if (text === 'latest' || text === '*' || text === 'x') return version.prerelease.length === 0;
  const parts = text.split(/\s+/);
  return parts.every((part) => satisfiesOne(version, part));
}

function partial(
  text: string,
  what: string,
): { major: number; minor?: number; patch?: number; full?: SemVer } {
  const full = parseSemVer(text);
  if (full !== undefined) return { major: full.major, minor: full.minor, patch: full.patch, full };
  const match = /^(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text);
  if (match === null)
    throw new InputError('INVALID_SEMVER_RANGE', `${what}: '${text}' is not a version range`);
  const number = (s: string | undefined) =>
    s === undefined || s === 'x' || s === '*' ? undefined : Number(s);
  return { major: Number(match[1]), minor: number(match[2]), patch: number(match[3]) };
}

function satisfiesOne(v: SemVer, part: string): boolean {
  const cmp = (other: { major: number; minor?: number; patch?: number; full?: SemVer }) =>
    compareSemVer(
      v,
      other.full ?? {
        major: other.major,
        minor: other.minor ?? 0,
        patch: other.patch ?? 0,
        prerelease: [],
        build: '',
      },
    );
  const operator = /^(\^|~|>=|<=|>|<|=)?(.*)$/.exec(part);
  const op = operator?.[1] ?? '';
  const target = partial(operator?.[2] ?? '', 'range');
  const prereleaseOk =
    v.prerelease.length === 0 ||
    (target.full !== undefined &&
      target.full.prerelease.length > 0 &&
      target.full.major === v.major &&
      target.full.minor === v.minor &&
      target.full.patch === v.patch);
  if (!prereleaseOk) return false;
  switch (op) {
    case '^':
      if (cmp(target) < 0 || v.major !== target.major) return false;
      return target.major !== 0 || target.minor === undefined || v.minor === target.minor;
    case '~':
      return (
        cmp(target) >= 0 &&
        v.major === target.major &&
        (target.minor === undefined || v.minor === target.minor)
      );
    case '>=':
      return cmp(target) >= 0;
    case '>':
      return cmp(target) > 0;
    case '<=':
      return cmp(target) <= 0;
    case '<':
      return cmp(target) < 0;
    default:
      return (
        v.major === target.major &&
        (target.minor === undefined || v.minor === target.minor) &&
        (target.patch === undefined || v.patch === target.patch) &&
        (target.full === undefined || compareSemVer(v, target.full) === 0)
      );
  }
}
