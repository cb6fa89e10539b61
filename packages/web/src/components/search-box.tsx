import type { ModelRegistry } from '@modelreg/client';
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { insideString, replaceTerm, suggestionQuery, termAt } from '../filters.js';
import { useRegistry } from '../session.js';

type Over = 'models' | 'versions';
type Wanted = ReturnType<typeof suggestionQuery>;

/**
 * A filterQuery input that suggests field, property, metric and parameter names from the
 * registry as you type (an ARIA combobox: arrows move, Enter or Tab takes, Escape closes).
 * Give it `key={value}` so that a new value from the URL (back button) resets what is typed.
 */
export function SearchBox({
  value,
  onSubmit,
  over = 'models',
  label,
  error,
}: {
  value: string;
  onSubmit: (text: string) => void;
  over?: Over;
  label: string;
  error?: string | undefined;
}) {
  const input = useRef<HTMLInputElement>(null);
  const box = useFilterCombobox(value, over, input);
  const listId = useId();
  const errorId = useId();
  const hintId = useId();

  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        box.setOpen(false);
        onSubmit(box.text);
      }}
    >
      <label htmlFor={`${listId}-input`}>{label}</label>
      <div className="search-row">
        <div className="combobox">
          <input
            id={`${listId}-input`}
            ref={input}
            type="search"
            role="combobox"
            aria-expanded={box.showList}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={box.showList && box.active >= 0 ? `${listId}-${box.active}` : undefined}
            aria-describedby={error === undefined ? hintId : `${hintId} ${errorId}`}
            aria-invalid={error !== undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. metrics.accuracy >= 0.9 AND labels = 'vision'"
            value={box.text}
            onChange={(event) => box.type(event.target.value, event.target.selectionStart)}
            onSelect={(event) => box.setCaret(event.currentTarget.selectionStart ?? box.text.length)}
            onFocus={() => box.setOpen(true)}
            onBlur={() => box.setOpen(false)}
            onKeyDown={box.onKeyDown}
          />
          {box.showList && (
            <SuggestionList listId={listId} options={box.options} active={box.active} choose={box.choose} />
          )}
        </div>
        <button type="submit">Search</button>
      </div>
      <SearchHint id={hintId} />
      {error !== undefined && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** What is typed, where the caret is, the suggestions for the term under it and the keys that pick one. */
function useFilterCombobox(value: string, over: Over, input: RefObject<HTMLInputElement | null>) {
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [options, setOptions] = useState<string[]>([]);
  // The highlighted suggestion, by value: a list refreshed under the arrow keys keeps it.
  const [activeValue, setActiveValue] = useState<string | undefined>();
  const [open, setOpen] = useState(false);
  // Where the caret goes once a chosen suggestion is rendered: set in the same commit, before the
  // next key is handled. (Set a frame later, it moved the caret back under keys typed meanwhile.)
  const placeCaret = useRef<{ text: string; caret: number } | undefined>(undefined);
  useLayoutEffect(() => {
    const place = placeCaret.current;
    const element = input.current;
    if (place === undefined) return;
    placeCaret.current = undefined;
    if (element === null || element.value !== place.text) return;
    element.focus();
    element.setSelectionRange(place.caret, place.caret);
  });

  const { start, term } = termAt(text, caret);
  const wanted = open && !insideString(text, caret) ? suggestionQuery(term) : undefined;
  useSuggestions(wanted, term, over, setOptions);

  const showList = open && wanted !== undefined && options.length > 0;
  const active = activeValue === undefined ? -1 : options.indexOf(activeValue);
  const move = (step: number) => {
    const next =
      active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length;
    setActiveValue(options[next]);
  };

  const choose = (choice: string) => {
    const next = replaceTerm(text, start, caret, choice);
    setText(next.text);
    setCaret(next.caret);
    setOptions([]);
    setActiveValue(undefined);
    placeCaret.current = next;
  };

  const type = (next: string, selectionStart: number | null) => {
    setText(next);
    setCaret(selectionStart ?? next.length);
    setOpen(true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!showList) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(-1);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && active >= 0) {
      event.preventDefault();
      const choice = options[active];
      if (choice !== undefined) choose(choice);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
    }
  };

  return { text, setCaret, setOpen, options, active, showList, choose, type, onKeyDown };
}

/** Asks the registry for the names `wanted` describes, 150 ms after the last keystroke. */
function useSuggestions(
  wanted: Wanted | undefined,
  term: string,
  over: Over,
  setOptions: (options: string[]) => void,
) {
  const registry = useRegistry();
  const wantedKey = wanted === undefined ? undefined : `${wanted.source}:${wanted.prefix}`;
  useEffect(() => {
    if (wanted === undefined) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const names = await fetchSuggestions(registry, wanted, over, controller.signal);
        if (!controller.signal.aborted)
          setOptions([...new Set(names)].filter((n) => n !== term).slice(0, 12));
      } catch {
        if (!controller.signal.aborted) setOptions([]);
      }
    }, 150);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // wantedKey names everything the lookup depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wantedKey, registry, over]);
}

async function fetchSuggestions(
  registry: ModelRegistry,
  wanted: Wanted,
  over: Over,
  signal: AbortSignal,
): Promise<string[]> {
  if (wanted.source !== 'field') {
    const names = await registry.browse.searchSuggestions(wanted.source, { prefix: wanted.prefix, signal });
    return names.map((name) => wanted.lead + name);
  }
  return [
    ...(await registry.browse.searchSuggestions('field', { prefix: wanted.prefix, over, signal })),
    ...(await registry.browse.searchSuggestions(over === 'models' ? 'modelProperty' : 'versionProperty', {
      prefix: wanted.prefix,
      limit: 10,
      signal,
    })),
  ];
}

function SuggestionList({
  listId,
  options,
  active,
  choose,
}: {
  listId: string;
  options: string[];
  active: number;
  choose: (option: string) => void;
}) {
  return (
    <ul id={listId} role="listbox" className="suggestions" aria-label="Suggestions">
      {options.map((option, i) => (
        <li
          key={option}
          id={`${listId}-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          // Before the input's blur closes the list.
          onMouseDown={(event) => {
            event.preventDefault();
            choose(option);
          }}
        >
          {option}
        </li>
      ))}
    </ul>
  );
}

function SearchHint({ id }: { id: string }) {
  return (
    <p id={id} className="hint">
      The filter language of the API and <code>modelreg search</code>: fields, properties,{' '}
      <code>metrics.</code>, <code>params.</code>, <code>stage</code>, <code>labels</code>,{' '}
      <code>format</code>, <code>AND</code>/<code>OR</code>.
    </p>
  );
}
