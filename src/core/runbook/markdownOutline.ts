// Turns the Markdown body into the two things the runbook format cares about,
// read from markdown-it's token stream: headings and ```runbook blocks, each
// with its source lines. Everything else stays Markdown for readers.
//
// One pass over the document, in time linear in its size: a workspace
// runbook is untrusted, and the editor parses it on every change.
import MarkdownIt from 'markdown-it';
import type { StateBlock, Token } from 'markdown-it';
import { contentLines, looksLikeField } from './blockFields';
import { fenceEndFinder, type FenceEndFinder } from './fenceEnd';
import type { RunbookDiagnostic } from './model';

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

/** The token our own block rule emits for a runbook block whose closing fence is missing. */
const UNCLOSED_RUNBOOK = 'runbook_unclosed';

// Raw HTML stays off: a workspace runbook is untrusted text.
const markdown = new MarkdownIt({ html: false });
markdown.block.ruler.before('fence', UNCLOSED_RUNBOOK, unclosedRunbookFence);
// Headings are the only inline content we read; this instance parses just
// those, with the block parse's link references, and skips every paragraph.
const headingInline = new MarkdownIt({ html: false });
headingInline.core.ruler.disable(['normalize', 'block', 'strip_references']);

/** Where each fence ends, for the parse under way (parsing is synchronous, so one at a time). */
let fenceEnds: FenceEndFinder | undefined;

/**
 * Reads headings and runbook blocks from `lines` (the front matter already
 * blanked, so token lines are source lines). A runbook block whose closing
 * fence is missing (it runs to the end of the document, or to the next
 * block's closing fence) is read up to its first line that is not
 * `key: value`, and reading goes on after it, so one forgotten fence costs
 * one diagnostic, not the rest of the runbook.
 */
export function readOutline(lines: readonly string[], diagnostics: RunbookDiagnostic[]): OutlineItem[] {
  const tokens = tokenize(lines);
  const items: OutlineItem[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.map === null) continue;
    const [line, endLine] = token.map;
    if (token.type === 'heading_open') {
      items.push({ kind: 'heading', level: Number(token.tag.slice(1)), text: inlineText(tokens[index + 1]), line, endLine });
      continue;
    }
    if (token.type === UNCLOSED_RUNBOOK) {
      diagnostics.push({
        severity: 'error', line, code: 'unterminated-fence',
        message: `This runbook block is never closed. It was read up to line ${endLine} (its last "key: value" line); close it there with a line of ${token.markup}.`,
      });
      items.push({ kind: 'block', line, endLine, content: token.content });
      continue;
    }
    if (token.type !== 'fence') continue;
    // Our rule took every runbook fence that is unclosed or swallows another;
    // the fences left are closed runbook blocks and everyone else's code.
    if (isRunbookInfo(token.info)) {
      items.push({ kind: 'block', line, endLine, content: token.content });
      continue;
    }
    const runsToEnd = isUnclosed(token);
    if (runsToEnd || swallowedAFence(token)) {
      // Someone else's code block: say so, and read on as markdown-it did.
      const where = runsToEnd ? 'to the end of the runbook' : `until the fence on line ${endLine}`;
      diagnostics.push({
        severity: 'error', line, code: 'unterminated-fence',
        message: `This code block is never closed, so everything after it reads as code ${where}. Close it with a line of ${token.markup}.`,
      });
    }
  }
  return items;
}

/** markdown-it's block tokens for the whole document, with inline children for headings only. */
function tokenize(lines: readonly string[]): Token[] {
  // What markdown-it's normalize rule does; the lines have no CR left.
  const source = lines.join('\n').replaceAll('\0', '\uFFFD');
  const tokens: Token[] = [];
  if (source === '') return tokens;
  const env = {};
  const state = new markdown.block.State(source, markdown, env, tokens);
  fenceEnds = fenceEndFinder(state);
  try {
    markdown.block.tokenize(state, state.line, state.lineMax);
  } finally {
    fenceEnds = undefined;
  }
  const headings = new headingInline.core.State('', headingInline, env);
  headings.tokens = tokens.filter((token, index) => token.type === 'inline' && tokens[index - 1]?.type === 'heading_open');
  headingInline.core.process(headings);
  return tokens;
}

/**
 * A block rule that runs just before markdown-it's own fence rule. A runbook
 * fence whose closing fence is missing would run to the end of the document
 * (or of its list item or quote), or to some later block's closing fence,
 * swallowing the Markdown between; this rule ends it instead after its
 * `key: value` lines, and parsing goes on from there. Every other fence is
 * left to markdown-it.
 */
function unclosedRunbookFence(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (silent || fenceEnds === undefined) return false;
  const opening = readFenceOpening(state, startLine);
  if (opening === undefined || !isRunbookInfo(opening.info)) return false;
  const end = fenceEnds.find(state, startLine, endLine, opening.marker, opening.markup.length);
  if (end.closed) return false;
  // Read up to the first line that is not a field: a line starting with the
  // fence's markup is never one, so this stops before any swallowed fence.
  const indent = state.sCount[startLine] ?? 0;
  const fields: string[] = [];
  let line = startLine + 1;
  for (; line < end.contentEnd; line++) {
    const text = state.getLines(line, line + 1, indent, false);
    if (!looksLikeField(text)) break;
    fields.push(`${text}\n`);
  }
  const token = state.push(UNCLOSED_RUNBOOK, 'code', 0);
  token.info = opening.info;
  token.markup = opening.markup;
  token.content = fields.join('');
  token.map = [startLine, line];
  state.line = line;
  return true;
}

/** The opening fence on `line` exactly as markdown-it's fence rule accepts it, or undefined. */
function readFenceOpening(state: StateBlock, line: number): { marker: number; markup: string; info: string } | undefined {
  const start = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
  const max = state.eMarks[line] ?? 0;
  if ((state.sCount[line] ?? 0) - state.blkIndent >= 4 || start + 3 > max) return undefined;
  const marker = state.src.charCodeAt(start);
  if (marker !== 0x7e /* ~ */ && marker !== 0x60 /* ` */) return undefined;
  const after = state.skipChars(start, marker);
  if (after - start < 3) return undefined;
  const info = state.src.slice(after, max);
  if (marker === 0x60 && info.includes('`')) return undefined;
  return { marker, markup: state.src.slice(start, after), info };
}

function isRunbookInfo(info: string): boolean {
  return info.trim().split(/\s+/)[0] === RUNBOOK_FENCE_INFO;
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
  const parts: string[] = [];
  for (const child of inline?.children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline' || child.type === 'image') parts.push(child.content);
    else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
  }
  return parts.join('').trim();
}
