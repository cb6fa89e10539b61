/** A string literal of the filter language: single quotes, with `'` and `\` escaped by a backslash. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface ModelFilters {
  /** A filterQuery typed by the user. */
  readonly q?: string | undefined;
  readonly stage?: string | undefined;
  readonly owner?: string | undefined;
  readonly label?: string | undefined;
  readonly format?: string | undefined;
}

/** The one filterQuery the list of models is asked with: the typed query AND each quick filter. */
export function modelFilterQuery(filters: ModelFilters): string | undefined {
  const parts: string[] = [];
  const q = filters.q?.trim();
  if (q !== undefined && q !== '') parts.push(`(${q})`);
  if (filters.stage) parts.push(`stage = ${quote(filters.stage)}`);
  if (filters.owner) parts.push(`owner = ${quote(filters.owner)}`);
  if (filters.label) parts.push(`labels = ${quote(filters.label)}`);
  if (filters.format) parts.push(`format = ${quote(filters.format)}`);
  return parts.length === 0 ? undefined : parts.join(' AND ');
}

/** The name being typed at `caret`: where it starts, and the text so far. */
export function termAt(text: string, caret: number): { start: number; term: string } {
  let start = caret;
  while (start > 0 && /[A-Za-z0-9_.-]/.test(text[start - 1] ?? '')) start -= 1;
  return { start, term: text.slice(start, caret) };
}

/** Whether the caret is inside a quoted string (a value, which gets no name suggestions). */
export function insideString(text: string, caret: number): boolean {
  let quoteChar: string | undefined;
  for (let i = 0; i < caret; i++) {
    const char = text[i];
    if (char === '\\') {
      i += 1;
      continue;
    }
    if (quoteChar === undefined && (char === "'" || char === '"')) quoteChar = char;
    else if (char === quoteChar) quoteChar = undefined;
  }
  return quoteChar !== undefined;
}

/** What to ask the registry for a term: metric or parameter names after their prefix, else fields and properties. */
export function suggestionQuery(
  term: string,
):
  | { source: 'metric' | 'param'; prefix: string; lead: string }
  | { source: 'field'; prefix: string; lead: '' } {
  if (term.startsWith('metrics.')) return { source: 'metric', prefix: term.slice(8), lead: 'metrics.' };
  if (term.startsWith('params.')) return { source: 'param', prefix: term.slice(7), lead: 'params.' };
  return { source: 'field', prefix: term, lead: '' };
}

/** `text` with the term at [start, caret) replaced by `choice`; and where the caret goes. */
export function replaceTerm(
  text: string,
  start: number,
  caret: number,
  choice: string,
): { text: string; caret: number } {
  const before = text.slice(0, start);
  const after = text.slice(caret);
  // A completed name is followed by a space; a prefix (`metrics.`) is not.
  const spaced = choice.endsWith('.') || after.startsWith(' ') ? choice : `${choice} `;
  return { text: before + spaced + after, caret: before.length + spaced.length };
}
