import { useEffect } from 'react';

/** The document's title for this page (screen readers announce it on navigation). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · modelreg`;
  }, [title]);
}
