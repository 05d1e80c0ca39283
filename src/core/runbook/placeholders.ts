// Placeholders in command templates (`systemctl stop {{service}}`), and the
// quoting that makes a value safe to paste into a shell. The values come from
// detection: process names and paths are whatever a program chose to call
// itself, so every value is treated as hostile.
import type { CommandOs, PlaceholderName } from './model';
import { hasControlCharacter, placeholderValueProblem, type RuleContext } from './placeholderRules';
import type { ShellKind } from '../shell/shellKind';
import { placesOfSpans, type SpanPlace } from '../shell/wordPlaces';

/** Every placeholder a command may use, with what fills it. */
export const PLACEHOLDERS: Readonly<Record<PlaceholderName, string>> = {
  'process.name': 'short name of the process that holds the DHT socket',
  'process.pid': 'id of that process',
  'process.executable': 'absolute path of that process\'s program file',
  'program.path': 'the file that is the program: the executable, or the script or archive an interpreter runs',
  'runtime.executable': 'the interpreter or runtime that runs the program (python3, node, java), when there is one',
  package: 'package that installed the program, in its manager\'s terms (deb or rpm name, snap, flatpak app id, pip or npm name, Homebrew formula, Windows package name); never an interpreter\'s package',
  'removable.path': 'the file to remove by hand when no package manager owns the program (an AppImage, a copy under a home directory or /opt)',
  service: 'service that starts the program (systemd unit, launchd label, Windows service name)',
  'service.machine': 'for a per-user systemd unit, its user\'s service manager as `systemctl --machine` takes it (`alice@`)',
  'service.target': 'the launchd domain target of the job, e.g. gui/501/org.example.client',
};

export function isPlaceholderName(name: string): name is PlaceholderName {
  return Object.hasOwn(PLACEHOLDERS, name);
}

export interface PlaceholderUse {
  name: string;
  /** Offsets of `{{` and just past `}}` in the template. */
  start: number;
  end: number;
}

export interface PlaceholderSyntaxError {
  offset: number;
  message: string;
}

const OPEN = '{{';
const CLOSE = '}}';
const NAME = /^[a-z][a-z0-9]*(?:\.[a-z][a-z0-9]*)*$/;

/** Finds every `{{name}}`. Any `{{` starts one; a malformed one is an error, never text. */
export function scanPlaceholders(template: string): { uses: PlaceholderUse[]; errors: PlaceholderSyntaxError[] } {
  const uses: PlaceholderUse[] = [];
  const errors: PlaceholderSyntaxError[] = [];
  let from = 0;
  for (;;) {
    const start = template.indexOf(OPEN, from);
    if (start < 0) break;
    const close = template.indexOf(CLOSE, start + OPEN.length);
    if (close < 0) {
      errors.push({ offset: start, message: `"${template.slice(start, start + 24)}" opens a placeholder that is never closed with "}}".` });
      break;
    }
    const name = template.slice(start + OPEN.length, close);
    const end = close + CLOSE.length;
    if (NAME.test(name)) uses.push({ name, start, end });
    else errors.push({ offset: start, message: `"${template.slice(start, end)}" is not a placeholder: write a name like {{process.pid}}, without spaces.` });
    from = end;
  }
  return { uses, errors };
}

/** The kind of shell a command is filled for: see src/core/shell/shellKind.ts. */
export type CommandShell = ShellKind;

export interface RejectedValue {
  name: string;
  reason: string;
}

export interface FilledCommand {
  /** Ready to run only when `missing` and `rejected` are both empty. */
  text: string;
  missing: string[];
  /** Values refused, and placeholders standing where no value can be quoted soundly (also in `positionProblems`). */
  rejected: RejectedValue[];
  /** Placeholders that are not whole words for this shell; when there are any, nothing is filled. */
  positionProblems: PlaceholderPositionProblem[];
}

export interface FillOptions {
  /** The OS the command is for; it picks the rule a value must pass (a systemd unit on linux, a launchd label on macos...). */
  os?: CommandOs;
}

