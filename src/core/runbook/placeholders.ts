// Placeholders in command templates (`systemctl stop {{service}}`), and the
// quoting that makes a value safe to paste into a shell. The values come from
// detection: process names and paths are whatever a program chose to call
// itself, so every value is treated as hostile.
import type { CommandOs, PlaceholderName } from './model';

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

/** Replaces each placeholder that has a value; the others stay as written and are listed in `missing`. */
export function fillPlaceholders(template: string, values: Record<string, string | undefined>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = substitute(template, (name) => {
    const value = valueOf(values, name);
    if (value === undefined && !missing.includes(name)) missing.push(name);
    return value;
  });
  return { text, missing };
}

export type CommandShell = 'posix' | 'powershell';

/** linux and macos commands run in a POSIX shell (bash, zsh, dash); windows ones in PowerShell. */
export function shellForOs(os: CommandOs): CommandShell {
  return os === 'windows' ? 'powershell' : 'posix';
}

export interface RejectedValue {
  name: string;
  reason: string;
}

export interface FilledCommand {
  /** Ready to run only when `missing` and `rejected` are both empty. */
  text: string;
  missing: string[];
  rejected: RejectedValue[];
}

const MAX_VALUE_LENGTH = 4096;

/**
 * Fills a command template, quoting every value for `shell`. A value that no
 * quoting makes safe (control characters, a leading "-" that a program would
 * read as an option) is rejected and its placeholder left in place.
 */
export function fillCommand(template: string, values: Record<string, string | undefined>, shell: CommandShell): FilledCommand {
  const missing: string[] = [];
  const rejected: RejectedValue[] = [];
  const text = substitute(template, (name) => {
    const value = valueOf(values, name);
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return undefined;
    }
    const reason = unsafeValueReason(value);
    if (reason !== undefined) {
      if (!rejected.some((r) => r.name === name)) rejected.push({ name, reason });
      return undefined;
    }
    return quoteForShell(value, shell);
  });
  return { text, missing, rejected };
}

/** Why a value may not go into a command at all, or undefined when it may. */
export function unsafeValueReason(value: string): string | undefined {
  if (value === '') return 'the value is empty';
  if (value.length > MAX_VALUE_LENGTH) return `the value is longer than ${MAX_VALUE_LENGTH} characters`;
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    // C0 and C1 controls: a newline would run a second command in the terminal, escapes would repaint it.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'the value contains a control character';
  }
  if (value.startsWith('-')) return 'the value starts with "-", which a program would read as an option';
  return undefined;
}

export function quoteForShell(value: string, shell: CommandShell): string {
  return shell === 'posix' ? quotePosix(value) : quotePowerShell(value);
}

/** Characters no POSIX shell (bash, zsh, dash) treats specially, at the start or inside a word. */
const POSIX_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/;

/** A POSIX shell word: as it is when nothing in it is special, else in single quotes ('\'' for a quote). */
export function quotePosix(value: string): string {
  if (POSIX_SAFE.test(value)) return value;
  return `'${value.replaceAll("'", "'\\''")}'`;
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
