// Walking the bundled runbook in the real editor: the run panel, a real DHT
// node on a BitTorrent port of loopback, the detection phase run by a click
// in the webview, and the results read back from the page.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, waitFor } from '../helpers';
import { browserBridgeAvailable, clickInWebview, fillInWorkbench, pressKey, queryWebview, screenshot, waitForText } from '../browserBridge';

const QUICK_INPUT = '.quick-input-widget input.input';
import { startNodeOnBitTorrentPort, type RunningDhtNode } from '../../support/realDhtNodes';
import { readRunRecords, runRecordsDir } from '../runRecords';
import { RunStore } from '../../../src/node/run/runStore';
import { setNote } from '../../../src/core/run/runState';
import { runFindings } from '../../../src/core/run/stepRunner';
import type { RunRecord } from '../../../src/core/run/types';
import { itemElementId } from '../../../src/extension/run/workItemHtml';
import { newRunId } from '../../../src/core/run/runId';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measurePanelContrast, type Measured } from './themeContrast';
import { paletteEntries } from './palette';

/** Elements matching `selector` now (or within `timeoutMs`), or none. */
async function present(selector: string, timeoutMs = 1_500) {
  return queryWebview(selector, timeoutMs).catch(() => []);
}
/** The <button> tags in a piece of markup. */
const buttonsIn = (html: string) => html.match(/<button[^>]*>/g) ?? [];
/** A button tag as the DOM serialises it: `disabled=""`. */
const isDisabled = (tag: string) => /\sdisabled(=""|\s|>)/.test(tag);

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
    // The stepper replaces the native bars; the one primary button is the next move: detection's automatic steps.
    assert.equal((await present('#run-root progress')).length, 0, 'no native <progress> bar');
    const stepper = await queryWebview('.stepper .stepper-phase');
    assert.deepEqual(stepper.map((p) => /data-state="([^"]+)"/.exec(p.html)?.[1]), ['pending', 'pending', 'pending']);
    assert.match(stepper[0]!.text, /0 of 3 done/);
    const primary = await queryWebview('#run-root button.primary');
    assert.equal(primary.length, 1, primary.map((b) => b.html).join('\n'));
    assert.match(primary[0]!.html, /data-command="runPhase" data-phase="detection"/);
    assert.ok((await paletteEntries('Runbook: Skip Step')).some((t) => /Skip Step/.test(t)), 'with a run open, its commands are in the palette');
    await clickInWebview('button[data-command="runPhase"][data-phase="detection"]');
    // While a step runs, none of its buttons can be clicked, nor the phase's (one snapshot of the section).
    const running = await queryWebview('#step-probe-this-machine[data-status="running"]', 60_000);
    assert.ok(buttonsIn(running[0]!.html).every(isDisabled), buttonsIn(running[0]!.html).join('\n'));
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

    // Detection's steps all need attention: the stepper and the tree say so, not a check mark.
    await queryWebview('.stepper-phase[data-phase="detection"][data-state="attention"]');
    await vscode.commands.executeCommand('workbench.view.extension.runbook');
    const phaseRow = await queryWebview('.monaco-list-row[aria-label*="Phase 1: Detection"]', 20_000);
    assert.match(phaseRow[0]!.html, /codicon-warning/);
    assert.doesNotMatch(phaseRow[0]!.html, /codicon-pass\b/);
    // Next is this host's finding's decision: marked, and no answer is pushed as primary.
    await queryWebview(`${item('policy-decision')}[data-status="pending"] .next-marker`);
    assert.equal((await present('#run-root button.primary')).length, 0);
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
    const chosen = await queryWebview(`${item('policy-decision')} button[aria-pressed="true"]`);
    assert.equal(chosen.length, 1);
    assert.match(chosen[0]!.html, /data-answer="not permitted"/);
    assert.ok(isDisabled(chosen[0]!.html));
    assert.match((await queryWebview(`${item('policy-decision')} button[aria-pressed="false"]`))[0]!.html, /data-answer="permitted"/);
    const condition = await queryWebview('#step-record-exception .condition');
    assert.match(condition[0]!.text, /Applies when the answer to "Decide whether the client is allowed" is "permitted"/);
    assert.doesNotMatch(condition[0]!.text, /policy-decision/);
    // The next move moves on: stopping this host's client is now the one primary button.
    const next = await queryWebview('#run-root button.primary');
    assert.equal(next.length, 1);
    assert.match(next[0]!.html, /data-command="runCommand" data-step="stop-process"/);
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
    // A confirmed item keeps no Confirm and no Skip: only its note stays editable.
    const after = await queryWebview(`${item('inform-users')}[data-status="passed"]`);
    const liveButtons = buttonsIn(after[0]!.html).filter((b) => !isDisabled(b) && !/data-command="editNote"/.test(b));
    assert.deepEqual(liveButtons, []);
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
    // The report opens rendered, in the Markdown preview, not as source.
    const preview = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType) && tab.label.includes(record.runId)), 20_000);
    assert.ok(preview, `no Markdown preview tab; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
    assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === report.markdown.toString()), 'not opened as source');
    const rendered = await queryWebview(`.markdown-body:has-text("${record.runId}")`, 20_000).catch(() => []);
    assert.ok(rendered.length >= 1, 'the preview shows the report rendered');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(report.markdown));
    assert.ok(text.includes(record.runId), 'the report names the run');
    assert.match(text, new RegExp(`127\\.0\\.0\\.1:${node.port}`), 'the report lists the DHT node');
    const sarif = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(report.sarif))) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.length >= 1);

    await vscode.commands.executeCommand('workbench.view.extension.runbook');
    await vscode.commands.executeCommand('runbook.refreshRuns');
    const rows = await queryWebview('.monaco-list-row[aria-label*="BitTorrent Mainline DHT Detection"]');
    assert.ok(rows.length >= 1, 'the Runs view lists the run');
    // Date and verdict first, then the targets; the runbook's title after them.
    const row = await queryWebview('.monaco-list-row[aria-label*="Still exposed, on this machine, BitTorrent Mainline DHT Detection, from the editor"]');
    assert.match(row[0]!.text, /^\S.*\d.* · Still exposed\s*this machine · BitTorrent Mainline DHT Detection · editor/);
  });

  it('compares two runs in a read-only diff that names the phases compared, and closes without asking anything', async function () {
    if (!browserBridgeAvailable()) this.skip();
    this.timeout(60_000);
    const record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht') as unknown as RunRecord;
    // A later run of the same targets, written through the real store (as the CLI or another window would).
    const at = new Date(Date.parse(record.startedAt) + 3_600_000).toISOString();
    const later: RunRecord = { ...record, runId: newRunId(at, 'c0ffee00'), startedAt: at, updatedAt: at, revision: 1 };
    await new RunStore(runRecordsDir()).save(later);
    try {
      await compareWith(record, later, node.port);
    } finally {
      // The extra record must not confuse the suites after this one.
      rmSync(join(runRecordsDir(), `${later.runId}.json`), { force: true });
    }
  });

  it('looks right in a dark and a light theme', async function () {
    if (!browserBridgeAvailable()) this.skip();
    // The run panel alone, full width, for a picture a person can judge.
    const record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('runbook.openRun', record?.runId);
    await queryWebview('#run-root');
    const config = vscode.workspace.getConfiguration('workbench');
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const figures: Record<string, Measured[]> = {};
    const themes = [['dark', 'Default Dark Modern'], ['light', 'Default Light Modern'], ['high-contrast', 'Default High Contrast'], ['high-contrast-light', 'Default High Contrast Light']] as const;
    // The pictures go into the README: no toast left over from the earlier tests over the panel.
    await vscode.commands.executeCommand('notifications.clearAll');
    for (const [name, theme] of themes) {
      await config.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await new Promise((r) => setTimeout(r, 1500));
      // Each status badge and the text on coloured ground, from the colours the theme gave the webview.
      figures[name] = await measurePanelContrast(extensionPath, name);
      await vscode.commands.executeCommand('runbook.revealStep', 'list-sockets');
      await new Promise((r) => setTimeout(r, 300));
      await screenshot(`run-panel-${name}`);
      // The top of the panel: header, stepper, next move and timeline (Home from the focused step).
      await pressKey('Home');
      await new Promise((r) => setTimeout(r, 300));
      await screenshot(`run-panel-top-${name}`);
      await vscode.commands.executeCommand('runbook.revealStep', 'policy-decision', ownFinding().id);
      await new Promise((r) => setTimeout(r, 300));
      await screenshot(`run-panel-remediation-${name}`);
    }
    await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    writeFileSync(join(extensionPath, 'test-output', 'run-panel-contrast.json'), `${JSON.stringify(figures, null, 2)}\n`);
    const failing = Object.entries(figures).flatMap(([theme, list]) => list.filter((m) => m.ratio < 4.5).map((m) => `${theme}: ${m.name} ${m.fg} on ${m.bg} = ${m.ratio}:1`));
    assert.deepEqual(failing, [], 'every text colour reaches 4.5:1');
    const badges = new Set(figures.light!.filter((m) => m.name.startsWith('badge ')).map((m) => `${m.fg}|${m.bg}`));
    assert.ok(badges.size >= 4, 'the statuses do not all share one grey badge');

    // Leave the panel scrolled far down: the after-reload stage checks it comes back there.
    await vscode.commands.executeCommand('runbook.revealStep', 'compare-baseline');
    let y = 0;
    for (let i = 0; i < 20 && y === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const [body] = await queryWebview('body:has(#run-root)');
      y = Number(/data-scroll-y="(\d+)"/.exec(/^<body[^>]*>/.exec(body!.html)?.[0] ?? '')?.[1] ?? 0);
    }
    assert.ok(y > 500, `the panel scrolled down (${y})`);
    writeFileSync(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.scroll-before-reload'), String(y));
  });
});

/** Compare Runs on two records of the same targets, from the palette command to the closed diff. */
async function compareWith(record: RunRecord, later: RunRecord, port: number): Promise<void> {
    const shown = vscode.commands.executeCommand<{ left: vscode.Uri; right: vscode.Uri; title: string }>('runbook.compareRuns', record.runId);
    assert.ok(await waitForText('.quick-input-widget .quick-input-title', /Compare with which run/, 20_000), 'asks for the other run');
    await fillInWorkbench(QUICK_INPUT, later.runId);
    await pressKey('Enter');
    const opened = await shown;
    assert.ok(opened, 'the comparison opened');
    const tab = await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab);
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is a diff (${tab?.label})`);
    assert.equal(tab.input.original.scheme, 'runbook-compare');
    assert.equal(tab.input.modified.scheme, 'runbook-compare');
    assert.match(tab.label, new RegExp(`${record.runId} \\(verification\\) ↔ ${later.runId} \\(verification\\)`));
    const original = tab.input.original;
    const left = vscode.workspace.textDocuments.find((d) => d.uri.toString() === original.toString()) ?? await vscode.workspace.openTextDocument(original);
    assert.equal(left.isUntitled, false);
    assert.equal(left.isDirty, false);
    assert.match(left.getText(), /Checks shown: the verification phase/);
    assert.match(left.getText(), new RegExp(`127\\.0\\.0\\.1:${port}`), 'the DHT node still answering at verification');
    // Read-only: an edit is refused, so there is never anything to save.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(left.uri, new vscode.Position(0, 0), 'x');
    const applied = await vscode.workspace.applyEdit(edit).then((ok) => ok, () => false);
    assert.equal(applied && left.isDirty, false, 'the comparison cannot be edited into an unsaved document');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const closed = await waitFor(() => !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === 'runbook-compare'), 5_000);
    assert.ok(closed, 'the diff closed');
    assert.equal((await present('.monaco-dialog-box', 1_500)).length, 0, 'no "save changes?" dialog');
}
