// Where a span of a command line stands, as the shell will read it: a whole
// word of its own, or inside quotes, a substitution, a comment, a heredoc, or
// glued to other text. Only a whole word can take a quoted value soundly: in
// double quotes the value's own quotes would become text, glued to `$` it
// would become part of an expansion, inside backticks its backslashes would
// be read twice.
//
// This is a small lexer per shell kind, with just enough grammar to know that
// (quotes, escapes, comments, `$(`, backticks, `${`, heredocs, fish's `(` and
// `{`, PowerShell's here-strings and `--%`). It is conservative: what it does
// not understand (`$'...'` that dash reads differently from bash) makes the
// spans after it unsound rather than guessing.
import type { ShellKind } from './shellKind';

export interface Span {
  start: number;
  end: number;
}

export type SpanPlace =
  | { kind: 'word' }
  | { kind: 'quoted'; quote: 'single' | 'double' | 'ansi-c' }
  | { kind: 'substitution'; form: '$(...)' | '`...`' | '${...}' | '(...)' | '@(...)' | '{...}' }
  | { kind: 'comment' }
  | { kind: 'heredoc' }
  | { kind: 'heredoc-delimiter' }
  | { kind: 'here-string' }
  | { kind: 'stop-parsing' }
  | { kind: 'ambiguous'; construct: string }
  | { kind: 'after-dollar' }
  | { kind: 'joined'; before?: string; after?: string };

type FrameKind =
  | 'top' | 'subshell' | 'paren' | 'block' // read like the top level; a span in these is a word
  | 'dquote' | 'cmdsub' | 'arith-paren' | 'subexpr' | 'param' | 'brace';

interface Frame {
  kind: FrameKind;
  openedAt: number;
}

const TOP_LIKE: ReadonlySet<FrameKind> = new Set(['top', 'subshell', 'paren', 'block']);
const PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
const PS_DOUBLE_QUOTES = '"\u201c\u201d\u201e';
const BLANK = /[ \t\r\n]/;

/** The place of each span in `text` for `shell`; spans must not overlap, and are read as opaque words. */
export function placesOfSpans(text: string, spans: readonly Span[], shell: ShellKind): SpanPlace[] {
  return new Lexer(text, spans, shell).run();
}

class Lexer {
  private readonly places: (SpanPlace | undefined)[];
  private readonly order: number[];
  private readonly stack: Frame[] = [{ kind: 'top', openedAt: -1 }];
  private pos = 0;
  private next = 0; // index into order of the next span not yet reached
  private wordStart = true;
  private ambiguousFrom: { at: number; construct: string } | undefined;
  private readonly heredocs: { delimiter: string; stripTabs: boolean }[] = [];

  constructor(private readonly text: string, private readonly spans: readonly Span[], private readonly shell: ShellKind) {
    this.places = spans.map(() => undefined);
    this.order = spans.map((_, i) => i).sort((a, b) => (spans[a]?.start ?? 0) - (spans[b]?.start ?? 0));
  }

  run(): SpanPlace[] {
    while (this.pos < this.text.length) {
      const span = this.spanAt(this.pos);
      if (span !== undefined) {
        this.classify(span);
        this.pos = this.spans[span]?.end ?? this.pos + 1;
        this.wordStart = false;
        continue;
      }
      const from = this.pos;
      const frame = this.top();
      if (frame.kind === 'dquote') this.inDoubleQuotes();
      else if (frame.kind === 'param') this.inParam();
      else this.inCommand();
      this.markSwallowed(from + 1, this.pos);
    }
    // Spans never reached (past an unclosed construct) are where the lexer stopped.
    return this.places.map((p) => p ?? { kind: 'word' });
  }

  // --- reading -----------------------------------------------------------------

