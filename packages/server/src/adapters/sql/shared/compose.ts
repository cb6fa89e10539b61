/** The method names of each repository class, found once per class (every transaction binds them). */
const METHOD_NAMES = new WeakMap<object, readonly string[]>();

function methodNames(repository: object): readonly string[] {
  const own = Object.getPrototypeOf(repository) as object;
  const cached = METHOD_NAMES.get(own);
  if (cached !== undefined) return cached;
  const names = new Set<string>();
  for (let prototype: object | null = own; prototype !== null && prototype !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name !== 'constructor' && typeof Reflect.get(prototype, name) === 'function') names.add(name);
    }
    prototype = Object.getPrototypeOf(prototype) as object | null;
  }
  METHOD_NAMES.set(own, [...names]);
  return [...names];
}

const REPOSITORIES = Symbol('repositories');

interface Facade {
  readonly prototypes: readonly object[];
  readonly prototype: object;
}

/** The facade of each list of repository classes, found by the first one's prototype. */
const FACADES = new WeakMap<object, Facade>();

/**
 * A prototype whose methods call the same method on the repository that has it (the last one, if
 * several do), found in the object's own list of repositories.
 */
function facadeOf(repositories: readonly object[]): object {
  const prototypes = repositories.map((r) => Object.getPrototypeOf(r) as object);
  const first = prototypes[0] ?? Object.prototype;
  const known = FACADES.get(first);
  if (known !== undefined && known.prototypes.every((p, i) => p === prototypes[i])) return known.prototype;
  const prototype: Record<string, unknown> = {};
  repositories.forEach((repository, index) => {
    for (const name of methodNames(repository)) {
      const method = Reflect.get(repository, name) as (...args: unknown[]) => unknown;
      prototype[name] = function (this: { [REPOSITORIES]: readonly object[] }, ...args: unknown[]) {
        return method.apply(this[REPOSITORIES][index], args);
      };
    }
  });
  FACADES.set(first, { prototypes, prototype });
  return prototype;
}

/**
 * One object with the methods of every repository, each called on its repository, and the given
 * properties: the transaction object (docs/adr/0013-bounded-contexts.md). The methods live on a
 * prototype made once per list of classes: binding each of them for every transaction (or a
 * spread per repository) cost a few per cent of a small write's CPU.
 */
export function mergeRepositories(repositories: readonly object[], properties: object): object {
  const merged = Object.create(facadeOf(repositories)) as Record<string | symbol, unknown>;
  merged[REPOSITORIES] = repositories;
  return Object.assign(merged, properties);
}
