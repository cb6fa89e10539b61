import type { ReactNode } from 'react';
import { describeError, statusOf } from '../api/errors.js';

export function Loading({ label }: { label: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </div>
  );
}

/** A failed load, said plainly, with a retry where one can help. */
export function ErrorState({ error, retry, title }: { error: unknown; retry?: () => void; title?: string }) {
  const status = statusOf(error);
  const heading =
    title ??
    (status === 403
      ? 'You may not see this'
      : status === 404
        ? 'Not found'
        : status === 0
          ? 'The registry does not answer'
          : 'Something went wrong');
  return (
    <div className="state state-error" role="alert">
      <h2>{heading}</h2>
      <p>{describeError(error)}</p>
      {retry !== undefined && status !== 403 && status !== 404 && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** Rows of the height the real ones have, so nothing jumps when the data arrives. */
export function SkeletonRows({ columns, rows = 8 }: { columns: number; rows?: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} className="skeleton-row" aria-hidden="true">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c}>
              <span className="skeleton" />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
