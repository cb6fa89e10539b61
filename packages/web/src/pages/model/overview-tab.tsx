import type { RegisteredModel } from '@modelreg/client';
import { lazy, Suspense } from 'react';
import { PropertiesEditor } from '../../components/properties-editor.js';
import { Loading } from '../../components/states.js';
import { useRegistry } from '../../session.js';

const ModelCard = lazy(() => import('../../markdown/model-card.js').then((m) => ({ default: m.ModelCard })));

/** The model card (its readme, else its description) and the model's labels and properties. */
export function OverviewTab({
  model,
  canEdit,
  onSaved,
}: {
  model: RegisteredModel;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const registry = useRegistry();
  const card = model.readme ?? model.description ?? '';
  return (
    <div className="two-columns">
      <section aria-labelledby="card-title">
        <h2 id="card-title">Model card</h2>
        {card.trim() === '' ? (
          <p className="muted">
            No model card. Set the model&apos;s <code>readme</code> (Markdown) through the API or{' '}
            <code>modelreg models update</code>.
          </p>
        ) : (
          <Suspense fallback={<Loading label="Rendering the model card" />}>
            <ModelCard source={card} />
          </Suspense>
        )}
      </section>
      <section aria-labelledby="properties-title">
        <h2 id="properties-title">Labels and properties</h2>
        {canEdit && <p className="hint">Changes apply to the model (each version has its own properties).</p>}
        <PropertiesEditor
          properties={model.customProperties}
          canEdit={canEdit}
          save={async (customProperties) => {
            await registry.browse.updateRegisteredModel(model.id ?? '', { customProperties });
            onSaved();
          }}
        />
      </section>
    </div>
  );
}
