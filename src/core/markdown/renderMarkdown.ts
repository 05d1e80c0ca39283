import MarkdownIt from 'markdown-it';

// Raw HTML stays off: a runbook from a workspace is untrusted text, and the
// webview's CSP is a second line of defence, not the first.
const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** Renders runbook Markdown to HTML that carries no raw HTML of its own. */
export function renderMarkdown(source: string): string {
  return renderer.render(source);
}
