// The CLI as a pipeline runs it: the built dist/cli.js, real sockets, real nodes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startBittorrentDhtNode, type RunningDhtNode } from '../../support/realDhtNodes';
import { bindUdp, closeUdp } from '../../support/udp';
import type * as dgram from 'node:dgram';
import { CLI } from './cliProcess';

// The bundle cliProcess.ts names (DHT_RUNBOOK_CLI, else dist/cli.js), so a developer's own bundle is the one tested.
const cli = CLI;

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('dht-runbook probe', () => {
  let node: RunningDhtNode;
  let silent: dgram.Socket;
  before(async () => {
    node = await startBittorrentDhtNode();
    silent = await bindUdp('udp4', '127.0.0.1');
  });
  after(async () => {
    await node.close();
    await closeUdp(silent);
  });

  it('exits 1 and prints the node when a DHT node answers', async () => {
    const result = await runCli(['probe', `127.0.0.1:${node.port}`, '--timeout', '500']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, new RegExp(`DHT node at 127\\.0\\.0\\.1:${node.port}`));
    assert.match(result.stdout, new RegExp(`node id ${node.nodeIdHex}`));
  });

  it('prints JSON on request, with the evidence', async () => {
    const result = await runCli(['probe', `127.0.0.1:${node.port},${silent.address().port}`, '--timeout', '300', '--retries', '0', '--json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { endpointsProbed: number; findings: { nodeIdHex: string; evidence: { receivedHex: string } }[] };
    assert.equal(report.endpointsProbed, 2);
    assert.equal(report.findings.length, 1);
    assert.equal(report.findings[0]?.nodeIdHex, node.nodeIdHex);
    assert.ok((report.findings[0]?.evidence.receivedHex.length ?? 0) > 40);
  });

  it('exits 0 when nothing answers', async () => {
    const result = await runCli(['probe', `127.0.0.1:${silent.address().port}`, '--timeout', '200']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /No DHT node found among 1 endpoints/);
  });

  it('exits 2 and names each bad token', async () => {
    const result = await runCli(['probe', '300.1.1.1', '127.0.0.1:0']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /300\.1\.1\.1: 300 is not an IPv4 octet/);
    assert.match(result.stderr, /127\.0\.0\.1:0: "0" is not a port/);
  });

  it('refuses a target list over the bound, and says how to raise it', async () => {
    const result = await runCli(['probe', '127.0.0.0/16', '--ports', '1-2']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /131,072 endpoints/);
    assert.match(result.stderr, /--max-endpoints/);
  });

  it('exits 2 on a bad option value', async () => {
    const result = await runCli(['probe', '127.0.0.1', '--timeout', 'soon']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--timeout "soon" is not a whole number/);
  });
});
