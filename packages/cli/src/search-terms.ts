import type { ModelRegistry } from '@modelreg/client';

const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'like',
  'ilike',
  'in',
  'between',
  'is',
  'null',
  'true',
  'false',
]);

/** A name a filterQuery compares; a backticked one always names a custom property. */
export interface FilterTerm {
  readonly name: string;
  readonly backticked: boolean;
}

/**
 * The names a filterQuery compares: its words that are no keyword, number or quoted string.
 * Only for warnings: the server parses the query (and refuses a malformed one) on its own.
 */
export function termsOf(filterQuery: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  let at = 0;
  while (at < filterQuery.length) {
    const char = filterQuery[at] ?? '';
    if (char === "'" || char === '"' || char === '`') {
      const end = closing(filterQuery, at, char);
      if (char === '`')
        terms.push({ name: filterQuery.slice(at + 1, end).replace(/``/g, '`'), backticked: true });
      at = end + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(filterQuery.slice(at))?.[0];
    if (word === undefined) {
      // A number is skipped whole, so that `1e5` is no name.
      at += /^[0-9][0-9.eE+-]*/.exec(filterQuery.slice(at))?.[0].length ?? 1;
      continue;
    }
    if (!KEYWORDS.has(word.toLowerCase())) terms.push({ name: word, backticked: false });
    at += word.length;
  }
  return terms;
}

/** Where a quoted string (or backticked name) that opens at `start` closes: doubled or escaped quotes stay inside. */
function closing(text: string, start: number, quote: string): number {
  for (let at = start + 1; at < text.length; at++) {
    if (text[at] === '\\' && quote !== '`') at++;
    else if (text[at] === quote) {
      if (text[at + 1] !== quote) return at;
      at++;
    }
  }
  return text.length;
}

/**
 * A warning for each term that names nothing the registry knows: no field or search term, no
 * custom property of any (version or model), and no metric or parameter of any version. A search on
 * such a name finds nothing, which looks the same as a search that found no match.
 */
export async function unknownTermWarnings(
  registry: ModelRegistry,
  filterQuery: string,
  over: 'models' | 'versions',
): Promise<string[]> {
  const names = (source: Parameters<ModelRegistry['browse']['searchSuggestions']>[0], prefix: string) =>
    registry.browse.searchSuggestions(source, { prefix, limit: 100, over });
  const has = async (source: Parameters<typeof names>[0], name: string) =>
    (await names(source, name)).includes(name);
  const unique = [...new Map(termsOf(filterQuery).map((term) => [JSON.stringify(term), term])).values()];
  const warnings = await Promise.all(
    unique.map(async ({ name, backticked }): Promise<string | undefined> => {
      const [kind, rest] = backticked ? [undefined, name] : splitTerm(name);
      if (kind === 'metrics' || kind === 'params') {
        return (await has(kind === 'metrics' ? 'metric' : 'param', rest))
          ? undefined
          : `no version has a ${kind === 'metrics' ? 'metric' : 'parameter'} named '${rest}'`;
      }
      const property = over === 'models' ? 'modelProperty' : 'versionProperty';
      const [field, custom, metric, param] = await Promise.all([
        backticked ? false : has('field', name),
        has(property, name),
        has('metric', name),
        has('param', name),
      ]);
      if (field || custom) return undefined;
      const instead = metric
        ? ` (a metric of that name exists: metrics.${name})`
        : param
          ? ` (a parameter of that name exists: params.${name})`
          : '';
      return `'${name}' names no field or property of any ${over === 'models' ? 'model' : 'version'}, nor a metric or parameter${instead}`;
    }),
  );
  return warnings.filter((warning): warning is string => warning !== undefined);
}

function splitTerm(name: string): [string | undefined, string] {
  const dot = name.indexOf('.');
  return dot === -1 ? [undefined, name] : [name.slice(0, dot), name.slice(dot + 1)];
}
