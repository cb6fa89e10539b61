import { lazy, Suspense, useId, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../components/page-title.js';
import { Loading } from '../components/states.js';

const LineageGraph = lazy(() =>
  import('../lineage/lineage-graph.js').then((m) => ({ default: m.LineageGraph })),
);

/** The lineage graph around any node: a dataset's versions, a commit's, a run's. */
export function LineagePage() {
  const [params] = useSearchParams();
  const node = params.get('node') ?? '';
  const depth = Math.min(Math.max(Number(params.get('depth') ?? 2) || 2, 1), 6);
  usePageTitle(node === '' ? 'Lineage' : `Lineage of ${node}`);
  return (
    <section aria-labelledby="lineage-page-title">
      <h1 id="lineage-page-title">Lineage</h1>
      <NodeForm node={node} depth={depth} />
      {node !== '' && (
        <div className="panel">
          <h2 className="wrap">{node}</h2>
          <Suspense fallback={<Loading label="Loading the lineage graph" />}>
            <LineageGraph node={node} depth={depth} />
          </Suspense>
        </div>
      )}
    </section>
  );
}

function NodeForm({ node, depth }: { node: string; depth: number }) {
  const navigate = useNavigate();
  const id = useId();
  const [text, setText] = useState(node);
  const [hops, setHops] = useState(String(depth));
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(`/lineage?node=${encodeURIComponent(text.trim())}&depth=${hops}`);
      }}
    >
      <div className="field field-grow">
        <label htmlFor={`${id}-node`}>Start from</label>
        <input
          id={`${id}-node`}
          value={text}
          required
          placeholder="dataset:sha256:… · commit:3f2a… · pipelineRun:… · modelVersion:12"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-depth`}>Hops</label>
        <select id={`${id}-depth`} value={hops} onChange={(e) => setHops(e.target.value)}>
          {[1, 2, 3, 4, 5, 6].map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </div>
      <button type="submit">Show</button>
    </form>
  );
}
