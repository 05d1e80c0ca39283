import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../helpers';
import { browserBridgeAvailable, fillInWorkbench, pressKey, queryWebview, screenshot, waitForText } from '../browserBridge';
import { startBittorrentDhtNode, type RunningDhtNode } from '../../support/realDhtNodes';

interface ProbeOutcome {
  summary: { endpointsProbed: number; findings: { nodeIdHex?: string; endpoint: { port: number } }[] };
}

const QUICK_INPUT = '.quick-input-widget input.input';

describe('Runbook: Probe Host for Mainline DHT…', () => {
  let node: RunningDhtNode;
  before(async () => {
    await activateExtension();
    node = await startBittorrentDhtNode();
  });
  after(async () => { await node?.close(); });

  it('finds a real DHT node given targets by a caller', async () => {
    const outcome = await vscode.commands.executeCommand<ProbeOutcome>('runbook.probeHost', { targets: `127.0.0.1:${node.port}` });
    assert.ok(outcome, 'the command returned no outcome');
    assert.equal(outcome.summary.endpointsProbed, 1);
    assert.equal(outcome.summary.findings[0]?.nodeIdHex, node.nodeIdHex);
  });

  it('runs end to end from the input box: typed targets, progress, result panel', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run); typing into the input box needs the headless runner');
      this.skip();
    }
    const running = vscode.commands.executeCommand<ProbeOutcome | undefined>('runbook.probeHost');
    await fillInWorkbench(QUICK_INPUT, `127.0.0.1:${node.port},1`);
    await pressKey('Enter');
    const outcome = await running;
    assert.ok(outcome, 'the input box did not start a probe');
    assert.equal(outcome.summary.endpointsProbed, 2);
    assert.equal(outcome.summary.findings.length, 1);
    const cards = await queryWebview('#probe-results .finding h2');
    assert.equal(cards.length, 1);
    assert.match(cards[0]!.text, new RegExp(`127\\.0\\.0\\.1:${node.port}`));
    const nodeId = await queryWebview('#probe-results .finding td');
    assert.ok(nodeId.some((cell) => cell.text === node.nodeIdHex), 'the node id is shown');
    await screenshot('probe-results');
  });

  it('says which token is wrong as the user types, and starts nothing', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run)');
      this.skip();
    }
    const running = vscode.commands.executeCommand<ProbeOutcome | undefined>('runbook.probeHost');
    await fillInWorkbench(QUICK_INPUT, '300.1.1.1');
    const messages = await waitForText('.quick-input-widget .quick-input-message', /300 is not an IPv4 octet/);
    assert.ok(messages, 'no validation message');
    await pressKey('Enter'); // refused while invalid
    await pressKey('Escape');
    assert.equal(await running, undefined);
  });
});
