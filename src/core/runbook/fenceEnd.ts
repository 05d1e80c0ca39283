// Where a runbook fence ends, found without reading the rest of the document
// once per fence. markdown-it searches line by line for a fence's closing
// line; a document of many unclosed fences, each of which runs to the end,
// costs that search once per fence: quadratic. Here the lines are read once
// per nesting scope (the document, a quote, a list item), and each search
// then jumps over the lines that cannot stop it.
import type { StateBlock } from 'markdown-it';

export interface FenceEnd {
  /** The fence has its closing line, and no line before it starts with the fence's markup. */
  closed: boolean;
  /**
   * When not closed: the first line that is not the fence's content to read,
   * i.e. the first line that starts with the markup (a swallowed fence), or
   * the line where markdown-it would end the fence (the end of the document,
   * or of the quote or list item it is in).
   */
  contentEnd: number;
}

export interface FenceEndFinder {
  find(state: StateBlock, fenceLine: number, endLine: number, marker: number, length: number): FenceEnd;
}

/**
 * The lines after one fence as seen from its scope: for each, how many
 * backticks and tildes its text starts with (after any white space), and
 * for each line the next one that starts with more of them.
 */
interface Region {
  /** The region covers lines [first, end); `end` is where a fence in this scope ends unclosed. */
  first: number;
  end: number;
  runs: Map<number, { run: Int32Array; longer: Int32Array }>;
}

const BACKTICK = 0x60;
const TILDE = 0x7e;

export function fenceEndFinder(initial: StateBlock): FenceEndFinder {
  const regions = new Map<string, Region>();
  const source = initial.src;
  return {
    find(state, fenceLine, endLine, marker, length) {
      // A scope is one container's view of the lines: markdown-it shifts line
      // starts inside a quote and raises the indent inside a list item.
      const key = `${endLine}:${state.blkIndent}:${state.level}:${state.parentType}`;
      let region = regions.get(key);
      if (region === undefined || fenceLine + 1 < region.first || fenceLine + 1 >= region.end) {
        region = readRegion(state, source, fenceLine + 1, endLine);
        regions.set(key, region);
      }
      const runs = region.runs.get(marker);
      let index = fenceLine + 1 - region.first;
      const size = region.end - region.first;
      // Each jump lands on a line with a longer run, all shorter than
      // `length`: at most `length` jumps, and `length` characters were read
      // to find this fence.
      while (runs !== undefined && index < size && (runs.run[index] ?? 0) < length) index = runs.longer[index] ?? size;
      const line = region.first + index;
      if (index >= size) return { closed: false, contentEnd: region.end };
      return { closed: isClosingFence(state, line, marker, length), contentEnd: line };
    },
  };
}

/** markdown-it's test for a closing fence, on the first line that starts with the markup. */
function isClosingFence(state: StateBlock, line: number, marker: number, length: number): boolean {
  const start = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
  if (state.src.charCodeAt(start) !== marker || (state.sCount[line] ?? 0) - state.blkIndent >= 4) return false;
  const after = state.skipChars(start, marker);
  return after - start >= length && state.skipSpaces(after) >= (state.eMarks[line] ?? 0);
}

/** Reads lines from `first` up to where markdown-it would end an unclosed fence in this scope. */
function readRegion(state: StateBlock, source: string, first: number, endLine: number): Region {
  const backticks: number[] = [];
  const tildes: number[] = [];
  let line = first;
  for (; line < endLine; line++) {
    const start = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
    const max = state.eMarks[line] ?? 0;
    // A non-empty line indented less than the list item ends it, and the fence.
    if (start < max && (state.sCount[line] ?? 0) < state.blkIndent) break;
    // The swallow test reads the line as the fence's content: white space trimmed as String.trimStart does.
    const text = leadingNonSpace(source, state.bMarks[line] ?? 0, max);
    backticks.push(runAt(source, text, max, BACKTICK));
    tildes.push(runAt(source, text, max, TILDE));
  }
  const runs = new Map<number, { run: Int32Array; longer: Int32Array }>();
  runs.set(BACKTICK, withLonger(backticks));
  runs.set(TILDE, withLonger(tildes));
  return { first, end: line, runs };
}

const WHITE_SPACE = /\s/;

/** Offset of the first character in [from, max) that String.prototype.trimStart keeps. */
function leadingNonSpace(source: string, from: number, max: number): number {
  let at = from;
  while (at < max && WHITE_SPACE.test(source.charAt(at))) at++;
  return at;
}

function runAt(source: string, from: number, max: number, marker: number): number {
  let at = from;
  while (at < max && source.charCodeAt(at) === marker) at++;
  return at - from;
}

/** For each index, the next index whose run is longer (a monotonic stack, one pass from the right). */
function withLonger(values: readonly number[]): { run: Int32Array; longer: Int32Array } {
  const run = Int32Array.from(values);
  const longer = new Int32Array(run.length);
  const stack: number[] = [];
  for (let index = run.length - 1; index >= 0; index--) {
    while (stack.length > 0 && (run[stack[stack.length - 1] ?? 0] ?? 0) <= (run[index] ?? 0)) stack.pop();
    longer[index] = stack.length > 0 ? (stack[stack.length - 1] ?? run.length) : run.length;
    stack.push(index);
  }
  return { run, longer };
}