  private inCommand(): void {
    const { text, pos, shell } = this;
    const c = text[pos] ?? '';
    const c1 = text[pos + 1] ?? '';
    if (BLANK.test(c)) {
      this.pos += 1;
      this.wordStart = true;
      if (c === '\n' && this.heredocs.length > 0) this.readHeredocBodies();
      return;
    }
    if (c === '#' && this.wordStart) return this.skipTo(lineEnd(text, pos), { kind: 'comment' });
    if (shell === 'powershell') return this.inPowerShellCommand(c, c1);
    if (c === '\\') return this.word(2);
    if (c === "'") return this.skipSingleQuoted();
    if (c === '"') return this.push('dquote', 1);
    if (shell === 'posix') {
      if (c === '`') return this.skipBackticks();
      if (c === '$' && c1 === '(') return this.push('cmdsub', 2);
      if (c === '$' && c1 === '{') return this.push('param', 2);
      if (c === '$' && c1 === "'") return this.skipAnsiC();
      if (c === '(') return this.push(this.insideSubstitution() ? 'arith-paren' : 'subshell', 1, true);
      if (c === ')') {
        const closesSubshell = this.top().kind === 'subshell';
        this.pop(['subshell', 'cmdsub', 'arith-paren'], 1);
        // After a subshell's `)` a new word starts; after `$(...)` the word goes on.
        if (closesSubshell) this.wordStart = true;
        return;
      }
      if (c === '<' && c1 === '<' && text[pos + 2] === '<') return this.operator(3);
      if (c === '<' && c1 === '<') return this.readHeredocOperator();
    } else {
      if ((c === '$' && c1 === '(') || c === '(') return this.push('cmdsub', c === '$' ? 2 : 1, true);
      if (c === ')') return this.pop(['cmdsub'], 1);
      if (c === '{') return this.push('brace', 1);
      if (c === '}') return this.pop(['brace'], 1);
    }
    if (';|&<>'.includes(c)) return this.operator(1);
    this.word(1);
  }

  private inPowerShellCommand(c: string, c1: string): void {
    const { text, pos } = this;
    if (c === '<' && c1 === '#') {
      const close = text.indexOf('#>', pos + 2);
      return this.skipTo(close < 0 ? text.length : close + 2, { kind: 'comment' });
    }
    if (c === '`') return this.word(2);
    if (PS_SINGLE_QUOTES.includes(c)) return this.skipPowerShellSingleQuoted();
    if (PS_DOUBLE_QUOTES.includes(c)) return this.push('dquote', 1);
    if (c === '@' && (c1 === "'" || c1 === '"') && /^[ \t]*\r?\n/.test(text.slice(pos + 2))) {
      const close = text.indexOf(`\n${c1}@`, pos + 2);
      return this.skipTo(close < 0 ? text.length : close + 3, { kind: 'here-string' });
    }
    if (c === '$' && c1 === '(') return this.push('subexpr', 2);
    if (c === '@' && c1 === '(') return this.push('subexpr', 2);
    if (c === '@' && c1 === '{') return this.push('block', 2, true);
    if (c === '$' && c1 === '{') return this.push('param', 2);
    if (c === '(') return this.push('paren', 1, true);
    if (c === '{') return this.push('block', 1, true);
    if (c === ')') return this.pop(['paren', 'subexpr'], 1);
    if (c === '}') return this.pop(['block'], 1);
    if (this.wordStart && text.startsWith('--%', pos) && (pos + 3 >= text.length || BLANK.test(text[pos + 3] ?? ''))) {
      return this.skipTo(lineEnd(text, pos), { kind: 'stop-parsing' });
    }
    if (';|&'.includes(c)) return this.operator(1);
    this.word(1);
  }

  private inDoubleQuotes(): void {
    const { text, pos, shell } = this;
    const c = text[pos] ?? '';
    const c1 = text[pos + 1] ?? '';
    if (shell === 'powershell') {
      if (c === '`') { this.pos += 2; return; }
      if (PS_DOUBLE_QUOTES.includes(c)) {
        if (PS_DOUBLE_QUOTES.includes(c1)) { this.pos += 2; return; } // doubled: a literal quote
        return this.pop(['dquote'], 1, false);
      }
      if ((c === '$' || c === '@') && c1 === '(') return this.push('subexpr', 2);
      if (c === '$' && c1 === '{') return this.push('param', 2);
      this.pos += 1;
      return;
    }
    if (c === '\\') { this.pos += 2; return; }
    if (c === '"') return this.pop(['dquote'], 1, false);
    if (c === '$' && c1 === '(') return this.push('cmdsub', 2);
    if (shell === 'posix' && c === '$' && c1 === '{') return this.push('param', 2);
    if (shell === 'posix' && c === '`') return this.skipBackticks();
    this.pos += 1;
  }

  /** Inside `${...}` (and PowerShell's `${name}`): read until its `}`, minding nested quotes and expansions. */
  private inParam(): void {
    const { text, pos, shell } = this;
    const c = text[pos] ?? '';
    const c1 = text[pos + 1] ?? '';
    if (c === '}') return this.pop(['param'], 1, false);
    if (shell === 'powershell') {
      this.pos += c === '`' ? 2 : 1;
      return;
    }
    if (c === '\\') { this.pos += 2; return; }
    if (c === "'") return this.skipSingleQuoted();
    if (c === '"') return this.push('dquote', 1);
    if (c === '`') return this.skipBackticks();
    if (c === '$' && c1 === '(') return this.push('cmdsub', 2);
    if (c === '$' && c1 === '{') return this.push('param', 2);
    this.pos += 1;
  }

