// Remediation commands from the run panel, in the real editor: a real
// detection finds a real DHT node (held by this extension host), the panel
// offers that finding's commands, and a click runs one in a visible terminal
// through shell integration. A failing command fails its item with its output
// in the record; a succeeding one passes with its exit code; a placeholder
// without a value disables its button with the reason; only this system's
// commands are offered. The workspace runbook's commands change nothing
// (test/workspace/.runbooks/remediation-commands.md).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../helpers';
import { browserBridgeAvailable, clickInWebview, pressKey, queryWebview, waitForText } from '../browserBridge';
import { startNodeOnBitTorrentPort, type RunningDhtNode } from '../../support/realDhtNodes';
import { paletteEntries } from './palette';
import { readRunRecords } from '../runRecords';
import { runFindings } from '../../../src/core/run/stepRunner';
import type { ActionResult, RunRecord } from '../../../src/core/run/types';
import type { Finding } from '../../../src/core/findings/types';
import { itemElementId } from '../../../src/extension/run/workItemHtml';

const RUNBOOK = 'remediation-commands-test';

function latestRecord(): RunRecord {
  const records = readRunRecords().filter((r) => r.runbook.id === RUNBOOK) as unknown as RunRecord[];
  const record = records.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).at(-1);
  assert.ok(record, 'no run record of the test runbook in .runbook-runs/');
  return record;
}

function commandResults(record: RunRecord, stepId: string, findingId: string): Extract<ActionResult, { kind: 'command' }>[] {
  return (record.steps[stepId]?.findings?.[findingId]?.results ?? []).filter((r): r is Extract<ActionResult, { kind: 'command' }> => r.kind === 'command');
}

/**
 * Waits until the command's result is recorded. Should shell integration not
 * report in, the extension asks the person instead: fail with that, plainly,
 * rather than time out.
 */
async function untilRecorded(stepId: string, findingId: string): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (commandResults(latestRecord(), stepId, findingId).length > 0) return;
    const asked = await waitForText('.quick-input-widget .quick-input-title', /How did the command in terminal/, 500);
    if (asked !== undefined) {
      await pressKey('Escape');
      assert.fail(`shell integration did not report the command, so the person was asked: ${asked}`);
    }
  }
  assert.fail(`no result of ${stepId} was recorded within 60 s`);
}

