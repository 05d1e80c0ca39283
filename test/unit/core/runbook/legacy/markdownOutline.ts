// Frozen copy of src/core/runbook/markdownOutline.ts as of 27244c9, before the parser was made
// linear. Only the differential test and the benchmark's before/after use it:
// the new parser must read every document exactly as this one did.
// Turns the Markdown body into the two things the runbook format cares about,
// read from markdown-it's token stream: headings and ```runbook blocks, each
// with its source lines. Everything else stays Markdown for readers.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { contentLines, looksLikeField } from '../../../../../src/core/runbook/blockFields';
import type { RunbookDiagnostic } from '../../../../../src/core/runbook/model';

export interface OutlineHeading {
  kind: 'heading';
  level: number;
  /** Plain text of the heading, without Markdown markup. */
  text: string;
  line: number;
  /** First line after the heading. */
  endLine: number;
}

export interface OutlineBlock {
  kind: 'block';
  /** Line of the opening fence. */
  line: number;
  /** First line after the block (after its closing fence). */
  endLine: number;
  content: string;
}

export type OutlineItem = OutlineHeading | OutlineBlock;

/** The info string that marks a fence as ours; a plain viewer shows it as a code block. */
export const RUNBOOK_FENCE_INFO = 'runbook';

// Raw HTML stays off: a workspace runbook is untrusted text.
const markdown = new MarkdownIt({ html: false });

/**
 * Reads headings and runbook blocks from `lines` (the front matter already
 * blanked, so token lines are source lines). A runbook block whose closing
 * fence is missing (it runs to the end of the document, or to the next
 * block's closing fence) is read up to its first line that is not
 * `key: value`, and reading goes on after it, so one forgotten fence costs
 * one diagnostic, not the rest of the runbook.
 */
export function readOutline(lines: readonly string[], diagnostics: RunbookDiagnostic[]): OutlineItem[] {
  const items: OutlineItem[] = [];
  let start = 0;
  while (start < lines.length) {
    const restart = readFrom(lines, start, items, diagnostics);
    if (restart === undefined) break;
    start = restart;
  }
  return items;
}

/** Reads from line `start`; returns where to start again after an unclosed runbook block. */
function readFrom(lines: readonly string[], start: number, items: OutlineItem[], diagnostics: RunbookDiagnostic[]): number | undefined {
  const tokens = markdown.parse(lines.slice(start).join('\n'), {});
  for (const [index, token] of tokens.entries()) {
    if (token.map === null) continue;
    const line = token.map[0] + start;
    const endLine = token.map[1] + start;
    if (token.type === 'heading_open') {
      items.push({ kind: 'heading', level: Number(token.tag.slice(1)), text: inlineText(tokens[index + 1]), line, endLine });
      continue;
    }
    if (token.type !== 'fence') continue;
    const ours = isRunbookFence(token);
    const runsToEnd = isUnclosed(token);
    if (!runsToEnd && !swallowedAFence(token)) {
      if (ours) items.push({ kind: 'block', line, endLine, content: token.content });
      continue;
    }
    if (!ours) {
      // Someone else's code block: say so, and read on as markdown-it did.
      const where = runsToEnd ? 'to the end of the runbook' : `until the fence on line ${endLine}`;
      diagnostics.push({
        severity: 'error', line, code: 'unterminated-fence',
        message: `This code block is never closed, so everything after it reads as code ${where}. Close it with a line of ${token.markup}.`,
      });
      continue;
    }
    const body = contentLines(token.content);
    let fieldCount = 0;
    while (fieldCount < body.length && looksLikeField(body[fieldCount] ?? '')) fieldCount++;
    const blockEnd = line + 1 + fieldCount;
    diagnostics.push({
      severity: 'error', line, code: 'unterminated-fence',
      message: `This runbook block is never closed. It was read up to line ${blockEnd} (its last "key: value" line); close it there with a line of ${token.markup}.`,
    });
    items.push({ kind: 'block', line, endLine: blockEnd, content: body.slice(0, fieldCount).map((l) => `${l}\n`).join('') });
    return blockEnd;
  }
  return undefined;
}

function isRunbookFence(token: Token): boolean {
  return token.info.trim().split(/\s+/)[0] === RUNBOOK_FENCE_INFO;
}

/**
 * A block whose own closing fence is missing ends at the next block's
 * closing fence instead, swallowing the Markdown between them. A line inside
 * that starts with the same fence gives it away: a code block that shows a
 * fence uses a longer one around it, and no runbook field starts with one.
 */
function swallowedAFence(token: Token): boolean {
  return contentLines(token.content).some((line) => line.trimStart().startsWith(token.markup));
}

/**
 * markdown-it closes an unclosed fence at the end of the document; the fence
 * then spans one line more than its content, where a closed one spans two
 * (the opening and the closing fence).
 */
function isUnclosed(token: Token): boolean {
  const [first, end] = token.map ?? [0, 0];
  return contentLines(token.content).length === end - first - 1;
}

/** The words a reader sees in a heading: text and code spans, without emphasis markers or link targets. */
function inlineText(inline: Token | undefined): string {
  let text = '';
  for (const child of inline?.children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline' || child.type === 'image') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
  }
  return text.trim();
}