  private skipSingleQuoted(): void {
    const { text, pos } = this;
    let i = pos + 1;
    // fish reads \\ and \' inside single quotes; POSIX shells read nothing.
    while (i < text.length && text[i] !== "'") i += this.shell === 'fish' && text[i] === '\\' ? 2 : 1;
    this.skipTo(Math.min(i + 1, text.length), { kind: 'quoted', quote: 'single' });
  }

  private skipAnsiC(): void {
    const { text, pos } = this;
    let i = pos + 2;
    while (i < text.length && text[i] !== "'") i += text[i] === '\\' ? 2 : 1;
    // dash has no $'...': it reads `$` and then a plain single-quoted string,
    // which ends at the first quote, so the two readings part ways here.
    if (this.ambiguousFrom === undefined && text.slice(pos, i).includes('\\')) this.ambiguousFrom = { at: pos, construct: "$'...'" };
    this.skipTo(Math.min(i + 1, text.length), { kind: 'quoted', quote: 'ansi-c' });
  }

  private skipPowerShellSingleQuoted(): void {
    const { text, pos } = this;
    let i = pos + 1;
    for (; i < text.length; i++) {
      if (!PS_SINGLE_QUOTES.includes(text[i] ?? '')) continue;
      if (PS_SINGLE_QUOTES.includes(text[i + 1] ?? '')) { i += 1; continue; }
      break;
    }
    this.skipTo(Math.min(i + 1, text.length), { kind: 'quoted', quote: 'single' });
  }

  private skipBackticks(): void {
    const { text, pos } = this;
    let i = pos + 1;
    while (i < text.length && text[i] !== '`') i += text[i] === '\\' ? 2 : 1;
    this.skipTo(Math.min(i + 1, text.length), { kind: 'substitution', form: '`...`' });
  }

  /** `<<WORD` or `<<-WORD`: the word is the delimiter; the body starts at the next newline. */
  private readHeredocOperator(): void {
    const { text } = this;
    let i = this.pos + 2;
    const stripTabs = text[i] === '-';
    if (stripTabs) i += 1;
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    const from = i;
    let delimiter = '';
    let quote: string | undefined;
    for (; i < text.length; i++) {
      const c = text[i] ?? '';
      if (quote !== undefined) {
        if (c === quote) quote = undefined;
        else delimiter += c;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '\\') { delimiter += text[i + 1] ?? ''; i += 1; }
      else if (BLANK.test(c) || ';|&<>()'.includes(c)) break;
      else delimiter += c;
    }
    this.markSpans(from, i, { kind: 'heredoc-delimiter' });
    this.heredocs.push({ delimiter, stripTabs });
    this.pos = i;
    this.wordStart = true;
  }

