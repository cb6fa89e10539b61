import type { RegistryReport, ReportFinding } from '@modelreg/client';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { statusOf } from '../api/errors.js';
import { useResource } from '../api/use-resource.js';
import { CopyButton } from '../components/copy-button.js';
import { usePageTitle } from '../components/page-title.js';
import { EmptyState, ErrorState, SkeletonRows } from '../components/states.js';
import { Time } from '../components/time.js';
import { useRegistry } from '../session.js';

/** The thresholds of the review, in days, as the URL and the API name them. */
const THRESHOLDS = [
  ['staleModelDays', 'Model stale after (days)'],
  ['stagingDays', 'Staging stale after (days)'],
  ['verifyDays', 'Verify content every (days)'],
  ['tokenUnusedDays', 'Token unused after (days)'],
] as const;
type Threshold = (typeof THRESHOLDS)[number][0];
const SEVERITY_ORDER: readonly ReportFinding['severity'][] = ['high', 'medium', 'low', 'info'];

/**
 * The periodic review of the registry (admins): what needs attention, most severe first, each with
 * the entity, why, and the command that fixes it. Thresholds live in the URL.
 */
export function ReportPage() {
  usePageTitle('Report');
  const registry = useRegistry();
  const [params, setParams] = useSearchParams();
  const thresholds = Object.fromEntries(
    THRESHOLDS.flatMap(([name]) => {
      const value = params.get(name);
      return value !== null && /^\d{1,5}$/.test(value) ? [[name, Number(value)]] : [];
    }),
  ) as Partial<Record<Threshold, number>>;
  const report = useResource(JSON.stringify(thresholds), () => registry.report(thresholds));
  if (statusOf(report.error) === 403) {
    return (
      <section className="state">
        <h1>Report</h1>
        <p>Only registry administrators read the registry&apos;s report.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="report-title">
      <h1 id="report-title">Report</h1>
      <p className="muted">
        What needs attention: lifecycle, deployments, staleness, integrity and access. The same as{' '}
        <code>modelreg report</code>.
      </p>
      <ThresholdForm
        key={JSON.stringify(report.data?.thresholds ?? thresholds)}
        values={report.data?.thresholds ?? thresholds}
        onApply={(next) =>
          setParams(() => {
            const copy = new URLSearchParams();
            for (const [name] of THRESHOLDS) if (next[name] !== undefined) copy.set(name, String(next[name]));
            return copy;
          })
        }
      />
      {report.error !== undefined ? (
        <ErrorState error={report.error} retry={report.reload} />
      ) : report.data !== undefined && report.data.findings.length === 0 ? (
        <EmptyState title="Nothing needs attention">
          <p>
            Generated <Time ms={report.data.generatedAt} />.
          </p>
        </EmptyState>
      ) : (
        <Findings report={report.data} loading={report.loading} />
      )}
    </section>
  );
}

function Findings({ report, loading }: { report: RegistryReport | undefined; loading: boolean }) {
  const findings = [...(report?.findings ?? [])].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
  const counts = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const);
  return (
    <>
      {report !== undefined && (
        <p role="status">
          {findings.length} finding{findings.length === 1 ? '' : 's'}:{' '}
          {counts
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ')}
          . Generated <Time ms={report.generatedAt} />.
        </p>
      )}
      <div
        className={`table-wrap${loading && report !== undefined ? ' is-reloading' : ''}`}
        aria-busy={loading}
      >
        <table className="data-table">
          <caption className="visually-hidden">Findings, most severe first</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Finding</th>
              <th scope="col">Entity</th>
              <th scope="col">Why</th>
              <th scope="col">Fix</th>
            </tr>
          </thead>
          <tbody>
            {report === undefined ? (
              <SkeletonRows columns={5} />
            ) : (
              findings.map((finding, i) => <FindingRow key={`${finding.kind}-${i}`} finding={finding} />)
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

function FindingRow({ finding }: { finding: ReportFinding }) {
  const { entity } = finding;
  const href =
    entity.type === 'registeredModel' || entity.type === 'modelVersion'
      ? `/by-id/${entity.type}/${entity.id}`
      : undefined;
  return (
    <tr>
      <td>
        <span className={`badge severity-${finding.severity}`}>{finding.severity}</span>
      </td>
      <td>{finding.kind.replaceAll('-', ' ')}</td>
      <td>
        {href === undefined ? (
          <span>
            {entity.type} {entity.name}
          </span>
        ) : (
          <Link to={href}>
            {entity.type === 'modelVersion' ? 'version' : 'model'} {entity.name}
          </Link>
        )}
      </td>
      <td>{finding.why}</td>
      <td className="fix-cell">
        <code>{finding.fix}</code> <CopyButton text={finding.fix} label={`Copy the fix for ${entity.name}`} />
      </td>
    </tr>
  );
}

function ThresholdForm({
  values,
  onApply,
}: {
  values: Partial<Record<Threshold, number>>;
  onApply: (next: Partial<Record<Threshold, number>>) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Record<Threshold, string>>(
    () =>
      Object.fromEntries(
        THRESHOLDS.map(([name]) => [name, values[name] === undefined ? '' : String(values[name])]),
      ) as Record<Threshold, string>,
  );
  return (
    <form
      className="inline-form filters"
      aria-label="Thresholds of the report"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(
          Object.fromEntries(
            THRESHOLDS.flatMap(([name]) =>
              /^\d{1,5}$/.test(draft[name]) ? [[name, Number(draft[name])]] : [],
            ),
          ),
        );
      }}
    >
      {THRESHOLDS.map(([name, label]) => (
        <div className="field" key={name}>
          <label htmlFor={`${id}-${name}`}>{label}</label>
          <input
            id={`${id}-${name}`}
            inputMode="numeric"
            pattern="[0-9]{1,5}"
            value={draft[name]}
            onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          />
        </div>
      ))}
      <button type="submit">Apply</button>
    </form>
  );
}
