// Which shell runs a remediation command. The extension picks it, never the
// person's default terminal profile: commands are quoted for one exact shell
// (src/core/runbook/placeholders.ts), and a value quoted for POSIX shells can
// run code in fish (issue 12, item 2).
//
// bash and shell integration: VS Code injects its integration script only
// when a bash terminal starts with no arguments (or only a login flag), by
// replacing them with `--init-file <its script>` and setting VSCODE_INJECTION,
// which makes the script source ~/.bashrc (or the login profiles) first. So
// `--noprofile --norc` would give a clean shell without integration, and no
// arguments would give integration with whatever ~/.bashrc defines (aliases
// for sudo, functions named kill...). Starting bash ourselves with
// `--noprofile --init-file <VS Code's script>` gives both: bash reads that
// script instead of ~/.bashrc, and the script, not seeing VSCODE_INJECTION,
// sources no rc file of the person's. (Debian's bash still reads the
// system-wide /etc/bash.bashrc, which only root can change.)
import type { NoIntegrationReason, TerminalShellKind } from './terminalOutcome';

export interface TerminalShellChoice {
  readonly kind: TerminalShellKind;
  readonly shellPath: string;
  readonly shellArgs: readonly string[];
  /** Variables to set (string) or remove (null) on top of the inherited environment. */
  readonly env: Readonly<Record<string, string | null>>;
  /** VS Code's shell integration script this shell loads, or why it loads none. */
  readonly integration: { readonly script: string } | { readonly none: NoIntegrationReason };
}

export interface TerminalShellInput {
  /** `process.platform`. */
  readonly platform: string;
  /** `vscode.env.appRoot`: where VS Code keeps its shell integration scripts. */
  readonly appRoot: string;
  /** `terminal.integrated.shellIntegration.enabled`. */
  readonly shellIntegrationEnabled: boolean;
  /** Whether a file exists (injected: src/core does no I/O). */
  readonly exists: (path: string) => boolean;
  /** Names of the variables the terminal would inherit (the process's and `terminal.integrated.env.*`). */
  readonly inheritedEnvNames: readonly string[];
  /** %SystemRoot% and %ProgramFiles% on Windows. */
  readonly systemRoot?: string;
  readonly programFiles?: string;
}

const SCRIPTS_DIR = ['out', 'vs', 'workbench', 'contrib', 'terminal', 'common', 'scripts'];

/**
 * Variables a shell reads at start or before every prompt or command, and so
 * could run code or change what a command means no matter what we typed:
 * PROMPT_COMMAND and the prompts run command substitutions; BASH_ENV and ENV
 * name files that bash -c / sh source; SHELLOPTS, BASHOPTS and
 * POSIXLY_CORRECT switch shell options on; GLOBIGNORE and CDPATH change what
 * words mean; HISTCONTROL/HISTIGNORE could hide our command line from the
 * integration script (which reads it from the history); TMOUT would close
 * the shell mid-wait. VSCODE_* ones would make VS Code's script skip itself
 * or source the person's rc files. Exported functions (BASH_FUNC_name%%) would
 * define `sudo` or `kill` as the function. What stays out of reach: a `sudo`
 * earlier on PATH, and variables other extensions add to every terminal.
 */
const STARTUP_VARIABLES = [
  'PROMPT_COMMAND', 'PS0', 'PS1', 'PS2', 'PS4', 'BASH_ENV', 'ENV', 'SHELLOPTS', 'BASHOPTS', 'POSIXLY_CORRECT',
  'GLOBIGNORE', 'CDPATH', 'HISTCONTROL', 'HISTIGNORE', 'TMOUT',
  'VSCODE_INJECTION', 'VSCODE_SHELL_LOGIN', 'VSCODE_SHELL_INTEGRATION',
];

/** The environment changes that keep a POSIX shell's start predictable. */
export function posixShellEnv(inheritedEnvNames: readonly string[]): Record<string, null> {
  const env: Record<string, null> = {};
  for (const name of STARTUP_VARIABLES) env[name] = null;
  for (const name of inheritedEnvNames) if (name.startsWith('BASH_FUNC_')) env[name] = null;
  return env;
}

export function chooseTerminalShell(input: TerminalShellInput): TerminalShellChoice {
  if (input.platform === 'win32') return choosePowerShell(input);
  const env = posixShellEnv(input.inheritedEnvNames);
  if (input.exists('/bin/bash')) {
    const script = [input.appRoot, ...SCRIPTS_DIR, 'shellIntegration-bash.sh'].join('/');
    const missing = !input.shellIntegrationEnabled ? 'disabled-by-setting' : !input.exists(script) ? 'script-not-found' : undefined;
    if (missing) return { kind: 'posix', shellPath: '/bin/bash', shellArgs: ['--noprofile', '--norc'], env, integration: { none: missing } };
    return { kind: 'posix', shellPath: '/bin/bash', shellArgs: ['--noprofile', '--init-file', script], env, integration: { script } };
  }
  // POSIX sh (dash, ash...): no shell integration exists for it. As an
  // interactive shell it reads only $ENV, removed above.
  return { kind: 'posix', shellPath: '/bin/sh', shellArgs: [], env, integration: { none: 'unsupported-shell' } };
}

function choosePowerShell(input: TerminalShellInput): TerminalShellChoice {
  const pwsh = input.programFiles ? `${input.programFiles}\\PowerShell\\7\\pwsh.exe` : undefined;
  const windowsPowerShell = input.systemRoot ? `${input.systemRoot}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe` : undefined;
  const shellPath = pwsh && input.exists(pwsh) ? pwsh : windowsPowerShell && input.exists(windowsPowerShell) ? windowsPowerShell : 'powershell.exe';
  // -NoProfile: no profile script can define functions or aliases for our commands.
  const base = ['-NoLogo', '-NoProfile'];
  const script = [input.appRoot, ...SCRIPTS_DIR, 'shellIntegration.ps1'].join('\\');
  const missing = !input.shellIntegrationEnabled ? 'disabled-by-setting' : !input.exists(script) ? 'script-not-found' : undefined;
  if (missing) return { kind: 'powershell', shellPath, shellArgs: base, env: {}, integration: { none: missing } };
  // Loaded as VS Code itself loads it, with the person's profiles left out
  // (VS Code injects it only for a pwsh started without arguments).
  const quoted = `'${script.replace(/'/g, "''")}'`;
  return { kind: 'powershell', shellPath, shellArgs: [...base, '-NoExit', '-Command', `try { . ${quoted} } catch {}`], env: {}, integration: { script } };
}
