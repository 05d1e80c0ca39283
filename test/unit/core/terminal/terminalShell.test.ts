// The shell choice, and what it does to a real bash: VS Code's own shell
// integration script loads, the person's ~/.bashrc does not, and variables
// from the environment cannot redefine `kill` or `sudo`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chooseTerminalShell, posixShellEnv, type TerminalShellInput } from '../../../../src/core/terminal/terminalShell';
import { stripTerminalSequences } from '../../../../src/core/terminal/stripTerminalSequences';

const SCRIPT_TAIL = 'out/vs/workbench/contrib/terminal/common/scripts/shellIntegration-bash.sh';
/** The VS Code that the integration tests run (scripts/provision-code-server.sh): its real script. */
const CODE_SERVER_APP_ROOT = resolve('.vscode-test/code-server/node_modules/code-server/lib/vscode');

function input(overrides: Partial<TerminalShellInput>): TerminalShellInput {
  return { platform: 'linux', appRoot: '/opt/vscode', shellIntegrationEnabled: true, exists: () => true, inheritedEnvNames: [], ...overrides };
}

describe('choosing the terminal shell', () => {
  it('picks bash with VS Code\'s integration script in place of the rc files', () => {
    const choice = chooseTerminalShell(input({}));
    assert.equal(choice.kind, 'posix');
    assert.equal(choice.shellPath, '/bin/bash');
    assert.deepEqual(choice.shellArgs, ['--noprofile', '--init-file', `/opt/vscode/${SCRIPT_TAIL}`]);
    assert.deepEqual(choice.integration, { script: `/opt/vscode/${SCRIPT_TAIL}` });
  });

  it('gives a clean bash without integration when the setting is off or the script is not there', () => {
    const off = chooseTerminalShell(input({ shellIntegrationEnabled: false }));
    assert.deepEqual(off.shellArgs, ['--noprofile', '--norc']);
    assert.deepEqual(off.integration, { none: 'disabled-by-setting' });
    const missing = chooseTerminalShell(input({ exists: (p) => p === '/bin/bash' }));
    assert.deepEqual(missing.shellArgs, ['--noprofile', '--norc']);
    assert.deepEqual(missing.integration, { none: 'script-not-found' });
  });

  it('falls back to /bin/sh, without integration, when there is no bash', () => {
    const choice = chooseTerminalShell(input({ exists: () => false }));
    assert.equal(choice.shellPath, '/bin/sh');
    assert.equal(choice.kind, 'posix');
    assert.deepEqual(choice.integration, { none: 'unsupported-shell' });
    assert.equal(choice.env.ENV, null, 'an interactive sh reads $ENV');
  });

  it('picks pwsh, else Windows PowerShell, without profiles, on Windows', () => {
    const pwsh = 'C:\\Program Files\\PowerShell\\7\\pwsh.exe';
    const winps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const base = { platform: 'win32', appRoot: "C:\\Users\\o'neil\\VS Code\\resources\\app", systemRoot: 'C:\\Windows', programFiles: 'C:\\Program Files' };
    const withPwsh = chooseTerminalShell(input({ ...base, exists: () => true }));
    assert.equal(withPwsh.kind, 'powershell');
    assert.equal(withPwsh.shellPath, pwsh);
    assert.deepEqual(withPwsh.shellArgs.slice(0, 4), ['-NoLogo', '-NoProfile', '-NoExit', '-Command']);
    assert.equal(withPwsh.shellArgs[4], "try { . 'C:\\Users\\o''neil\\VS Code\\resources\\app\\out\\vs\\workbench\\contrib\\terminal\\common\\scripts\\shellIntegration.ps1' } catch {}");
    const without = chooseTerminalShell(input({ ...base, exists: (p) => p === winps }));
    assert.equal(without.shellPath, winps);
    assert.deepEqual(without.shellArgs, ['-NoLogo', '-NoProfile']);
    assert.deepEqual(without.integration, { none: 'script-not-found' });
  });

  it('removes every exported bash function and the start-up variables from the environment', () => {
    const env = posixShellEnv(['PATH', 'HOME', 'BASH_FUNC_sudo%%', 'BASH_FUNC_kill%%']);
    assert.equal(env['BASH_FUNC_sudo%%'], null);
    assert.equal(env['BASH_FUNC_kill%%'], null);
    for (const name of ['PROMPT_COMMAND', 'BASH_ENV', 'ENV', 'SHELLOPTS', 'PS1', 'VSCODE_INJECTION']) assert.equal(env[name], null, name);
    assert.equal('PATH' in env, false);
    assert.equal('HOME' in env, false);
  });
});