  private readHeredocBodies(): void {
    const { text } = this;
    for (const { delimiter, stripTabs } of this.heredocs.splice(0)) {
      const from = this.pos;
      let at = this.pos;
      while (at < text.length) {
        const end = lineEnd(text, at);
        const line = text.slice(at, end);
        at = Math.min(end + 1, text.length);
        if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) break;
      }
      this.markSpans(from, at, { kind: 'heredoc' });
      this.pos = at;
    }
    this.wordStart = true;
  }

  // --- bookkeeping ---------------------------------------------------------------

  private word(length: number): void {
    this.pos += length;
    this.wordStart = false;
  }

  private operator(length: number): void {
    this.pos += length;
    this.wordStart = true;
  }

  private push(kind: FrameKind, length: number, startsWords = false): void {
    this.stack.push({ kind, openedAt: this.pos });
    this.pos += length;
    this.wordStart = startsWords;
  }

  private pop(kinds: readonly FrameKind[], length: number, endsWord = true): void {
    if (kinds.includes(this.top().kind) && this.stack.length > 1) this.stack.pop();
    this.pos += length;
    if (endsWord) this.wordStart = false;
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1] ?? { kind: 'top', openedAt: -1 };
  }

  private insideSubstitution(): boolean {
    return this.stack.some((f) => f.kind === 'cmdsub' || f.kind === 'arith-paren');
  }

  private skipTo(end: number, place: SpanPlace): void {
    this.markSpans(this.pos, end, place);
    this.pos = end;
    this.wordStart = false;
  }

  private markSpans(from: number, to: number, place: SpanPlace): void {
    for (const i of this.spansStartingIn(from, to)) {
      if (this.places[i] === undefined) this.places[i] = place;
    }
  }

  /**
   * A span whose start was swallowed by a token of two or more characters
   * (`\{{x}}`, `${{x}}`, PowerShell's `` `{{x}} `` or `@{{x}}`) is part of that
   * token, never a word of its own.
   */
  private markSwallowed(from: number, to: number): void {
    for (const i of this.spansStartingIn(from, to)) {
      if (this.places[i] !== undefined) continue;
      const start = this.spans[i]?.start ?? 0;
      this.places[i] = this.text[start - 1] === '$' ? { kind: 'after-dollar' } : { kind: 'joined', before: wordBefore(this.text, start) };
    }
  }

  /**
   * The indexes of the spans that start in [from, to), in the order of their
   * starts. Marking runs after every token, so it must cost the spans in the
   * range (plus a binary search), not all the spans: a line of 64k
   * placeholders took 8 s when each mark visited every span.
   */
  private *spansStartingIn(from: number, to: number): Generator<number> {
    if (from >= to) return;
    const { order, spans } = this;
    let low = 0;
    let high = order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((spans[order[mid] ?? 0]?.start ?? 0) < from) low = mid + 1;
      else high = mid;
    }
    for (let k = low; k < order.length; k++) {
      const i = order[k] ?? 0;
      if ((spans[i]?.start ?? 0) >= to) return;
      yield i;
    }
  }

  private spanAt(pos: number): number | undefined {
    while (this.next < this.order.length && (this.spans[this.order[this.next] ?? 0]?.start ?? 0) < pos) this.next += 1;
    const index = this.order[this.next];
    return index !== undefined && this.spans[index]?.start === pos ? index : undefined;
  }

  // --- classifying -------------------------------------------------------------------

  private classify(index: number): void {
    if (this.places[index] !== undefined) return;
    this.places[index] = this.placeOf(this.spans[index] ?? { start: 0, end: 0 });
  }

  private placeOf(span: Span): SpanPlace {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const kind = this.stack[i]?.kind ?? 'top';
      if (TOP_LIKE.has(kind)) continue;
      if (kind === 'dquote') return { kind: 'quoted', quote: 'double' };
      if (kind === 'param') return { kind: 'substitution', form: '${...}' };
      if (kind === 'brace') return { kind: 'substitution', form: '{...}' };
      if (kind === 'subexpr') return { kind: 'substitution', form: this.text[this.stack[i]?.openedAt ?? 0] === '@' ? '@(...)' : '$(...)' };
      return { kind: 'substitution', form: this.shell === 'fish' && this.text[this.stack[i]?.openedAt ?? 0] === '(' ? '(...)' : '$(...)' };
    }
    if (this.ambiguousFrom !== undefined) return { kind: 'ambiguous', construct: this.ambiguousFrom.construct };
    const { text } = this;
    const before = text[span.start - 1];
    const after = text[span.end];
    if (before === '$') return { kind: 'after-dollar' };
    const frame = this.top();
    const opensFrame = frame.openedAt === span.start - 1 || (frame.kind === 'block' && text.startsWith('@{', span.start - 2) && frame.openedAt === span.start - 2);
    const beforeOk = before === undefined || BLANK.test(before) || before === ';' || before === '|'
      || (before === '&' && !'<>'.includes(text[span.start - 2] ?? ''))
      || (opensFrame && frame.kind !== 'top');
    const closer = frame.kind === 'block' ? '}' : ')';
    const afterOk = after === undefined || BLANK.test(after) || ';|&'.includes(after) || (frame.kind !== 'top' && after === closer);
    if (beforeOk && afterOk) return { kind: 'word' };
    const place: SpanPlace = { kind: 'joined' };
    if (!beforeOk) place.before = wordBefore(text, span.start);
    if (!afterOk) place.after = wordAfter(text, span.end);
    return place;
  }
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** The text glued to a span on its left, back to the previous blank outside parentheses (at most 40 characters). */
function wordBefore(text: string, start: number): string {
  let i = start;
  let depth = 0;
  while (i > 0 && start - i < 40) {
    const c = text[i - 1] ?? '';
    if (c === ')') depth += 1;
    else if (c === '(') depth -= 1;
    else if (BLANK.test(c) && depth <= 0) break;
    i -= 1;
  }
  return text.slice(i, start);
}

function wordAfter(text: string, end: number): string {
  let i = end;
  while (i < text.length && !BLANK.test(text[i] ?? '') && i - end < 40) i += 1;
  return text.slice(end, i);
}
