import type { ModelVersion, Permission, RegisteredModel } from '@modelreg/client';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useResource } from '../api/use-resource.js';
import { usePageTitle } from '../components/page-title.js';
import { StageBadge } from '../components/stage-badge.js';
import { ErrorState, Loading } from '../components/states.js';
import { useRegistry } from '../session.js';
import { ActivitySection } from './version/activity-section.js';
import { AliasDialog } from './version/alias-dialog.js';
import { DeployDialog } from './version/deploy-dialog.js';
import { FilesSection } from './version/files-section.js';
import { StageDialog } from './version/stage-dialog.js';
import { ValuesSection } from './version/values-section.js';

const LineageGraph = lazy(() =>
  import('../lineage/lineage-graph.js').then((m) => ({ default: m.LineageGraph })),
);

export interface VersionContext {
  readonly model: RegisteredModel;
  readonly version: ModelVersion & { stage?: string };
  readonly permissions: readonly Permission[];
  /** Bumped after a change the page made: every section loads again. */
  readonly revision: number;
}

export function VersionPage() {
  const { model: modelName = '', version: versionName = '' } = useParams();
  usePageTitle(`${modelName} ${versionName}`);
  const [revision, setRevision] = useState(0);
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const loaded = useVersion(modelName, versionName, revision);
  if (loaded.error !== undefined) return <ErrorState error={loaded.error} retry={loaded.reload} />;
  if (loaded.data === undefined && loaded.loading)
    return <Loading label={`Loading ${modelName} ${versionName}`} />;
  if (loaded.data === undefined) {
    return (
      <section className="state">
        <h1>
          No version {versionName} of {modelName}
        </h1>
        <p>
          <Link to={`/models/${encodeURIComponent(modelName)}`}>Back to {modelName}</Link>
        </p>
      </section>
    );
  }
  const { model, version, permissions, aliases } = loaded.data;
  const context: VersionContext = { model, version, permissions, revision };
  const canPromote = permissions.includes('promote');
  const changed = () => {
    setDialog(undefined);
    setRevision((r) => r + 1);
  };
  const modelHref = `/models/${encodeURIComponent(model.name)}`;
  return (
    <article aria-labelledby="version-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Models</Link> / <Link to={modelHref}>{model.name}</Link> /{' '}
        <span aria-current="page">{version.name}</span>
      </nav>
      <VersionTitle context={context} aliases={aliases} canPromote={canPromote} open={setDialog} />
      <ValuesSection context={context} />
      <FilesSection context={context} />
      <section aria-labelledby="lineage-title" className="panel">
        <h2 id="lineage-title">Lineage</h2>
        <Suspense fallback={<Loading label="Loading the lineage graph" />}>
          <LineageGraph node={`modelVersion:${version.id}`} revision={revision} />
        </Suspense>
      </section>
      <ActivitySection context={context} />
      {canPromote && (
        <VersionDialogs
          dialog={dialog}
          context={context}
          aliases={aliases}
          onClose={() => setDialog(undefined)}
          onDone={changed}
        />
      )}
    </article>
  );
}

type Dialog = 'stage' | 'alias' | 'deploy';

/** The model, the version, what the caller may do with it and the aliases pointing at it. */
function useVersion(modelName: string, versionName: string, revision: number) {
  const registry = useRegistry();
  return useResource(`${modelName}/${versionName}/${revision}`, async () => {
    const model = await registry.getRegisteredModel(modelName);
    if (model === undefined) return undefined;
    const [version, permissions, aliases] = await Promise.all([
      registry.getModelVersion(modelName, versionName),
      registry.browse.permissions(model.id),
      registry.aliases(modelName),
    ]);
    if (version === undefined) return undefined;
    return {
      model,
      version: version as ModelVersion & { stage?: string },
      permissions: permissions.model ?? [],
      aliases: aliases.filter((a) => a.modelVersionId === version.id).map((a) => a.alias),
    };
  });
}

function VersionTitle({
  context: { model, version },
  aliases,
  canPromote,
  open,
}: {
  context: VersionContext;
  aliases: string[];
  canPromote: boolean;
  open: (dialog: Dialog) => void;
}) {
  return (
    <div className="title-row">
      <h1 id="version-title">
        {model.name} <span className="version-name">{version.name}</span>
      </h1>
      <StageBadge stage={version.stage ?? 'Development'} />
      {aliases.map((alias) => (
        <span key={alias} className="badge badge-alias">
          @{alias}
        </span>
      ))}
      {canPromote && (
        <div className="actions">
          <button type="button" onClick={() => open('stage')}>
            Change stage
          </button>
          <button type="button" onClick={() => open('alias')}>
            Edit aliases
          </button>
          <button type="button" onClick={() => open('deploy')}>
            Record deployment
          </button>
        </div>
      )}
      <Link className="button-link" to={`/compare?ids=${version.id}`}>
        Compare with…
      </Link>
    </div>
  );
}

function VersionDialogs({
  dialog,
  context,
  aliases,
  onClose,
  onDone,
}: {
  dialog: Dialog | undefined;
  context: VersionContext;
  aliases: string[];
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <>
      <StageDialog open={dialog === 'stage'} context={context} onClose={onClose} onDone={onDone} />
      <AliasDialog
        open={dialog === 'alias'}
        context={context}
        aliases={aliases}
        onClose={onClose}
        onDone={onDone}
      />
      <DeployDialog open={dialog === 'deploy'} context={context} onClose={onClose} onDone={onDone} />
    </>
  );
}