describe('the chosen bash, run for real', () => {
  const bash = existsSync('/bin/bash');
  const script = join(CODE_SERVER_APP_ROOT, SCRIPT_TAIL);
  const skip = !bash ? 'no /bin/bash' : !existsSync(script) ? `no VS Code script at ${script} (run scripts/provision-code-server.sh)` : false;
  if (skip && process.env.CI) throw new Error(`CI must run these tests, but there is ${skip}`);
  if (skip) console.log(`# skipped: ${skip}`);

  /** A home whose ~/.bashrc redefines sudo and kill, and an environment that tries the same. */
  function hostileHome(): { home: string; env: NodeJS.ProcessEnv } {
    const home = mkdtempSync(join(tmpdir(), 'h5-home-'));
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, '.bashrc'), 'echo BASHRC-WAS-READ\nalias sudo="echo HIJACKED-SUDO"\nkill() { echo HIJACKED-KILL; }\n');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: home, TERM: 'xterm-256color',
      'BASH_FUNC_kill%%': '() { echo HIJACKED-KILL-FROM-ENV; }',
      PROMPT_COMMAND: 'echo PROMPT-COMMAND-RAN',
      BASH_ENV: join(home, '.bashrc'),
    };
    return { home, env };
  }

  /** Applies the choice's env (null removes) as the VS Code terminal does on top of what it inherits. */
  function applyEnv(inherited: NodeJS.ProcessEnv, changes: Readonly<Record<string, string | null>>): NodeJS.ProcessEnv {
    const env = { ...inherited };
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    return env;
  }

  it('loads VS Code\'s integration script, not ~/.bashrc, and nothing redefines kill or sudo', { skip }, () => {
    const { home, env } = hostileHome();
    try {
      const choice = chooseTerminalShell({ platform: 'linux', appRoot: CODE_SERVER_APP_ROOT, shellIntegrationEnabled: true, exists: existsSync, inheritedEnvNames: Object.keys(env) });
      const run = spawnSync(choice.shellPath, [...choice.shellArgs, '-i', '-c', 'echo "kill is $(type -t kill), sudo is $(type -t sudo || echo none), integration=${VSCODE_SHELL_INTEGRATION:-off}"; bash -c "type -t kill"'], {
        env: applyEnv(env, choice.env), encoding: 'utf8', cwd: home,
        // stdin from /dev/null, as a terminal's is a pty: Node's pipes are socketpairs, and a
        // non-interactive bash whose stdin is a socket reads ~/.bashrc (Debian's "run by sshd" rule).
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out = stripTerminalSequences(run.stdout);
      assert.doesNotMatch(out, /BASHRC-WAS-READ|HIJACKED|PROMPT-COMMAND-RAN/, out);
      assert.match(out, /kill is builtin, sudo is (file|none), integration=1\n/, out);
      assert.match(out, /^builtin$/m, 'a bash -c inside the command reads no BASH_ENV either');
      // VS Code's marks came out: the script really ran.
      assert.ok(run.stdout.includes('\x1b]633;P;HasRichCommandDetection=True\x07'), run.stdout);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('shows what VS Code\'s own injection would have done: the same script with VSCODE_INJECTION sources ~/.bashrc', { skip }, () => {
    // This is why the module does not leave bash's arguments empty for VS Code to inject.
    const { home, env } = hostileHome();
    try {
      const run = spawnSync('/bin/bash', ['--init-file', script, '-i', '-c', 'type -t sudo'], {
        env: { ...env, VSCODE_INJECTION: '1', 'BASH_FUNC_kill%%': undefined, PROMPT_COMMAND: undefined, BASH_ENV: undefined }, encoding: 'utf8', cwd: home,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out = stripTerminalSequences(run.stdout);
      assert.match(out, /BASHRC-WAS-READ/);
      assert.match(out, /^alias$/m);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