describe('remediation commands from the run panel', function () {
  this.timeout(120_000);
  let node: RunningDhtNode;
  let finding: Finding;
  const item = (stepId: string) => `#${itemElementId(stepId, finding.id)}`;

  before(async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run)');
      this.skip();
    }
    if (process.platform !== 'linux') this.skip();
    await activateExtension();
    node = await startNodeOnBitTorrentPort();
    await vscode.commands.executeCommand('runbook.startRun', { runbookId: RUNBOOK, targets: { mode: 'this-machine' } });
    await queryWebview('#run-root');
    await clickInWebview('button[data-command="runPhase"][data-phase="detection"]');
    await queryWebview('#step-list-sockets[data-status="attention"]', 90_000);
    // The DHT node runs in this extension host: its finding is this process.
    const found = runFindings(latestRecord()).find((f) => f.pid === process.pid);
    assert.ok(found, `detection found no finding for pid ${process.pid}: ${runFindings(latestRecord()).map((f) => f.title).join(', ')}`);
    finding = found;
    await queryWebview(`${item('check-process')}[data-status="pending"]`, 20_000);
  });

  after(async () => {
    for (const t of vscode.window.terminals) if (t.name.startsWith('Runbook: ')) t.dispose();
    // The next suites find their run panel's buttons by selector: this run's panel must not answer them.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await node?.close();
  });

  it('offers only this system\'s commands for the finding; the others wait under "Commands for other systems or installs"', async () => {
    const commands = await queryWebview(`${item('check-process')} .command`);
    assert.equal(commands.length, 1, commands.map((c) => c.text).join(' | '));
    assert.match(commands[0]!.html, /data-os="linux"/);
    const text = await queryWebview(`${item('check-process')} .command .command-text`);
    assert.equal(text[0]!.text, `kill -0 ${process.pid}`);
    assert.equal((await queryWebview(`${item('check-process')} button[data-command="runCommand"]`)).length, 1);
    const others = await queryWebview(`${item('check-process')} details.other-commands li`);
    assert.deepEqual(others.map((o) => /data-os="(\w+)"/.exec(o.html)?.[1] ?? o.text.split(' ')[0]).sort(), ['macos', 'windows']);
    assert.ok(others.some((o) => o.text.includes('Get-Process')));
    // An `if:` the finding does not meet (dnf) keeps its command out of the way too.
    const unfillable = await queryWebview(`${item('unfillable-command')}`);
    const offeredPart = unfillable[0]!.html.slice(0, unfillable[0]!.html.indexOf('<details'));
    assert.doesNotMatch(offeredPart, /dnf-only/);
    assert.match(unfillable[0]!.html, /<details class="other-commands">[^]*dnf-only/);
  });

  it('disables a command whose placeholder has no value, with the reason on the button and in the text', async () => {
    const button = await queryWebview(`${item('unfillable-command')} button[data-command="runCommand"]`);
    assert.equal(button.length, 1);
    assert.match(button[0]!.html, / disabled/);
    assert.match(button[0]!.html, /title="Cannot run: \{\{service\.target\}\} has no value/);
    const problems = await queryWebview(`${item('unfillable-command')} .command-problems`);
    assert.match(problems[0]!.text, /\{\{service\.target\}\} has no value/);
    assert.doesNotMatch(problems[0]!.text, /\{\{\{|\{0\}/, 'no l10n braces leak');
    assert.deepEqual(commandResults(latestRecord(), 'unfillable-command', finding.id), []);
  });

  it('runs a failing command after the confirmation: exit code 3 and its output in the record, and the item fails', async () => {
    await clickInWebview(`${item('failing-command')} button[data-command="runCommand"]`);
    const title = await waitForText('.quick-input-widget .quick-input-title', /Run this command in a terminal\?/);
    assert.ok(title, 'the confirmation asks before anything runs');
    const shown = await waitForText('.quick-input-widget .monaco-list-row', /echo remediation-output; exit 3/);
    assert.ok(shown, 'the confirmation shows the exact command');
    await pressKey('Enter');
    await untilRecorded('failing-command', finding.id);
    await queryWebview(`${item('failing-command')}[data-status="failed"] .result-command`, 20_000);
    const [result] = commandResults(latestRecord(), 'failing-command', finding.id);
    assert.ok(result, 'the command result is in the record');
    assert.equal(result.exitCode, 3);
    assert.equal(result.reportedBy, 'shell-integration');
    assert.match(result.output ?? '', /^remediation-output$/m);
    assert.equal(result.actionId, 'failing-command.1');
    assert.equal(latestRecord().steps['failing-command']?.findings?.[finding.id]?.status, 'failed');
    // No live button on a finished item.
    assert.equal((await queryWebview(`${item('failing-command')} button[data-command="runCommand"]`, 1_000).catch(() => [])).length, 0);
  });

  it('runs a succeeding command after the confirmation: exit code 0 recorded, and the item passes', async () => {
    await clickInWebview(`${item('check-process')} button[data-command="runCommand"]`);
    assert.ok(await waitForText('.quick-input-widget .quick-input-title', /Run this command in a terminal\?/));
    assert.ok(await waitForText('.quick-input-widget .monaco-list-row', new RegExp(`kill -0 ${process.pid}`)));
    await pressKey('Enter');
    await untilRecorded('check-process', finding.id);
    await queryWebview(`${item('check-process')}[data-status="passed"] .result-command`, 20_000);
    const [result] = commandResults(latestRecord(), 'check-process', finding.id);
    assert.ok(result);
    assert.equal(result.exitCode, 0);
    assert.equal(result.reportedBy, 'shell-integration');
    assert.equal(result.commandLine, `kill -0 ${process.pid}`);
    assert.equal(latestRecord().steps['check-process']?.findings?.[finding.id]?.status, 'passed');
  });

  it('after a command marked "ends: process", waits for the process, records that it still ran, and fails the item', async () => {
    await clickInWebview(`${item('claims-to-end')} button[data-command="runCommand"]`);
    assert.ok(await waitForText('.quick-input-widget .quick-input-title', /Run this command in a terminal\?/));
    await pressKey('Enter');
    // The wait shows itself while it lasts (10 s: this process does not end).
    assert.ok(await waitForText('.notifications-toasts .notification-list-item-message', new RegExp(`Waiting for process ${process.pid} `), 20_000),
      'no notification of the wait');
    await untilRecorded('claims-to-end', finding.id);
    const [result] = commandResults(latestRecord(), 'claims-to-end', finding.id);
    assert.ok(result);
    assert.equal(result.exitCode, 0);
    assert.match(result.output ?? '', new RegExp(`^\\[process ${process.pid} still ran 1\\d\\.\\d s after the command\\]$`, 'm'));
    assert.deepEqual(result.effect, { ends: 'process', seen: 'no' });
    // Exit code 0, but the process it was to end still runs: the item fails.
    assert.equal(latestRecord().steps['claims-to-end']?.findings?.[finding.id]?.status, 'failed');
    await queryWebview(`${item('claims-to-end')}[data-status="failed"]`, 20_000);
  });

  it('offers the run\'s palette commands while its panel is open, and hides them once the last run panel closes', async () => {
    assert.ok((await paletteEntries('Runbook: Skip Step')).some((t) => /Skip Step/.test(t)), 'Skip Step is in the palette while the run is open');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const end = Date.now() + 10_000;
    let entries = await paletteEntries('Runbook: Skip Step');
    while (entries.some((t) => /Skip Step/.test(t)) && Date.now() < end) entries = await paletteEntries('Runbook: Skip Step');
    assert.deepEqual(entries.filter((t) => /Skip Step/.test(t)), [], 'Skip Step left the palette with the last run panel');
    // The run is still on disk: it can still be exported.
    assert.ok((await paletteEntries('Runbook: Export Run Report')).some((t) => /Export Run Report/.test(t)));
    // Opened again (as the Runs view opens it), its panel brings the commands back.
    await vscode.commands.executeCommand('runbook.openRun', latestRecord().runId);
    await queryWebview('#run-root');
    const back = Date.now() + 10_000;
    entries = await paletteEntries('Runbook: Skip Step');
    while (!entries.some((t) => /Skip Step/.test(t)) && Date.now() < back) entries = await paletteEntries('Runbook: Skip Step');
    assert.ok(entries.some((t) => /Skip Step/.test(t)), 'Skip Step came back with the reopened run panel');
  });
});
