// Frozen copy of src/core/runbook/frontMatter.ts as of 27244c9, before the parser was made
// linear. Only the differential test and the benchmark's before/after use it:
// the new parser must read every document exactly as this one did.
// A strict reader for the small YAML subset runbook front matter needs:
//
//   ---
//   key: scalar
//   list:
//     - scalar
//   map:
//     key: scalar
//   records:
//     - key: scalar
//       key: scalar
//   ---
//
// Values are text (no numbers, booleans or nulls), plain or quoted ('...'
// with '' for a quote, "..." with backslash escapes). Anything YAML would read
// differently, or that needs more than this, is an error with its line: flow
// collections, anchors, block scalars, tabs, deeper nesting. Every document
// this reader accepts is YAML that a real YAML parser reads the same way, so
// Markdown viewers that understand front matter show it as we read it.
import type { RunbookDiagnostic } from '../../../../../src/core/runbook/model';

export interface FrontMatterScalar {
  kind: 'scalar';
  value: string;
  line: number;
}

export interface FrontMatterMap {
  kind: 'map';
  entries: Map<string, FrontMatterScalar>;
  line: number;
}

export interface FrontMatterList {
  kind: 'list';
  items: (FrontMatterScalar | FrontMatterMap)[];
  line: number;
}

export type FrontMatterValue = FrontMatterScalar | FrontMatterMap | FrontMatterList;

export interface FrontMatterEntry {
  key: string;
  /** Line of the key. */
  line: number;
  /** Undefined when the key had no usable value (a diagnostic says why). */
  value: FrontMatterValue | undefined;
}

export interface FrontMatterResult {
  /** Undefined when the source has no front matter, or it is never closed. */
  entries: Map<string, FrontMatterEntry> | undefined;
  /** First line after the front matter (0 when there is none). */
  bodyStart: number;
  diagnostics: RunbookDiagnostic[];
}

const FENCE = '---';
const KEY = /^([A-Za-z][A-Za-z0-9_-]*):(?: (.*))?$/;
/** Characters that make YAML read a plain scalar as something else. */
const YAML_INDICATORS = new Set(['[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', ',', '?']);

/** Reads the front matter at the top of `lines`, if the first line is `---`. */
export function parseFrontMatter(lines: readonly string[]): FrontMatterResult {
  if (lines[0]?.trimEnd() !== FENCE) return { entries: undefined, bodyStart: 0, diagnostics: [] };
  const end = lines.findIndex((line, index) => index > 0 && line.trimEnd() === FENCE);
  if (end < 0) {
    const message = 'The front matter opened on this line is never closed: end it with a line of "---" before the first heading.';
    return { entries: undefined, bodyStart: 0, diagnostics: [frontMatterError(0, message)] };
  }
  const reader = new FrontMatterReader();
  for (let line = 1; line < end; line++) reader.read(lines[line] ?? '', line);
  reader.finish();
  return { entries: reader.entries, bodyStart: end + 1, diagnostics: reader.diagnostics };
}

function frontMatterError(line: number, message: string): RunbookDiagnostic {
  return { severity: 'error', line, message, code: 'front-matter' };
}

class FrontMatterReader {
  readonly entries = new Map<string, FrontMatterEntry>();
  readonly diagnostics: RunbookDiagnostic[] = [];
  /** The top-level key whose nested block is being read, if any. */
  private open: FrontMatterEntry | undefined;
  private nestedIndent: number | undefined;
  /** After a too-deep key, its own indented lines are skipped rather than reported one by one. */
  private skipDeeperThan: number | undefined;
  /** Whether the open key has indented lines, even wrong ones (then "no value" would be noise). */
  private openHasLines = false;

  read(raw: string, line: number): void {
    const text = raw.trimEnd();
    const content = text.trimStart();
    if (content === '' || content.startsWith('#')) return;
    const indentText = text.slice(0, text.length - content.length);
    if (indentText.length > 0) this.openHasLines = true;
    if (indentText.includes('\t')) return this.error(line, 'Tabs are not allowed in front matter: indent with spaces.');
    const indent = indentText.length;
    if (this.skipDeeperThan !== undefined && indent > this.skipDeeperThan) return;
    this.skipDeeperThan = undefined;
    if (indent === 0) return this.readTopLevel(content, line);
    this.readNested(content, indent, line);
  }

  finish(): void {
    this.closeOpenKey();
  }

  private readTopLevel(content: string, line: number): void {
    this.closeOpenKey();
    const keyValue = splitKeyValue(content);
    if (keyValue === undefined) return this.error(line, `Expected "key: value" here, found "${content}".`);
    if (this.entries.has(keyValue.key)) return this.error(line, `"${keyValue.key}" is given twice; keep one.`);
    const entry: FrontMatterEntry = { key: keyValue.key, line, value: undefined };
    this.entries.set(keyValue.key, entry);
    if (keyValue.value === '') {
      this.open = entry;
      this.nestedIndent = undefined;
      this.openHasLines = false;
      return;
    }
    entry.value = this.scalar(keyValue.value, line);
  }