const MAX_VALUE_LENGTH = 4096;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Fills a command template for `shell`, quoting every value for it. Nothing is
 * filled when a placeholder stands where quoting is not sound (inside quotes,
 * glued to other text...): each such placeholder is rejected with the reason.
 * A value that no quoting makes safe (control characters, a leading "-"), or
 * that is not what its placeholder claims to be (placeholderRules.ts), is
 * rejected and its placeholder left in place.
 */
export function fillCommand(template: string, values: Record<string, string | undefined>, shell: CommandShell, options: FillOptions = {}): FilledCommand {
  const missing: string[] = [];
  const rejected: RejectedValue[] = [];
  const positionProblems = placeholderPositionProblems(template, shell);
  if (positionProblems.length > 0) {
    for (const problem of positionProblems) {
      if (!rejected.some((r) => r.name === problem.name)) rejected.push({ name: problem.name, reason: problem.message });
    }
    for (const { name } of scanPlaceholders(template).uses) {
      if (valueOf(values, name) === undefined && !missing.includes(name)) missing.push(name);
    }
    return { text: template, missing, rejected, positionProblems };
  }
  const context: RuleContext = { os: options.os ?? (shell === 'powershell' ? 'windows' : undefined), values };
  const text = substitute(template, (name) => {
    const value = valueOf(values, name);
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return undefined;
    }
    const reason = unsafeValueReason(value) ?? shellValueProblem(value, shell) ?? placeholderValueProblem(name, value, context);
    if (reason !== undefined) {
      if (!rejected.some((r) => r.name === name)) rejected.push({ name, reason });
      return undefined;
    }
    return quoteForShell(value, shell);
  });
  return { text, missing, rejected, positionProblems };
}

/** Why a value may not go into a command at all, or undefined when it may. */
export function unsafeValueReason(value: string): string | undefined {
  if (value === '') return 'the value is empty';
  if (value.length > MAX_VALUE_LENGTH) return `the value is longer than ${MAX_VALUE_LENGTH} characters`;
  // A lone surrogate cannot be written as UTF-8: the terminal would get U+FFFD, not the value.
  if (LONE_SURROGATE.test(value)) return 'the value is not valid Unicode';
  // C0 and C1 controls: a newline would run a second command in the terminal, escapes would repaint it.
  if (hasControlCharacter(value)) return 'the value contains a control character';
  if (value.startsWith('-')) return 'the value starts with "-", which a program would read as an option';
  return undefined;
}

/**
 * What a shell cannot pass on intact even when quoted. Windows PowerShell 5.1
 * passes a quoted argument to a native program (winget, sc.exe) without
 * escaping its double quotes, and a trailing backslash escapes the closing
 * quote it adds, so either would split the argument.
 */
