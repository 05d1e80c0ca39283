import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../helpers';
import { browserBridgeAvailable, fillInWorkbench, queryWebview, screenshot } from '../browserBridge';
import { startNodeOnBitTorrentPort, type RunningDhtNode } from '../../support/realDhtNodes';

interface CheckResult {
  counts: { sockets: number; confirmedDhtNodes: number };
  sockets: { verdict: { socket: { protocol: string; localPort: number; process?: { pid: number } } }; dhtReplies: unknown[] }[];
}

describe('Runbook: Check Listening Ports', () => {
  let node: RunningDhtNode;
  before(async () => {
    await activateExtension();
    node = await startNodeOnBitTorrentPort();
  });
  after(async () => { await node?.close(); });

  it('lists this extension host\'s DHT socket with its pid and confirms it by KRPC', async () => {
    const result = await vscode.commands.executeCommand<CheckResult>('runbook.checkListeningPorts');
    assert.ok(result.counts.sockets > 0);
    const socket = result.sockets.find((s) => s.verdict.socket.protocol === 'udp' && s.verdict.socket.localPort === node.port);
    assert.ok(socket, `udp/${node.port} is not listed`);
    assert.equal(socket.verdict.socket.process?.pid, process.pid);
    assert.equal(socket.dhtReplies.length, 1);
  });

  it('shows confirmed nodes first in the panel, and filters the rest', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run)');
      this.skip();
    }
    const confirmed = await queryWebview('#check-ports .finding.confirmed h3');
    assert.ok(confirmed.some((c) => c.text.includes(`:${node.port}`)), confirmed.map((c) => c.text).join(' | '));
    const before = await queryWebview('#other-sockets tbody tr');
    await fillInWorkbench('#filter', 'no-such-process-name');
    const hidden = await queryWebview('#other-sockets tbody tr[hidden]');
    assert.equal(hidden.length, before.length);
    await fillInWorkbench('#filter', '');
    await screenshot('check-ports');
  });
});