  private readNested(content: string, indent: number, line: number): void {
    const entry = this.open;
    if (entry === undefined) return this.error(line, 'Unexpected indentation: only a key with an empty value ("key:") opens a nested list or map.');
    this.nestedIndent ??= indent;
    const base = this.nestedIndent;
    if (content === '-' || content.startsWith('- ')) {
      if (indent !== base) return this.error(line, `List items must line up with the first one (${base} spaces).`);
      return this.readListItem(entry, content.slice(1).trimStart(), indent, line);
    }
    const keyValue = splitKeyValue(content);
    if (keyValue === undefined) return this.error(line, `Expected "key: value" or "- item" here, found "${content}".`);
    if (keyValue.value === '') {
      entry.value ??= { kind: 'map', entries: new Map(), line };
      return this.tooDeep(indent, line);
    }
    const value = entry.value;
    if (value?.kind === 'list') {
      const item = value.items[value.items.length - 1];
      if (item?.kind !== 'map' || indent !== base + 2) {
        return this.error(line, `Inside a list, a map's further keys must line up under its first key (${base + 2} spaces).`);
      }
      return this.addToMap(item, keyValue.key, keyValue.value, line);
    }
    if (indent !== base) return this.error(line, `Map keys must line up with the first one (${base} spaces).`);
    const map: FrontMatterMap = value?.kind === 'map' ? value : { kind: 'map', entries: new Map(), line };
    entry.value = map;
    this.addToMap(map, keyValue.key, keyValue.value, line);
  }

  private readListItem(entry: FrontMatterEntry, item: string, indent: number, line: number): void {
    if (entry.value?.kind === 'map') return this.error(line, `"${entry.key}" is a map; it cannot also hold list items.`);
    const list: FrontMatterList = entry.value?.kind === 'list' ? entry.value : { kind: 'list', items: [], line };
    entry.value = list;
    if (item === '') return this.error(line, 'Empty list item: write the value after "- ".');
    const keyValue = splitKeyValue(item);
    if (keyValue === undefined) {
      const scalar = this.scalar(item, line);
      if (scalar !== undefined) list.items.push(scalar);
      return;
    }
    const map: FrontMatterMap = { kind: 'map', entries: new Map(), line };
    list.items.push(map);
    if (keyValue.value === '') return this.tooDeep(indent + 2, line);
    this.addToMap(map, keyValue.key, keyValue.value, line);
  }

  private tooDeep(indent: number, line: number): void {
    this.skipDeeperThan = indent;
    this.error(line, 'Only one level of nesting is supported: give this key a value after its colon.');
  }

  private addToMap(map: FrontMatterMap, key: string, text: string, line: number): void {
    if (map.entries.has(key)) return this.error(line, `"${key}" is given twice in this map; keep one.`);
    const scalar = this.scalar(text, line);
    if (scalar !== undefined) map.entries.set(key, scalar);
  }

  private closeOpenKey(): void {
    const entry = this.open;
    this.open = undefined;
    if (entry !== undefined && entry.value === undefined && !this.openHasLines) {
      this.error(entry.line, `"${entry.key}" has no value: write it after the colon, or indent a list or map under it.`);
    }
  }

  private scalar(text: string, line: number): FrontMatterScalar | undefined {
    const parsed = parseScalar(text);
    if ('error' in parsed) {
      this.error(line, parsed.error);
      return undefined;
    }
    return { kind: 'scalar', value: parsed.value, line };
  }

  private error(line: number, message: string): void {
    this.diagnostics.push(frontMatterError(line, message));
  }
}

/** `key: value` or `key:`; undefined when the text is not a key line at all. */
function splitKeyValue(text: string): { key: string; value: string } | undefined {
  const match = KEY.exec(text);
  if (match === null) return undefined;
  return { key: match[1] ?? '', value: (match[2] ?? '').trim() };
}

/** One scalar as YAML reads it in block context, limited to what we support. */
export function parseScalar(text: string): { value: string } | { error: string } {
  const first = text[0];
  if (first === '"') return parseDoubleQuoted(text);
  if (first === "'") return parseSingleQuoted(text);
  const comment = text.indexOf(' #');
  const value = (comment < 0 ? text : text.slice(0, comment)).trimEnd();
  if (value === '') return { error: 'Empty value: write one, or remove the key.' };
  if (first !== undefined && YAML_INDICATORS.has(first)) {
    return { error: `A value starting with "${first}" means something else in YAML: put the value in quotes.` };
  }
  if (value.startsWith('- ') || value.includes(': ') || value.endsWith(':')) {
    return { error: `"${value}" would not read as plain text in YAML: put it in quotes.` };
  }
  return { value };
}

function parseSingleQuoted(text: string): { value: string } | { error: string } {
  let value = '';
  for (let index = 1; index < text.length; index++) {
    const char = text[index];
    if (char !== "'") { value += char; continue; }
    if (text[index + 1] === "'") { value += "'"; index++; continue; }
    return afterClosingQuote(value, text.slice(index + 1));
  }
  return { error: 'The quoted value is never closed: end it with \'.' };
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t' };

function parseDoubleQuoted(text: string): { value: string } | { error: string } {
  let value = '';
  for (let index = 1; index < text.length; index++) {
    const char = text[index];
    if (char === '"') return afterClosingQuote(value, text.slice(index + 1));
    if (char !== '\\') { value += char; continue; }
    const escaped = ESCAPES[text[index + 1] ?? ''];
    if (escaped === undefined) return { error: `Unsupported escape "\\${text[index + 1] ?? ''}": use \\" \\\\ \\/ \\n or \\t, or single quotes.` };
    value += escaped;
    index++;
  }
  return { error: 'The quoted value is never closed: end it with ".' };
}

function afterClosingQuote(value: string, rest: string): { value: string } | { error: string } {
  const trimmed = rest.trim();
  if (trimmed === '' || (trimmed.startsWith('#') && rest.startsWith(' '))) return { value };
  return { error: `Unexpected text after the closing quote: "${trimmed}".` };
}
