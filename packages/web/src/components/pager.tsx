import { useSearchParams } from 'react-router';

/**
 * Keyset paging in the URL: `pages` holds the tokens of the pages before this one (base64url, so
 * `.` never occurs in one), so a link reopens the same page and the back button goes back.
 */
export function usePageTokens(param = 'pages') {
  const [params, setParams] = useSearchParams();
  const stack = (params.get(param) ?? '').split('.').filter((t) => t !== '');
  const current = stack[stack.length - 1];
  const go = (next: string[]) =>
    setParams((p) => {
      const copy = new URLSearchParams(p);
      if (next.length === 0) copy.delete(param);
      else copy.set(param, next.join('.'));
      return copy;
    });
  return {
    token: current,
    pageNumber: stack.length + 1,
    next: (token: string) => go([...stack, token]),
    previous: () => go(stack.slice(0, -1)),
    first: () => go([]),
  };
}

export function Pager({
  pageNumber,
  nextToken,
  onNext,
  onPrevious,
  label,
}: {
  pageNumber: number;
  nextToken: string | undefined;
  onNext: (token: string) => void;
  onPrevious: () => void;
  label: string;
}) {
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={onPrevious} disabled={pageNumber <= 1}>
        Previous
      </button>
      <span aria-live="polite">Page {pageNumber}</span>
      <button
        type="button"
        onClick={() => nextToken !== undefined && onNext(nextToken)}
        disabled={nextToken === undefined || nextToken === ''}
      >
        Next
      </button>
    </nav>
  );
}
