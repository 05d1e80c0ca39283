// The Runs view before any run: its empty-state message with a button that
// starts a run; the palette without the commands that need an open run; and
// a record written by the real CLI showing up by itself (the view watches the
// records folder), then going away when the file does. Runs before the suites
// that start runs (files load in name order).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from '../helpers';
import { browserBridgeAvailable, queryWebview } from '../browserBridge';
import { paletteEntries } from './palette';
import { runRecordsDir } from '../runRecords';

describe('the Runs view with no run yet', () => {
  before(async () => { await activateExtension(); });

  it('shows an empty-state message with a button that starts a run', async function () {
    if (!browserBridgeAvailable()) this.skip();
    const dir = runRecordsDir();
    assert.ok(!existsSync(dir) || readdirSync(dir).filter((f) => f.endsWith('.json')).length === 0, 'this suite expects no run record yet');
    await vscode.commands.executeCommand('workbench.view.extension.runbook');
    const welcome = await queryWebview('.welcome-view-content:has-text("No run yet")', 20_000);
    assert.match(welcome[0]!.text, /date, verdict and targets/);
    const button = await queryWebview('.welcome-view-content:has-text("No run yet") a.monaco-button:has-text("Start Run")');
    assert.equal(button.length, 1);
  });

  it('keeps the commands that need an open run out of the palette while none is open', async function () {
    if (!browserBridgeAvailable()) this.skip();
    const palette = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: { commandPalette: { command: string; when: string }[] } } }).contributes.menus.commandPalette;
    for (const command of ['runbook.runStep', 'runbook.runPhase', 'runbook.skipStep', 'runbook.addNote', 'runbook.answerDecision']) {
      assert.equal(palette.find((p) => p.command === command)?.when, 'runbook.hasOpenRun', command);
    }
    // The palette matches loosely ("Open Runbook" matches too): what counts is that the command itself is absent.
    assert.deepEqual((await paletteEntries('Runbook: Skip Step')).filter((t) => /Skip Step/.test(t)), []);
    assert.deepEqual((await paletteEntries('Runbook: Add Note to Step')).filter((t) => /Add Note/.test(t)), []);
    // No run on disk and none open: nothing to export either.
    assert.equal(palette.find((p) => p.command === 'runbook.exportReport')?.when, 'runbook.hasRuns || runbook.hasOpenRun');
    assert.deepEqual((await paletteEntries('Runbook: Export Run Report')).filter((t) => /Export Run Report/.test(t)), []);
    // A command that needs no run is there, so the palette query itself works.
    assert.ok((await paletteEntries('Runbook: Start Run')).some((t) => /Start Run/.test(t)));
  });

  it('lists a run the CLI writes without a manual refresh', async function () {
    if (!browserBridgeAvailable()) this.skip();
    this.timeout(90_000);
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const cli = join(extension.extensionPath, 'dist', 'cli.js');
    assert.ok(existsSync(cli), `no CLI bundle at ${cli}`);
    await vscode.commands.executeCommand('workbench.view.extension.runbook');
    // A silent loopback port: the CLI's detection finds nothing there, quickly, and writes its record.
    const code = await new Promise<number>((resolve) => {
      execFile(process.execPath, [cli, 'run', 'bittorrent-mainline-dht', '--targets', '127.0.0.1:9', '--record-dir', runRecordsDir()],
        { timeout: 60_000 }, (error) => resolve(error ? Number((error as { code?: number }).code ?? 2) : 0));
    });
    assert.ok(code === 0 || code === 1, `the CLI exited with ${code}`);
    const written = readdirSync(runRecordsDir()).filter((f) => f.endsWith('.json'));
    assert.equal(written.length, 1, written.join(', '));
    const row = await queryWebview('.monaco-list-row[aria-label*="from the CLI"]', 20_000);
    assert.match(row[0]!.html, /127\.0\.0\.1:9/, 'the row names its targets');
    // The row starts with the date and the state, the runbook's title comes after.
    const label = /aria-label="([^"]*)"/.exec(row[0]!.html)?.[1] ?? '';
    assert.match(label, /^[^a-z]*\d[^a-z]*, (in progress|ended|Remediated|Still exposed|Accepted risk|Inconclusive), on 127\.0\.0\.1:9, BitTorrent Mainline DHT Detection/);

    // Leave the folder as the later suites expect it: empty, and the view empty again.
    for (const name of written) rmSync(join(runRecordsDir(), name));
    await vscode.commands.executeCommand('runbook.refreshRuns');
    const back = await queryWebview('.welcome-view-content:has-text("No run yet")', 20_000);
    assert.equal(back.length, 1, 'the view is empty again once the record is gone');
  });
});
