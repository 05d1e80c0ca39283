// A fleet run in the real editor: two hosts' records, walked with the real
// transitions (test/unit/core/fleet/fleetFixtures.ts) and merged with the real
// mergeRecords, written to the workspace's records folder and opened. The run
// panel's host table shows both hosts with their states and verdicts, sorting
// by verdict reorders the rows in place, the Runbook tree groups the run by
// host, a row's "Copy Ansible command" puts that host's command on the
// clipboard, and the Runs view lists the merged run like any run.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from '../helpers';
import { browserBridgeAvailable, clickInWebview, queryWebview } from '../browserBridge';
import { readRunRecords, runRecordsDir } from '../runRecords';
import { fleetOf, hostRecord } from '../../unit/core/fleet/fleetFixtures';

/** Polls an async probe until it gives something, or the time limit passes. */
async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) return undefined;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a fleet run\'s host table in the run panel', () => {
  let previousRun: string | undefined;
  let recordFile: string | undefined;
  let panelTab: vscode.Tab | undefined;
  before(async () => {
    await activateExtension();
    // The run an earlier suite left open: the after-reload stage may expect its panel back.
    previousRun = readRunRecords().map((r) => r.runId).sort().at(-1);
  });
  after(async () => {
    // Close this run's panel, so the later suites' panels are the ones the browser shows.
    if (panelTab) await vscode.window.tabGroups.close(panelTab).then(undefined, () => undefined);
    if (recordFile) rmSync(recordFile, { force: true });
    if (previousRun) await vscode.commands.executeCommand('runbook.openRun', previousRun);
  });

  it('shows each host with its state and verdict, sorts by verdict, and copies the host\'s Ansible command', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run)');
      this.skip();
    }
    this.timeout(120_000);
    const record = fleetOf(hostRecord('web-1', 'clean', { start: 0 }), hostRecord('web-2', 'still-exposed', { start: 1 }));
    mkdirSync(runRecordsDir(), { recursive: true });
    recordFile = join(runRecordsDir(), `${record.runId}.json`);
    writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
    await vscode.commands.executeCommand('runbook.openRun', record.runId);
    panelTab = vscode.window.tabGroups.activeTabGroup.activeTab;

    const rowsSelector = `main[data-run="${record.runId}"] #host-table tbody tr.host-row`;
    const rows = async () => (await queryWebview(rowsSelector)).map((r) => ({
      host: /data-host="([^"]*)"/.exec(r.html)?.[1], state: /data-state="([^"]*)"/.exec(r.html)?.[1], verdict: /data-verdict="([^"]*)"/.exec(r.html)?.[1], text: r.text.replace(/\s+/g, ' '),
    }));
    const first = await rows();
    assert.deepEqual(first.map((r) => [r.host, r.state, r.verdict]), [['web-1', 'silent', 'clean'], ['web-2', 'answering', 'still-exposed']]);
    // The words, not only the attributes: what a person reads in each row.
    assert.match(first[0]!.text, /web-1.*silent.*clean/);
    assert.match(first[1]!.text, /web-2.*answering.*still exposed/);

    // Verdict, ascending: what needs work first. Then descending.
    await clickInWebview(`main[data-run="${record.runId}"] button[data-sort="verdict"]`);
    const ascending = await poll(async () => { const r = await rows(); return r[0]?.host === 'web-2' ? r : undefined; }, 10_000);
    assert.ok(ascending, 'sorting by verdict did not put the still-exposed host first');
    const header = await queryWebview(`main[data-run="${record.runId}"] th[data-sort-key="verdict"]`);
    assert.match(header[0]!.html, /aria-sort="ascending"/);
    await clickInWebview(`main[data-run="${record.runId}"] button[data-sort="verdict"]`);
    const descending = await poll(async () => { const r = await rows(); return r[0]?.host === 'web-1' ? r : undefined; }, 10_000);
    assert.ok(descending, 'sorting again did not reverse the order');

    // The tree's host nodes call this command (it throws if it is not registered); it reveals the row.
    await vscode.commands.executeCommand('runbook.revealHost', 'web-2');

    await vscode.env.clipboard.writeText('');
    await clickInWebview(`main[data-run="${record.runId}"] button[data-command="copyAnsibleCommand"][data-host="web-2"]`);
    const copied = await poll(async () => { const text = await vscode.env.clipboard.readText(); return text !== '' ? text : undefined; }, 10_000);
    assert.equal(copied, 'ansible-playbook -i ansible/inventory.ini --limit web-2 --extra-vars \'{"dht_decision":"not permitted","dht_justification":"Policy IT-7 forbids file sharing on servers."}\' ansible/dht-runbook.yml');

    // The merged run is listed in the Runs view like any run, its targets in brief.
    await vscode.commands.executeCommand('workbench.view.extension.runbook');
    await vscode.commands.executeCommand('runbook.refreshRuns');
    const listed = await queryWebview('.monaco-list-row[aria-label*="on fleet of 2 hosts, "]', 20_000);
    assert.equal(listed.length, 1, 'the Runs view lists the fleet run once');
    assert.match(listed[0]!.text, /Still exposed\s*fleet of 2 hosts · /);
  });
});
