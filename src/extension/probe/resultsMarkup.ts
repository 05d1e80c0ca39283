// Small pieces of markup both result panels share (probe results, listening
// ports), and the one escapeHtml and Translate every webview's HTML uses (the
// run panel's too). No 'vscode' import: the strings come through `t`, so the
// HTML can be rendered and checked by unit tests outside the editor.

/** vscode.l10n.t in the extension; a plain {0} formatter in tests. */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** How a result reads at a glance; shown by icon and words, never by colour alone. */
export type ResultStatus = 'found' | 'suspect' | 'clean' | 'info';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Drawn inline (not a font or an image) so the CSP needs nothing more and the
// icon takes the theme's colour through currentColor.
const ICON_PATHS: Record<ResultStatus, string> = {
  found: '<circle cx="8" cy="8" r="6.75" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>',
  suspect: '<path d="M8 1.75L14.75 14H1.25z" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round"/><path d="M8 6v4" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/><circle cx="8" cy="12" r="0.9" fill="currentColor"/>',
  clean: '<circle cx="8" cy="8" r="6.75" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M4.75 8.25l2.25 2.25 4.25-4.75" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>',
  info: '<circle cx="8" cy="8" r="6.75" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M8 7.25v4.25" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/><circle cx="8" cy="4.75" r="0.9" fill="currentColor"/>',
};

/** The status's icon, hidden from screen readers: the words beside it say the same. */
export function statusIcon(status: ResultStatus): string {
  return `<svg class="icon icon-${status}" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${ICON_PATHS[status]}</svg>`;
}

/** Icon and words together, e.g. "(x) DHT node". */
export function statusBadge(status: ResultStatus, text: string): string {
  return `<span class="status status-${status}">${statusIcon(status)}<span class="status-text">${escapeHtml(text)}</span></span>`;
}

/** "1 thing" or "3 things", each wording its own translatable string. */
export function counted(n: number, one: string, many: string, t: Translate): string {
  return n === 1 ? t(one) : t(many, n);
}