export function shellValueProblem(value: string, shell: CommandShell): string | undefined {
  if (shell !== 'powershell') return undefined;
  if (/["\u201c\u201d\u201e]/.test(value)) return 'the value contains a double quote, which Windows PowerShell passes to programs unescaped';
  if (value.endsWith('\\')) return 'the value ends with a backslash, which would escape the quote PowerShell adds around it';
  return undefined;
}

export function quoteForShell(value: string, shell: CommandShell): string {
  if (shell === 'fish') return quoteFish(value);
  return shell === 'posix' ? quotePosix(value) : quotePowerShell(value);
}

/** Characters no POSIX shell (bash, zsh, dash) treats specially, at the start or inside a word. */
const POSIX_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/;

/** A POSIX shell word: as it is when nothing in it is special, else in single quotes ('\'' for a quote). */
export function quotePosix(value: string): string {
  if (POSIX_SAFE.test(value)) return value;
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** Characters fish treats as plain text anywhere in a word (no `~ % { } ( ) $ * ? # [ ] \`). */
const FISH_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/;

/**
 * A fish word: as it is when plain, else in single quotes. Unlike POSIX
 * shells, fish reads two escapes inside single quotes, `\\` and `\'`, so both
 * characters are escaped; nothing else is special there.
 */
export function quoteFish(value: string): string {
  if (FISH_SAFE.test(value)) return value;
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * Bare words PowerShell reads as the same text in argument mode: a word that
 * starts with a letter, or a plain decimal number (for process ids). Anything
 * starting with another digit may be read as a number (`1e5`, `0x10`, `007`).
 */
const POWERSHELL_SAFE = /^(?:[A-Za-z][A-Za-z0-9_.-]*|0|[1-9][0-9]*)$/;

/** PowerShell treats all four of these as single quotes; each is doubled inside a single-quoted string. */
const POWERSHELL_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);

/** A PowerShell argument: as it is when plain, else a single-quoted (verbatim) string. */
export function quotePowerShell(value: string): string {
  if (POWERSHELL_SAFE.test(value)) return value;
  let quoted = "'";
  for (const char of value) quoted += POWERSHELL_QUOTES.has(char) ? char + char : char;
  return `${quoted}'`;
}

export interface PlaceholderPositionProblem {
  /** Offset of the placeholder's `{{` in the template. */
  offset: number;
  name: string;
  /** Why the position is unsound and how to write the command instead. */
  message: string;
}

/**
 * Every placeholder that does not stand as a whole word of its own for
 * `shell` (start or a blank before it; a blank, `;`, `|`, `&` or the end after
 * it; outside quotes, substitutions, comments and heredocs), with why and how
 * to fix it. The quoting in fillCommand is sound only for whole words.
 */
export function placeholderPositionProblems(template: string, shell: CommandShell): PlaceholderPositionProblem[] {
  const { uses } = scanPlaceholders(template);
  const places = placesOfSpans(template, uses, shell);
  const problems: PlaceholderPositionProblem[] = [];
  uses.forEach((use, i) => {
    const place = places[i] ?? { kind: 'word' };
    if (place.kind === 'word') return;
    problems.push({ offset: use.start, name: use.name, message: positionMessage(template, use, place, uses, places, shell) });
  });
  return problems;
}

const WHOLE_WORD = 'a placeholder must be a whole word on its own, because its value is quoted as one word for the shell';

function positionMessage(template: string, use: PlaceholderUse, place: SpanPlace, uses: readonly PlaceholderUse[], places: readonly SpanPlace[], shell: CommandShell): string {
  const p = `{{${use.name}}}`;
  const rewrite = () => rewriteAsArgument(template, use.name, uses, places, shell);
  switch (place.kind) {
    case 'quoted':
      if (place.quote === 'single') return `${p} is inside single quotes, where the shell would keep it as text and its value's quotes would end the string: ${WHOLE_WORD}; move it out of the quotes (the value needs no quotes of yours).`;
      return `${p} is inside ${place.quote === 'double' ? 'double quotes' : "$'...' quotes"}: ${WHOLE_WORD}; ${rewrite()} or move it out of the quotes.`;
    case 'substitution':
      return `${p} is inside ${place.form === '{...}' ? "fish's brace expansion {...}" : place.form === '(...)' ? "fish's command substitution (...)" : place.form}, where its quoting would not hold: ${WHOLE_WORD}; ${rewrite()}.`;
    case 'comment':
      return `${p} is in a comment, where it does nothing; remove it, or move it before the "#".`;
    case 'heredoc':
      return `${p} is inside a here-document, where its quotes would be kept as text: ${WHOLE_WORD}; ${rewrite()}.`;
    case 'heredoc-delimiter':
      return `${p} is the delimiter of a here-document; write a fixed word there (like EOF).`;
    case 'here-string':
      return `${p} is inside a PowerShell here-string, where its quotes would be kept as text: ${WHOLE_WORD}; ${rewrite()}.`;
    case 'stop-parsing':
      return `${p} comes after --%, after which PowerShell passes the rest of the line on without reading quotes; move it before --%, or remove --%.`;
    case 'ambiguous':
      return `${p} comes after ${place.construct} quoting with a backslash in it, which bash and zsh read as one string and dash does not, so where the placeholder stands is not certain; use plain single quotes there.`;
    case 'after-dollar':
      return `${p} directly follows "$", so the shell would read it as part of an expansion: ${WHOLE_WORD}; ${rewrite()}.`;
    case 'joined': {
      const glued = [place.before !== undefined ? `"${place.before}" before it` : '', place.after !== undefined ? `"${place.after}" after it` : ''].filter((s) => s !== '').join(' and ');
      return `${p} is joined to ${glued}: ${WHOLE_WORD}, with a space (or the start) before it and a space, ";", "|", "&" or the end after it; ${rewrite()}.`;
    }
    case 'word':
      return '';
  }
}

/**
 * How to keep a longer word or a quoted string built from a value: pass the
 * value as an argument to a small inline script that uses it. Spelled out in
 * full when the template has just this one placeholder (name), else as a pattern.
 */
function rewriteAsArgument(template: string, name: string, uses: readonly PlaceholderUse[], places: readonly SpanPlace[], shell: CommandShell): string {
  const p = `{{${name}}}`;
  const generic: Record<CommandShell, string> = {
    posix: `pass the value as an argument instead: sh -c '... "$1" ...' sh ${p}`,
    fish: `pass the value as an argument instead: fish -c '... $argv[1] ...' ${p}`,
    powershell: `pass the value as an argument instead: & { param($arg) ... $arg ... } ${p}`,
  };
  // Spelled out only where the rewrite is plainly right: one placeholder, no
  // escapes or `$` glued to it, nothing in single quotes.
  const plain = uses.every((u, i) => {
    const place = places[i];
    return u.name === name && place?.kind !== 'after-dollar' && !(place?.kind === 'quoted' && place.quote !== 'double')
      && !(place?.kind === 'joined' && /[\\`]$/.test(place.before ?? '')) && place?.kind !== 'heredoc';
  });
  if (!plain) return generic[shell];
  // `sh -c "... {{x}} ..."`: the string is a script, so it becomes a single-quoted
  // one that reads "$1". (Putting "$1" into the double quotes would expand the
  // value before the inner shell reads it, which is the injection itself.)
  const script = shell === 'posix' ? /^(.*?\b(?:sh|bash|dash|zsh|ksh) -c )"((?:[^"\\]|\\.)*)"(.*)$/s.exec(template) : null;
  if (script !== null) {
    const [, head = '', inner = '', tail = ''] = script;
    const offset = head.length + 1;
    if (uses.every((u) => u.start >= offset && u.end <= offset + inner.length)) {
      const innerScript = inner.replace(/\\(["\\$`])/g, '$1').replaceAll(p, '"$1"');
      return `write \`${head}'${innerScript.replaceAll("'", "'\\''")}' sh ${p}${tail}\` (the value arrives as "$1")`;
    }
  }
  let body = '';
  let from = 0;
  uses.forEach((use, i) => {
    const place = places[i];
    const inDoubleQuotes = place?.kind === 'quoted' && place.quote === 'double';
    const reference = shell === 'posix' ? (inDoubleQuotes ? '$1' : '"$1"') : shell === 'fish' ? '$argv[1]' : '$arg';
    body += template.slice(from, use.start) + reference;
    from = use.end;
  });
  body += template.slice(from);
  if (shell === 'posix') return `write \`sh -c '${body.replaceAll("'", "'\\''")}' sh ${p}\` (the value arrives as "$1")`;
  if (shell === 'fish') return `write \`fish -c '${body.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}' ${p}\` (the value arrives as $argv[1])`;
  return `write \`& { param($arg) ${body} } ${p}\` (the value arrives as $arg)`;
}

function valueOf(values: Record<string, string | undefined>, name: string): string | undefined {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** Rebuilds the template with each well-formed placeholder replaced by `replace(name)`, or kept when that is undefined. */
function substitute(template: string, replace: (name: string) => string | undefined): string {
  const { uses } = scanPlaceholders(template);
  let text = '';
  let from = 0;
  for (const use of uses) {
    text += template.slice(from, use.start) + (replace(use.name) ?? template.slice(use.start, use.end));
    from = use.end;
  }
  return text + template.slice(from);
}
