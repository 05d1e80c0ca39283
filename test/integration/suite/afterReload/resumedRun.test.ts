// The second stage loads the workbench again on the same user data and
// workspace: a real reload. The run panel must come back by itself, with the
// run exactly where the first stage left it.
import * as assert from 'node:assert/strict';
import { activateExtension } from '../../helpers';
import { browserBridgeAvailable, queryWebview, screenshot } from '../../browserBridge';
import { readRunRecords } from '../../runRecords';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

describe('after a window reload', () => {
  before(async () => { await activateExtension(); });

  it('restores the run panel with the statuses and results from disk', async function () {
    if (!browserBridgeAvailable()) this.skip();
    const record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht');
    assert.ok(record, 'the first stage left no run record');
    const root = await queryWebview(`#run-root[data-run="${record.runId}"]`, 60_000);
    assert.equal(root.length, 1);
    const probed = await queryWebview('#step-probe-this-machine[data-status="attention"] .dht-nodes li');
    assert.ok(probed.length >= 1, 'the restored panel shows the DHT node found before the reload');
    const decision = await queryWebview('#step-policy-decision[data-status="passed"] .result-decision');
    assert.match(decision[0]!.text, /not permitted/, 'the decision and its answer came back');
    const next = await queryWebview('#step-stop-process[data-status="pending"]');
    assert.equal(next.length, 1, 'the next step is still waiting');
    await screenshot('run-panel-after-reload');
  });

  it('comes back scrolled where the person left it', async function () {
    if (!browserBridgeAvailable()) this.skip();
    const file = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.scroll-before-reload');
    assert.ok(existsSync(file), 'the first stage recorded no scroll position');
    const before = Number(readFileSync(file, 'utf8'));
    let now = -1;
    for (let i = 0; i < 50 && Math.abs(now - before) > 40; i++) {
      const [body] = await queryWebview('body:has(#run-root)', 20_000);
      now = Number(/data-scroll-y="(\d+)"/.exec(/^<body[^>]*>/.exec(body!.html)?.[0] ?? '')?.[1] ?? -1);
      if (Math.abs(now - before) > 40) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(Math.abs(now - before) <= 40, `scrolled to ${now} after the reload, ${before} before`);
    await screenshot('run-panel-after-reload-scrolled');
  });
});
