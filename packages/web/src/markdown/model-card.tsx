import { useMemo } from 'react';
import { renderMarkdown } from './render-markdown.js';

/** A model card (Markdown), rendered safely. Loaded with the page that shows it, not before. */
export function ModelCard({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // Sanitised by renderMarkdown (DOMPurify) just above.
  return <div className="model-card" dangerouslySetInnerHTML={{ __html: html }} />;
}
