// Untrusted text into Markdown that renders as exactly that text: process
// names, command lines and tool output come from the host being examined,
// and may try to inject links, HTML, table cells or headings. Control and
// bidirectional-override characters are shown as visible marks, so a name
// cannot hide what it is.

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const C0_EXCEPT_TAB_NEWLINE = /[\u0000-\u0008\u000b-\u001f]/g;
const DEL_AND_C1 = /[\u007f-\u009f]/g;

/** Control characters as the Unicode "control pictures" (␛ for ESC), bidi overrides as <U+202E>. */
export function visible(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(C0_EXCEPT_TAB_NEWLINE, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)))
    .replace(DEL_AND_C1, (c) => (c === '\u007f' ? '\u2421' : codePoint(c)))
    .replace(BIDI, codePoint);
}

function codePoint(c: string): string {
  return `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Inline text, safe in a paragraph, a list item, a heading or a table cell:
 * one line, every character that could start Markdown or HTML escaped, and
 * GFM's autolinks (`://`, `www.`, `user@host`) broken. A renderer that links
 * bare domains (markdown-it's fuzzy links) may still link "evil.example",
 * but such a link shows its own target: nothing can hide where a link goes.
 */
export function mdText(text: string): string {
  return visible(text)
    .replace(/[\n\t]+/g, ' ')
    // Parentheses and '!' are only special after ']' or before '[', both escaped.
    .replace(/[\\`*_[\]<>#|&~^@]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.');
}

/** Several lines of user prose (a note) as a block quote, each line inert. */
export function mdQuote(text: string): string {
  return text.split(/\r?\n/).map((line) => {
    const escaped = mdText(line.trimStart());
    // Line starts that make lists, quotes or setext headings.
    const safe = escaped.replace(/^([-+=>])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
    return `> ${safe}`;
  }).join('  \n');
}

/** A fenced code block that no backtick run inside can close. */
export function fenced(content: string, info = ''): string {
  const text = visible(content).replace(/\n$/, '');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/**
 * Inline code for text of a known alphabet (run and step ids, hashes, hex).
 * Fenced against backticks all the same; not for untrusted text in a table
 * cell, where a `|` would still split the cell (use mdText there).
 */
export function mdCode(text: string): string {
  const flat = visible(text).replace(/[\n\t]+/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A table with a header row; every cell is already Markdown (escape with mdText first). */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
