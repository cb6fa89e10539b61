import { useEffect, useId, useRef, useState } from 'react';
import { insideString, replaceTerm, suggestionQuery, termAt } from '../filters.js';
import { useRegistry } from '../session.js';

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
  over?: 'models' | 'versions';
  label: string;
  error?: string | undefined;
}) {
  const registry = useRegistry();
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [options, setOptions] = useState<string[]>([]);
  // The highlighted suggestion, by value: a list refreshed under the arrow keys keeps it.
  const [activeValue, setActiveValue] = useState<string | undefined>();
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const errorId = useId();
  const hintId = useId();

  const { start, term } = termAt(text, caret);
  const wanted = open && !insideString(text, caret) ? suggestionQuery(term) : undefined;
  const wantedKey = wanted === undefined ? undefined : `${wanted.source}:${wanted.prefix}`;

  useEffect(() => {
    if (wanted === undefined) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const names =
          wanted.source === 'field'
            ? [
                ...(await registry.browse.searchSuggestions('field', {
                  prefix: wanted.prefix,
                  over,
                  signal: controller.signal,
                })),
                ...(await registry.browse.searchSuggestions(
                  over === 'models' ? 'modelProperty' : 'versionProperty',
                  {
                    prefix: wanted.prefix,
                    limit: 10,
                    signal: controller.signal,
                  },
                )),
              ]
            : (
                await registry.browse.searchSuggestions(wanted.source, {
                  prefix: wanted.prefix,
                  signal: controller.signal,
                })
              ).map((name) => wanted.lead + name);
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
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        setOpen(false);
        onSubmit(text);
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
            aria-expanded={showList}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
            aria-describedby={error === undefined ? hintId : `${hintId} ${errorId}`}
            aria-invalid={error !== undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. metrics.accuracy >= 0.9 AND labels = 'vision'"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setCaret(event.target.selectionStart ?? event.target.value.length);
              setOpen(true);
            }}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? text.length)}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={(event) => {
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
            }}
          />
          {showList && (
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
          )}
        </div>
        <button type="submit">Search</button>
      </div>
      <p id={hintId} className="hint">
        The filter language of the API and <code>modelreg search</code>: fields, properties,{' '}
        <code>metrics.</code>, <code>params.</code>, <code>stage</code>, <code>labels</code>,{' '}
        <code>format</code>, <code>AND</code>/<code>OR</code>.
      </p>
      {error !== undefined && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
