import {
  fromCustomProperties,
  toCustomProperties,
  type CustomProperties,
  type MetadataInput,
} from '@modelreg/client';
import { useId, useState } from 'react';
import { describeError } from '../api/errors.js';

type Plain = string | number | boolean | null;

/**
 * Labels (properties whose value is the empty string, as Kubeflow's UI writes them) and typed
 * properties, read-only or editable. `save` gets the whole new map.
 */
export function PropertiesEditor({
  properties,
  canEdit,
  save,
}: {
  properties: CustomProperties | undefined;
  canEdit: boolean;
  save: (next: CustomProperties) => Promise<void>;
}) {
  const values = fromCustomProperties(properties ?? {}) as Record<string, Plain>;
  const labels = Object.keys(values).filter((name) => values[name] === '');
  const others = Object.entries(values).filter(([, value]) => value !== '');
  const { busy, error, write } = useSaving(save);

  // The other properties go back exactly as they came (whatever their type).
  const without = (name: string): CustomProperties =>
    Object.fromEntries(Object.entries(properties ?? {}).filter(([n]) => n !== name));
  const adding = (name: string, value: Plain): CustomProperties => ({
    ...properties,
    ...toCustomProperties({ [name]: value } as MetadataInput),
  });
  const remove = (name: string) => void write(without(name));

  return (
    <div className="properties" aria-busy={busy}>
      <h3>Labels</h3>
      <LabelList labels={labels} canEdit={canEdit} busy={busy} remove={remove} />
      {canEdit && <AddForm kind="label" busy={busy} onAdd={(name) => write(adding(name, ''))} />}
      <h3>Properties</h3>
      <PropertiesTable entries={others} canEdit={canEdit} busy={busy} remove={remove} />
      {canEdit && <AddForm kind="property" busy={busy} onAdd={(name, value) => write(adding(name, value))} />}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Saves one new map at a time, keeping the busy flag and the last failure's message. */
function useSaving(save: (next: CustomProperties) => Promise<void>) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const write = async (next: CustomProperties) => {
    setBusy(true);
    setError(undefined);
    try {
      await save(next);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, write };
}

function LabelList({
  labels,
  canEdit,
  busy,
  remove,
}: {
  labels: string[];
  canEdit: boolean;
  busy: boolean;
  remove: (name: string) => void;
}) {
  if (labels.length === 0) return <p className="muted">No labels.</p>;
  return (
    <ul className="badges" aria-label="Labels">
      {labels.map((label) => (
        <li key={label} className="badge badge-label">
          {label}
          {canEdit && (
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove the label ${label}`}
              disabled={busy}
              onClick={() => remove(label)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function PropertiesTable({
  entries,
  canEdit,
  busy,
  remove,
}: {
  entries: [string, Plain][];
  canEdit: boolean;
  busy: boolean;
  remove: (name: string) => void;
}) {
  if (entries.length === 0) return <p className="muted">No properties.</p>;
  return (
    <table className="data-table compact">
      <caption className="visually-hidden">Properties</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
          {canEdit && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="wrap">{String(value)}</td>
            {canEdit && (
              <td>
                <button
                  type="button"
                  className="button-quiet button-small"
                  aria-label={`Remove the property ${name}`}
                  disabled={busy}
                  onClick={() => remove(name)}
                >
                  Remove
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddForm({
  kind,
  busy,
  onAdd,
}: {
  kind: 'label' | 'property';
  busy: boolean;
  onAdd: (name: string, value: Plain) => Promise<void>;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [type, setType] = useState<'string' | 'number' | 'boolean'>('string');
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const typed: Plain =
          type === 'number' ? Number(value) : type === 'boolean' ? value === 'true' : value;
        void onAdd(name.trim(), kind === 'label' ? '' : typed).then(() => {
          setName('');
          setValue('');
        });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>{kind === 'label' ? 'New label' : 'New property'}</label>
        <input id={`${id}-name`} value={name} required onChange={(e) => setName(e.target.value)} />
      </div>
      {kind === 'property' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-type`}>Type</label>
            <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as typeof type)}>
              <option value="string">text</option>
              <option value="number">number</option>
              <option value="boolean">true/false</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-value`}>Value</label>
            {type === 'boolean' ? (
              <select id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input
                id={`${id}-value`}
                value={value}
                required
                inputMode={type === 'number' ? 'decimal' : undefined}
                pattern={type === 'number' ? '-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?' : undefined}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </div>
        </>
      )}
      <button type="submit" disabled={busy || name.trim() === ''}>
        Add
      </button>
    </form>
  );
}
