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

/**
 * One object with the methods of every repository, each bound to its repository, and the given
 * properties: the transaction object (docs/adr/0013-bounded-contexts.md). Built in one step (a
 * spread per repository costs a millisecond a transaction).
 */
export function mergeRepositories(repositories: readonly object[], properties: object): object {
  const members = new Map<string, unknown>(Object.entries(properties));
  for (const repository of repositories) {
    for (const name of methodNames(repository)) {
      const method = Reflect.get(repository, name) as (...args: unknown[]) => unknown;
      members.set(name, method.bind(repository));
    }
  }
  return Object.fromEntries(members);
}
