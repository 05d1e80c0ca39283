// Remediation commands in a visible terminal, in the real editor: the shell is
// the one the extension chose (not the person's default profile), shell
// integration reports the real exit code and output, a cancelled command is
// interrupted, and without shell integration the person is asked.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../helpers';
import { browserBridgeAvailable, fillInWorkbench, pressKey, waitForText } from '../browserBridge';
import { chooseShellForTerminal } from '../../../src/extension/terminal/terminalShellChoice';
import { runInVisibleTerminal } from '../../../src/extension/terminal/runInVisibleTerminal';
import type { TerminalOutcome } from '../../../src/core/terminal/terminalOutcome';
import { fillCommand } from '../../../src/core/runbook/placeholders';
import { recordedStatus } from '../../support/recordedStatus';

const QUICK_INPUT = '.quick-input-widget input.input';
const terminalSettings = () => vscode.workspace.getConfiguration('terminal.integrated');

function assertIntegration(outcome: TerminalOutcome | undefined): asserts outcome is Extract<TerminalOutcome, { how: 'shell-integration' }> {
  assert.ok(outcome, 'no outcome');
  assert.equal(outcome.how, 'shell-integration', JSON.stringify(outcome));
}

describe('running a remediation command in a visible terminal', function () {
  this.timeout(60_000);
  const names: string[] = [];
  const name = (what: string) => { const n = `Runbook test: ${what}`; names.push(n); return n; };

  before(async function () {
    if (process.platform !== 'linux') this.skip();
    await activateExtension();
    // The person's default shell is dash: commands quoted for bash must not land there.
    await terminalSettings().update('profiles.linux', { 'dash (runbook test)': { path: '/bin/dash' } }, vscode.ConfigurationTarget.Global);
    await terminalSettings().update('defaultProfile.linux', 'dash (runbook test)', vscode.ConfigurationTarget.Global);
    const shell = await waitFor(() => (vscode.env.shell === '/bin/dash' ? vscode.env.shell : undefined), 10_000);
    assert.equal(shell, '/bin/dash', `the default shell setting took effect (vscode.env.shell is ${vscode.env.shell})`);
  });

  afterEach(async () => {
    for (const t of vscode.window.terminals) if (names.includes(t.name)) t.dispose();
    await terminalSettings().update('shellIntegration.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await terminalSettings().update('defaultProfile.linux', undefined, vscode.ConfigurationTarget.Global);
    await terminalSettings().update('profiles.linux', undefined, vscode.ConfigurationTarget.Global);
    await terminalSettings().update('shellIntegration.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('chooses bash with VS Code\'s shell integration script, whatever the default profile says', () => {
    const shell = chooseShellForTerminal();
    assert.equal(shell.kind, 'posix');
    assert.equal(shell.shellPath, '/bin/bash');
    assert.ok('script' in shell.integration, JSON.stringify(shell.integration));
  });

  it('records a failing command\'s exit code and output, and the step fails', async () => {
    const outcome = await runInVisibleTerminal({ commandLine: "sh -c 'echo failing-output; exit 3'", terminalName: name('exit 3'), shell: chooseShellForTerminal() });
    assertIntegration(outcome);
    assert.equal(outcome.exitCode, 3);
    // A line of its own: the command's output, not the echo of the command line.
    assert.match(outcome.output, /^failing-output$/m, outcome.output);
    assert.doesNotMatch(outcome.output, /echo failing-output/, 'the command line itself is not part of the output');
    assert.equal(outcome.output.includes('\x1b'), false, `escape sequences left in ${JSON.stringify(outcome.output)}`);
    assert.equal(outcome.shell, 'posix');
    assert.ok(Date.parse(outcome.endedAt) >= Date.parse(outcome.startedAt));
    assert.equal(recordedStatus(outcome), 'failed');
  });

  it('records a succeeding command with exit code 0, run by bash and not by the default dash', async () => {
    const outcome = await runInVisibleTerminal({
      commandLine: 'echo "shell=$0 bash=${BASH_VERSION:-none}"; ps -o comm= -p $$',
      terminalName: name('exit 0'), shell: chooseShellForTerminal(),
    });
    assertIntegration(outcome);
    assert.equal(outcome.exitCode, 0);
    assert.match(outcome.output, /bash=\d+\.\d+/, outcome.output);
    assert.match(outcome.output, /^bash\s*$/m, `the shell process is bash: ${outcome.output}`);
    assert.doesNotMatch(outcome.output, /dash/);
    assert.equal(recordedStatus(outcome), 'passed');
  });

  it('ignores the person\'s terminal env setting where it would redefine kill or hook every prompt', async function () {
    this.timeout(120_000); // two terminals, each waiting for its shell integration on a loaded machine
    try {
      const command = 'type -t kill';
      // Control: without the module's environment changes the setting does take effect. Only the
      // function here: a hijacked PROMPT_COMMAND can also keep shell integration from reporting,
      // and the control must not fall back to asking a person nobody is there to be.
      await terminalSettings().update('env.linux', { 'BASH_FUNC_kill%%': '() { echo HIJACKED-KILL; }' }, vscode.ConfigurationTarget.Global);
      const control = await runInVisibleTerminal({ commandLine: command, terminalName: name('env control'), shell: { ...chooseShellForTerminal(), env: {} } });
      assertIntegration(control);
      assert.match(control.output, /^function\s*$/m, `the setting reaches a terminal: ${control.output}`);
      await terminalSettings().update('env.linux', { 'BASH_FUNC_kill%%': '() { echo HIJACKED-KILL; }', PROMPT_COMMAND: 'echo HIJACKED-PROMPT' }, vscode.ConfigurationTarget.Global);
      const outcome = await runInVisibleTerminal({ commandLine: command, terminalName: name('env'), shell: chooseShellForTerminal() });
      assertIntegration(outcome);
      assert.equal(outcome.exitCode, 0);
      assert.match(outcome.output, /^builtin\s*$/m, outcome.output);
      assert.doesNotMatch(outcome.output, /HIJACKED/);
    } finally {
      await terminalSettings().update('env.linux', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps a long output to its limit, head and tail, and says so', async () => {
    const outcome = await runInVisibleTerminal({
      commandLine: 'echo first-line; seq 1 20000; echo last-line', terminalName: name('long output'), shell: chooseShellForTerminal(), outputLimit: 4096,
    });
    assertIntegration(outcome);
    assert.equal(outcome.exitCode, 0);
    assert.ok(outcome.outputCutChars > 50_000, `cut ${outcome.outputCutChars}`);
    assert.ok(outcome.output.length < 4096 + 100, `kept ${outcome.output.length}`);
    assert.match(outcome.output, /^first-line\n1\n2\n/);
    assert.match(outcome.output, /20000\nlast-line\n?$/);
    assert.match(outcome.output, /characters of output left out/);
  });

  it('on cancel, sends Ctrl+C, stops waiting and says the command was interrupted', async () => {
    const source = new vscode.CancellationTokenSource();
    const begun = Date.now();
    const running = runInVisibleTerminal({ commandLine: 'echo started; sleep 31.7; echo not-reached', terminalName: name('cancel'), shell: chooseShellForTerminal() }, source.token);
    const seen = await waitFor(() => spawnSync('pgrep', ['-f', 'sleep 31.7']).status === 0, 15_000);
    assert.ok(seen, 'the command started');
    source.cancel();
    const outcome = await running;
    assert.ok(outcome && outcome.how === 'interrupted', JSON.stringify(outcome));
    assert.equal(outcome.cause, 'cancelled');
    assert.equal(outcome.stage, 'running');
    assert.equal(outcome.exitCode, 130, 'bash reports the interrupted command as 130');
    assert.match(outcome.output, /^started$/m);
    assert.doesNotMatch(outcome.output, /not-reached/);
    assert.ok(Date.now() - begun < 20_000);
    assert.equal(recordedStatus(outcome), 'failed');
    const gone = await waitFor(() => spawnSync('pgrep', ['-f', 'sleep 31.7']).status !== 0, 5_000);
    assert.ok(gone, 'Ctrl+C ended the sleep');
  });

  it('says the command was interrupted when the person closes its terminal', async () => {
    const terminalName = name('closed');
    const running = runInVisibleTerminal({ commandLine: 'sleep 31.9', terminalName, shell: chooseShellForTerminal() });
    assert.ok(await waitFor(() => spawnSync('pgrep', ['-f', 'sleep 31.9']).status === 0, 15_000), 'the command started');
    vscode.window.terminals.find((t) => t.name === terminalName)?.dispose();
    const outcome = await running;
    assert.ok(outcome && outcome.how === 'interrupted', JSON.stringify(outcome));
    assert.equal(outcome.cause, 'terminal-closed');
    assert.equal(outcome.stage, 'running');
    assert.equal(recordedStatus(outcome), 'failed');
  });

  it('without shell integration, asks the person and records their answer as theirs', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge to answer the question (desktop VS Code run)');
      this.skip();
    }
    await terminalSettings().update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global);
    const shell = chooseShellForTerminal();
    assert.deepEqual(shell.integration, { none: 'disabled-by-setting' });
    assert.deepEqual(shell.shellArgs, ['--noprofile', '--norc']);
    const running = runInVisibleTerminal({ commandLine: 'sh -c "exit 4"', terminalName: name('no integration'), shell });
    const title = await waitForText('.quick-input-widget .quick-input-title', /How did the command in terminal "Runbook test: no integration" end\?/, 20_000);
    assert.ok(title, 'the question was shown');
    await fillInWorkbench(QUICK_INPUT, 'It failed');
    await pressKey('Enter');
    const outcome = await running;
    assert.ok(outcome && outcome.how === 'person-said', JSON.stringify(outcome));
    assert.equal(outcome.outcome, 'failed');
    assert.equal(outcome.reason, 'disabled-by-setting');
    assert.equal(recordedStatus(outcome), 'failed');
  });

  it('asks the person about a command of several lines, whose end VS Code does not report', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge to answer the question (desktop VS Code run)');
      this.skip();
    }
    const shell = chooseShellForTerminal();
    assert.ok('script' in shell.integration, 'shell integration is on for this test');
    const running = runInVisibleTerminal({ commandLine: 'echo one\necho two', terminalName: name('two lines'), shell });
    assert.ok(await waitForText('.quick-input-widget .quick-input-title', /Runbook test: two lines/, 20_000), 'the question was shown');
    await fillInWorkbench(QUICK_INPUT, 'It succeeded');
    await pressKey('Enter');
    const outcome = await running;
    assert.ok(outcome && outcome.how === 'person-said', JSON.stringify(outcome));
    assert.equal(outcome.outcome, 'succeeded');
    assert.equal(outcome.reason, 'multi-line-command');
    assert.equal(recordedStatus(outcome), 'passed');
  });

  it('without shell integration, "I did not run it" records nothing', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge to answer the question (desktop VS Code run)');
      this.skip();
    }
    await terminalSettings().update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global);
    const running = runInVisibleTerminal({ commandLine: 'true', terminalName: name('not run'), shell: chooseShellForTerminal() });
    assert.ok(await waitForText('.quick-input-widget .quick-input-title', /Runbook test: not run/, 20_000), 'the question was shown');
    await fillInWorkbench(QUICK_INPUT, 'did not run');
    await pressKey('Enter');
    assert.equal(await running, undefined);
  });

  it('with fish as the default profile, a process named x\\\';touch pwn;# runs no code: the command goes to bash, quoted for bash', async function () {
    if (!existsSync('/usr/bin/fish')) {
      if (process.env.CI) assert.fail('fish is not installed: CI installs it (scripts/system-packages.json)');
      this.skip();
    }
    const hostileName = "x\\';touch pwn;#"; // fits a process name (15 bytes); POSIX-quoted, fish would run touch
    const scratch = mkdtempSync(join(tmpdir(), 'fish-default-'));
    try {
      await terminalSettings().update('profiles.linux', { 'fish (runbook test)': { path: '/usr/bin/fish' } }, vscode.ConfigurationTarget.Global);
      await terminalSettings().update('defaultProfile.linux', 'fish (runbook test)', vscode.ConfigurationTarget.Global);
      assert.equal(await waitFor(() => (vscode.env.shell === '/usr/bin/fish' ? vscode.env.shell : undefined), 10_000), '/usr/bin/fish');
      const shell = chooseShellForTerminal();
      assert.equal(shell.shellPath, '/bin/bash');
      const filled = fillCommand('printf %s {{process.name}}', { 'process.name': hostileName }, shell.kind);
      assert.deepEqual([filled.missing, filled.rejected], [[], []]);
      const outcome = await runInVisibleTerminal({ commandLine: `cd ${scratch} && ${filled.text}; echo`, terminalName: name('fish default'), shell });
      assertIntegration(outcome);
      assert.equal(outcome.exitCode, 0);
      assert.ok(outcome.output.split('\n').includes(hostileName), `the name came back whole: ${JSON.stringify(outcome.output)}`);
      assert.deepEqual(readdirSync(scratch), [], 'nothing was created: the name ran no code');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      await terminalSettings().update('profiles.linux', { 'dash (runbook test)': { path: '/bin/dash' } }, vscode.ConfigurationTarget.Global);
      await terminalSettings().update('defaultProfile.linux', 'dash (runbook test)', vscode.ConfigurationTarget.Global);
    }
  });
});
