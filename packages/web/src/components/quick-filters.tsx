import type { SuggestionSource } from '@modelreg/client';
import { useEffect, useId, useState } from 'react';
import { useRegistry } from '../session.js';

const STAGES = ['Development', 'Staging', 'Production', 'Archived'];

/** Stage, owner, label and format filters; each is kept in the URL. */
export function QuickFilters({
  values,
  onChange,
}: {
  values: {
    stage?: string | undefined;
    owner?: string | undefined;
    label?: string | undefined;
    format?: string | undefined;
  };
  onChange: (changes: Record<string, string | undefined>) => void;
}) {
  const stageId = useId();
  return (
    <div className="quick-filters">
      <div className="field">
        <label htmlFor={stageId}>Stage</label>
        <select id={stageId} value={values.stage ?? ''} onChange={(e) => onChange({ stage: e.target.value })}>
          <option value="">any</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              has a version in {stage}
            </option>
          ))}
        </select>
      </div>
      <SuggestedFilter
        key={values.owner ?? ''}
        label="Owner"
        source="owner"
        value={values.owner}
        onChange={(owner) => onChange({ owner })}
      />
      <SuggestedFilter
        key={values.label ?? ''}
        label="Label"
        source="label"
        value={values.label}
        onChange={(label) => onChange({ label })}
      />
      <SuggestedFilter
        key={values.format ?? ''}
        label="Format"
        source="format"
        value={values.format}
        onChange={(format) => onChange({ format })}
      />
    </div>
  );
}

/** A free-text filter with the registry's names offered (a datalist), applied on change or Enter. */
function SuggestedFilter({
  label,
  source,
  value,
  onChange,
}: {
  label: string;
  source: SuggestionSource;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const registry = useRegistry();
  const id = useId();
  const [text, setText] = useState(value ?? '');
  const [names, setNames] = useState<string[]>([]);
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    registry.browse
      .searchSuggestions(source, { prefix: text, limit: 20, signal: controller.signal })
      .then(setNames, () => setNames([]));
    return () => controller.abort();
  }, [wanted, text, source, registry]);
  const apply = () => {
    const trimmed = text.trim();
    if (trimmed !== (value ?? '')) onChange(trimmed === '' ? undefined : trimmed);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        list={`${id}-names`}
        value={text}
        placeholder="any"
        onFocus={() => setWanted(true)}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          }
        }}
      />
      <datalist id={`${id}-names`}>
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}
