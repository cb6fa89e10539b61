import { Navigate, useParams } from 'react-router';
import { useResource } from '../api/use-resource.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorState, Loading } from '../components/states.js';
import { useRegistry } from '../session.js';

/** `/by-id/modelVersion/12` and `/by-id/registeredModel/5`: links from the audit log and the lineage graph. */
export function ByIdPage() {
  usePageTitle('Opening');
  const { kind = '', id = '' } = useParams();
  const registry = useRegistry();
  const target = useResource(`${kind}/${id}`, async () => {
    if (kind === 'modelVersion') {
      const version = await registry.browse.getModelVersionById(id);
      const model = await registry.browse.getRegisteredModelById(version.registeredModelId);
      return `/models/${encodeURIComponent(model.name)}/versions/${encodeURIComponent(version.name ?? '')}`;
    }
    if (kind === 'registeredModel') {
      const model = await registry.browse.getRegisteredModelById(id);
      return `/models/${encodeURIComponent(model.name)}`;
    }
    throw new Error(`no page shows a ${kind}`);
  });
  if (target.error !== undefined) return <ErrorState error={target.error} />;
  if (target.data === undefined) return <Loading label="Opening" />;
  return <Navigate to={target.data} replace />;
}
