// The second stage loads the workbench again on the same user data and
// workspace: a real reload. The run panel must come back by itself, with the
// run exactly where the first stage left it.
import * as assert from 'node:assert/strict';
import { activateExtension } from '../../helpers';
import { browserBridgeAvailable, queryWebview, screenshot } from '../../browserBridge';
import { readRunRecords } from '../../runRecords';

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
});
