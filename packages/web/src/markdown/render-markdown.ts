import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Markdown to HTML that is safe to put in the page: marked renders it (raw HTML in the source
 * passes through), then DOMPurify removes every script, event handler, `javascript:` URL, style
 * and form element. Links open elsewhere without giving the page to the target. The page's
 * Content-Security-Policy would block an inline script anyway; this keeps it from reaching the DOM.
 */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false });
  const clean = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
    ALLOW_DATA_ATTR: false,
  });
  const template = document.createElement('template');
  template.innerHTML = clean;
  for (const link of template.content.querySelectorAll('a[href]')) {
    link.setAttribute('rel', 'noopener noreferrer nofollow');
    link.setAttribute('target', '_blank');
  }
  // Images only from this registry: anything else would let a card ping another site.
  for (const image of template.content.querySelectorAll('img')) {
    const src = image.getAttribute('src') ?? '';
    if (!src.startsWith('/') || src.startsWith('//')) image.remove();
  }
  return template.innerHTML;
}
