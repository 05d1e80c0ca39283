// Walking the bundled runbook in the real editor: the run panel, a real DHT
// node on a BitTorrent port of loopback, the detection phase run by a click
// in the webview, and the results read back from the page.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../helpers';
import { browserBridgeAvailable, clickInWebview, fillInWorkbench, pressKey, queryWebview, screenshot, waitForText } from '../browserBridge';

const QUICK_INPUT = '.quick-input-widget input.input';
import { startNodeOnBitTorrentPort, type RunningDhtNode } from '../../support/realDhtNodes';
import { readRunRecords, runRecordsDir } from '../runRecords';
import { RunStore } from '../../../src/node/run/runStore';
import { setNote } from '../../../src/core/run/runState';
import { runFindings } from '../../../src/core/run/stepRunner';
import type { RunRecord } from '../../../src/core/run/types';
import { itemElementId } from '../../../src/extension/run/workItemHtml';

/** The finding of the DHT node this extension host holds, in the bundled runbook's latest run. */
function ownFinding(): { id: string; record: RunRecord } {
  const record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht') as unknown as RunRecord;
  const finding = runFindings(record).find((f) => f.pid === process.pid);
  assert.ok(finding, `no finding for pid ${process.pid}`);
  return { id: finding.id, record };
}
const item = (stepId: string) => `#${itemElementId(stepId, ownFinding().id)}`;

