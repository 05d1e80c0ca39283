// Runs many filled commands in one real shell process: every program the
// commands call is replaced by a shell function that appends its argv,
// NUL-separated, to a log, so a batch of thousands of commands costs one
// process instead of thousands, and what each command really ran can be read
// back. Anything the fakes do not cover (an injected `touch`) runs for real,
// in a scratch directory that must stay empty.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { ShellKind } from '../../src/core/shell/shellKind';

export interface TestShell {
  /** bash, dash, zsh or fish. */
  name: string;
  kind: Exclude<ShellKind, 'powershell'>;
  /** The program and the arguments that run a script file without reading any startup file. */
  argv: (script: string) => string[];
}

export const TEST_SHELLS: readonly TestShell[] = [
  { name: 'bash', kind: 'posix', argv: (script) => ['bash', '--norc', '--noprofile', '-O', 'expand_aliases', script] },
  { name: 'dash', kind: 'posix', argv: (script) => ['dash', script] },
  { name: 'zsh', kind: 'posix', argv: (script) => ['zsh', '-f', script] },
  { name: 'fish', kind: 'fish', argv: (script) => ['fish', '--no-config', script] },
];

/** One call a command made: the program's name, then its arguments. */
export type Call = string[];

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', 'function', 'begin', 'end',
  'and', 'or', 'not', 'time', '!', '{', '}', '[[', ']]', 'command', 'builtin', 'exec', 'set', 'export', 'local', 'return', 'exit', 'eval', 'source', '.']);

/**
 * The programs a command line calls: the first word of each simple command
 * (at the start, after `;`, `|`, `&`, `(`, `$(` or a backtick), skipping
 * assignments. Placeholders count as words, so `{{x}} --stop` yields nothing.
 */
export function programsCalled(commandLine: string): string[] {
  const programs = new Set<string>();
  for (const piece of commandLine.replace(/\{\{[^}]*\}\}/g, '{{}}').split(/\$\(|[;&|()`\n]/)) {
    const words = piece.trim().split(/\s+/).filter((w) => w !== '' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const first = words[0];
    if (first !== undefined && first !== '{{}}' && /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/.test(first) && !RESERVED.has(first)) programs.add(first);
  }
  return [...programs].sort();
}

/** Shell code that defines a fake for each program, logging `name args...` to $LOG. */
export function fakePrelude(shell: TestShell, programs: readonly string[], log: string): string {
  const quotedLog = `'${log.replaceAll("'", shell.kind === 'fish' ? "\\'" : "'\\''")}'`;
  if (shell.kind === 'fish') {
    return [
      `set -g __log_file ${quotedLog}`,
      // An empty argument ends each call: no real value is empty (fillCommand refuses those).
      "function __log; printf '%s\\0' $argv '' >> $__log_file; end",
      ...programs.map((p) => `function ${p}; __log ${p} $argv; end`),
      '',
    ].join('\n');
  }
  return [
    `__log_file=${quotedLog}`,
    "__log() { printf '%s\\0' \"$@\" '' >> \"$__log_file\"; }",
    // POSIX function names cannot hold "-" (dash refuses `apt-get()`): an alias names the function.
    ...programs.map((p) => {
      const fn = `__fake_${p.replace(/[^A-Za-z0-9_]/g, '_')}`;
      return `${fn}() { __log ${p} "$@"; }\nalias ${p}=${fn}`;
    }),
    '',
  ].join('\n');
}

/** Reads the log back as calls. */
export function readCalls(log: string): Call[] {
  const fields = readFileSync(log).toString('utf8').split('\0');
  const calls: Call[] = [];
  let current: string[] = [];
  for (const field of fields.slice(0, -1)) {
    if (field === '') {
      calls.push(current);
      current = [];
    } else current.push(field);
  }
  return calls;
}

/**
 * Writes `lines` after the prelude into `script` and runs it in `cwd`, with
 * HOME there too (so `~` lands where files are counted); the shell's own
 * state (fish keeps ~/.config/fish and ~/.local/share/fish) goes to `stateDir`.
 */
export async function runScript(shell: TestShell, script: string, prelude: string, lines: readonly string[], cwd: string, stateDir: string, timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  writeFileSync(script, `${prelude}${lines.join('\n')}\n`);
  const [program = 'sh', ...args] = shell.argv(script);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, LANG: 'C.UTF-8', XDG_CONFIG_HOME: stateDir, XDG_DATA_HOME: stateDir, XDG_CACHE_HOME: stateDir, XDG_STATE_HOME: stateDir };
  const child = spawn(program, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { if (stderr.length < 20_000) stderr += chunk.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stderr };
}
