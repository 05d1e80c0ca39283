// A scan report in the real editor: a .nessus file in the workspace shows the
// CodeLens that counts its hosts with the DHT finding, and the lens's command
// starts a run whose targets are those hosts, recorded with what the report
// said. A broken report shows why it cannot be read and starts nothing.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../helpers';
import { readRunRecords, runRecordsDir } from '../runRecords';
import type { RunRecord } from '../../../src/core/run/types';

// Loopback addresses: the run is only created here, never probed, but nothing would leave the machine.
const REPORT = `<?xml version="1.0" ?>
<NessusClientData_v2>
<Policy><policyName>Editor test</policyName></Policy>
<Report name="Editor test scan" xmlns:cm="http://www.nessus.org/cm">
<ReportHost name="127.0.0.21"><HostProperties>
<tag name="host-ip">127.0.0.21</tag><tag name="host-fqdn">seedbox.test</tag><tag name="HOST_START">Wed Mar 13 09:01:00 2024</tag>
</HostProperties>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="0" pluginID="10267" pluginName="SSH Server Type and Version Information" pluginFamily="Service detection"><plugin_output>SSH-2.0-OpenSSH_9.2p1</plugin_output></ReportItem>
<ReportItem port="51413" svc_name="bittorrent-dht" protocol="udp" severity="1" pluginID="50677" pluginName="BitTorrent Mainline DHT Detection" pluginFamily="Peer-To-Peer File Sharing"><plugin_output>The remote node answered a DHT ping.</plugin_output></ReportItem>
</ReportHost>
<ReportHost name="127.0.0.22"><HostProperties><tag name="host-ip">127.0.0.22</tag></HostProperties>
<ReportItem port="0" svc_name="general" protocol="tcp" severity="0" pluginID="19506" pluginName="Nessus Scan Information" pluginFamily="Settings"><plugin_output>Nessus version : 10.7.1</plugin_output></ReportItem>
</ReportHost>
<ReportHost name="127.0.0.23"><HostProperties><tag name="host-ip">127.0.0.23</tag><tag name="netbios-name">LAB-23</tag></HostProperties>
<ReportItem port="49001" svc_name="bittorrent" protocol="tcp" severity="1" pluginID="50676" pluginName="BitTorrent / uTorrent Detection" pluginFamily="Peer-To-Peer File Sharing"><plugin_output>uTorrent 3.6</plugin_output></ReportItem>
</ReportHost>
</Report>
</NessusClientData_v2>
`;

/** The Runbook CodeLenses of a document, once the provider has given them (it reads the file first). */
async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const ours = (found ?? []).filter((l) => l.command?.title.startsWith('Runbook'));
    if (ours.length > 0) return ours;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`no Runbook CodeLens on ${uri.fsPath}`);
}

describe('scan reports in the editor', () => {
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const files: string[] = [];
  let previousRun: string | undefined;
  before(async () => {
    await activateExtension();
    // The run an earlier suite left open: the after-reload stage expects its panel back.
    previousRun = readRunRecords().map((r) => r.runId).sort().at(-1);
  });
  after(async () => {
    for (const file of files) rmSync(file, { force: true });
    if (previousRun) await vscode.commands.executeCommand('runbook.openRun', previousRun);
  });

  it('opening a .nessus file shows the CodeLens, and its command starts a run for the report\'s hosts', async function () {
    this.timeout(60_000);
    const path = join(folder(), 'editor-test.nessus');
    files.push(path);
    writeFileSync(path, REPORT);
    const uri = vscode.Uri.file(path);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [lens] = await lensesOf(uri);
    assert.equal(lens!.range.start.line, 0);
    assert.equal(lens!.command!.title, 'Runbook: Start Run for 2 Hosts with the DHT Finding');
    assert.equal(lens!.command!.command, 'runbook.startRunFromReport');

    const before = new Set(readRunRecords().map((r) => r.runId));
    await vscode.commands.executeCommand(lens!.command!.command, ...(lens!.command!.arguments ?? []));
    const record = await waitFor(() => (readRunRecords() as unknown as RunRecord[]).find((r) => !before.has(r.runId) && r.targets.mode === 'hosts' && r.targets.fromReport?.name === 'editor-test.nessus'), 20_000);
    assert.ok(record, 'no run was started from the report');
    assert.equal(record.runbook.id, 'bittorrent-mainline-dht');
    assert.equal(record.origin, 'editor');
    assert.ok(record.targets.mode === 'hosts' && record.targets.fromReport);
    assert.equal(record.targets.text, '127.0.0.21:6881-6889,51413\n127.0.0.23:6881-6889,51413,49001');
    assert.deepEqual(record.targets.fromReport.hosts.map((h) => [h.address, h.name, h.ports, h.pluginIds]), [
      ['127.0.0.21', 'seedbox.test', [51413], ['50677']],
      ['127.0.0.23', 'LAB-23', [49001], ['50676']],
    ]);
    assert.equal(record.targets.fromReport.format, 'nessus');
    assert.match(record.targets.fromReport.sha256, /^[0-9a-f]{64}$/);
    // This run is for this test only: later stages read the records of the others.
    files.push(join(runRecordsDir(), `${record.runId}.json`));
  });

  it('a broken report\'s CodeLens says why, and its command starts no run', async function () {
    this.timeout(60_000);
    const path = join(folder(), 'editor-broken.nessus');
    files.push(path);
    writeFileSync(path, REPORT.slice(0, 400));
    const uri = vscode.Uri.file(path);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [lens] = await lensesOf(uri);
    assert.match(lens!.command!.title, /^Runbook: this report cannot be read: The file is cut short: it ends at line \d+ inside </);
    const before = readRunRecords().length;
    await vscode.commands.executeCommand('runbook.startRunFromReport', uri);
    assert.equal(readRunRecords().length, before);
  });
});