describe('walking a run of the bundled runbook', () => {
  let node: RunningDhtNode;
  before(async () => {
    await activateExtension();
    node = await startNodeOnBitTorrentPort();
  });
  // The node stays up for the after-reload stage's records only as data; the process is this host's.
  after(async () => { await node?.close(); });

  it('shows a workspace runbook\'s mistake in the Problems panel, at its line', async () => {
    const [broken] = await vscode.workspace.findFiles('.runbooks/broken.md');
    assert.ok(broken, 'the test workspace has .runbooks/broken.md');
    const diagnostics = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(broken);
      return found.length > 0 ? found : undefined;
    }, 20_000);
    assert.ok(diagnostics, 'no diagnostics for broken.md');
    assert.equal(diagnostics[0]!.range.start.line, 19);
    assert.match(diagnostics[0]!.message, /reboot-the-world/);
    assert.equal(diagnostics[0]!.source, 'runbook');
  });

  it('runs the detection phase from the panel and shows the DHT node it found', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run)');
      this.skip();
    }
    this.timeout(120_000);
    await vscode.commands.executeCommand('runbook.startRun', { runbookId: 'bittorrent-mainline-dht', targets: { mode: 'this-machine' } });
    await queryWebview('#run-root');
    await clickInWebview('button[data-command="runPhase"][data-phase="detection"]');
    const probed = await queryWebview('#step-probe-this-machine[data-status="attention"]', 90_000);
    assert.equal(probed.length, 1);
    const nodes = await queryWebview(`#step-probe-this-machine .dht-nodes li[data-endpoint="127.0.0.1:${node.port}"]`);
    assert.match(nodes[0]!.text, new RegExp(`127\\.0\\.0\\.1:${node.port}`));
    // Wait for the phase's last step too, so the record below is complete.
    await queryWebview('#step-probe-run-targets[data-status="attention"]', 60_000);
    const listing = await queryWebview('#step-list-sockets[data-status="attention"] .result-check');
    assert.match(listing[0]!.text, /confirmed by KRPC reply/);

    // The record on disk says the same, step by step.
    const record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht');
    assert.ok(record, 'no run record in .runbook-runs/');
    assert.equal(record.steps['probe-this-machine']?.status, 'attention');
    assert.equal(record.steps['list-sockets']?.status, 'attention');
    assert.equal(record.steps['policy-decision']?.status, 'pending');
  });

  it('records a decision answered in the panel for its finding, with its justification, and skips that finding\'s steps it rules out', async function () {
    if (!browserBridgeAvailable()) this.skip();
    const { id } = ownFinding();
    await clickInWebview(`${item('policy-decision')} button[data-command="answerDecision"][data-answer="not permitted"]`);
    await fillInWorkbench(QUICK_INPUT, 'File sharing is not allowed on servers (policy IT-7).');
    await pressKey('Enter');
    await queryWebview(`${item('policy-decision')}[data-status="passed"] .result-decision`, 20_000);
    const skipped = await queryWebview(`${item('record-exception')}[data-status="skipped"] .skip-reason`);
    assert.match(skipped[0]!.text, /not needed/i);
    const record = ownFinding().record;
    const decision = record.steps['policy-decision']?.findings?.[id]?.results.find((r) => r.kind === 'decision');
    assert.equal(decision?.kind === 'decision' && decision.answer, 'not permitted');
    assert.match(decision?.kind === 'decision' ? decision.justification : '', /policy IT-7/);
  });

  it('shows the finding\'s command filled from its own facts and runs nothing until the person says so', async function () {
    if (!browserBridgeAvailable()) this.skip();
    const { id } = ownFinding();
    // The holder of the DHT socket is this very extension host, so its pid fills {{process.pid}}.
    const shown = await queryWebview(`${item('stop-process')} .command[data-os="linux"] .command-text`);
    assert.match(shown[0]!.text, new RegExp(`^(sudo )?kill ${process.pid}$`));
    const terminalsBefore = vscode.window.terminals.length;
    await clickInWebview(`${item('stop-process')} button[data-command="runCommand"]`);
    const confirmation = await waitForText('.quick-input-widget .quick-input-title', /Run this command in a terminal\?/);
    assert.ok(confirmation, 'the confirmation asks before anything runs');
    await pressKey('Escape');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'no terminal was opened');
    const record = ownFinding().record;
    assert.equal(record.steps['stop-process']?.findings?.[id]?.status ?? 'pending', 'pending');
    assert.deepEqual(record.steps['stop-process']?.findings?.[id]?.results ?? [], []);
  });

  it('records a confirmation clicked in the panel', async function () {
    if (!browserBridgeAvailable()) this.skip();
    await clickInWebview(`${item('inform-users')} button[data-command="confirmStep"]`);
    const done = await queryWebview(`${item('inform-users')}[data-status="passed"] .result-confirm`, 20_000);
    assert.match(done[0]!.text, /Confirmed by/);
  });

  it('never overwrites a change saved elsewhere: it reloads the run, and the next click works', async function () {
    if (!browserBridgeAvailable()) this.skip();
    const { runId } = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht')!;
    // Another writer (the CLI, a second window) adds a note through the real store.
    const elsewhere = new RunStore(runRecordsDir());
    await elsewhere.save(setNote(await elsewhere.load(runId), 'smoke-test', 'Noted in another window.', new Date().toISOString()));
    await clickInWebview('#step-rescan button[data-command="confirmStep"]');
    await queryWebview('#step-smoke-test .note', 20_000); // this window reloaded and shows the other note
    let onDisk = readRunRecords().find((r) => r.runId === runId)!;
    assert.equal((onDisk.steps['smoke-test'] as { note?: string }).note, 'Noted in another window.');
    assert.equal(onDisk.steps['rescan']?.status, 'pending', 'the stale change was refused, not written');
    await clickInWebview('#step-rescan button[data-command="confirmStep"]');
    await queryWebview('#step-rescan[data-status="passed"]', 20_000);
    onDisk = readRunRecords().find((r) => r.runId === runId)!;
    assert.equal(onDisk.steps['rescan']?.status, 'passed');
    assert.equal((onDisk.steps['smoke-test'] as { note?: string }).note, 'Noted in another window.', 'both changes survive');
  });

  it('runs verification from the panel: the node still answers, so the verdict is "still exposed", side by side with the baseline', async function () {
    if (!browserBridgeAvailable()) this.skip();
    this.timeout(120_000);
    await clickInWebview('button[data-command="runPhase"][data-phase="verification"]');
    const verdict = await queryWebview('#step-compare-baseline[data-status="failed"] .result-compare .verdict-still-exposed', 90_000);
    assert.match(verdict[0]!.text, new RegExp(`127\\.0\\.0\\.1:${node.port}`));
    const rows = await queryWebview('#step-compare-baseline table.comparison tbody tr.bad');
    assert.ok(rows.some((r) => r.text.includes(`127.0.0.1:${node.port}`) && /still answering/.test(r.text)), rows.map((r) => r.text).join(' | '));
    const { id } = ownFinding();
    const own = await queryWebview(`#step-compare-baseline .finding-verdicts li[data-finding="${id}"]`);
    assert.match(own[0]!.text, /Still exposed/);
    const header = await queryWebview('#run-root .run-header .verdict');
    assert.match(header[0]!.text, /Still exposed/);
    assert.ok(await waitForText('.statusbar-item', /Still exposed/), 'the status bar shows the verdict');
    const record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht')!;
    assert.equal((record as unknown as { verdict?: { outcome: string } }).verdict?.outcome, 'still-exposed');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('runbook.revealStep', 'compare-baseline');
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('run-panel-verdict');
  });

  it('exports the run report (Markdown opened, JSON, SARIF) and lists the run in the Runs view', async function () {
    if (!browserBridgeAvailable()) this.skip();
    const record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht');
    assert.ok(record);
    const report = await vscode.commands.executeCommand<{ markdown: vscode.Uri; json: vscode.Uri; sarif: vscode.Uri }>('runbook.exportReport', record.runId);
    const opened = await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === report.markdown.toString() ? vscode.window.activeTextEditor : undefined);
    assert.ok(opened, 'the Markdown report is open in the editor');
    const text = opened.document.getText();
    assert.ok(text.includes(record.runId), 'the report names the run');
    assert.match(text, new RegExp(`127\\.0\\.0\\.1:${node.port}`), 'the report lists the DHT node');
    const sarif = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(report.sarif))) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.length >= 1);

    await vscode.commands.executeCommand('workbench.view.extension.runbook');
    await vscode.commands.executeCommand('runbook.refreshRuns');
    const rows = await queryWebview('.monaco-list-row[aria-label*="BitTorrent Mainline DHT Detection"]');
    assert.ok(rows.length >= 1, 'the Runs view lists the run');
  });

  it('looks right in a dark and a light theme', async function () {
    if (!browserBridgeAvailable()) this.skip();
    // The run panel alone, full width, for a picture a person can judge.
    const record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('runbook.openRun', record?.runId);
    await queryWebview('#run-root');
    await vscode.commands.executeCommand('runbook.revealStep', 'list-sockets');
    const config = vscode.workspace.getConfiguration('workbench');
    for (const [name, theme] of [['dark', 'Default Dark Modern'], ['light', 'Default Light Modern'], ['high-contrast', 'Default High Contrast']] as const) {
      await config.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await new Promise((r) => setTimeout(r, 1500));
      await screenshot(`run-panel-${name}`);
    }
    await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });
});
