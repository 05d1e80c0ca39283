// The sweep against real DHT nodes (bittorrent-dht) and real UDP sockets on loopback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { sweepForDhtNodes } from '../../../../src/node/probe/dhtSweep';
import type { Endpoint } from '../../../../src/core/probe/types';
import { startBittorrentDhtNode, type RunningDhtNode } from '../../../support/realDhtNodes';
import { bindUdp, closeUdp } from '../../../support/udp';

const loopback = (port: number): Endpoint => ({ address: '127.0.0.1', family: 4, port });

describe('sweepForDhtNodes against real bittorrent-dht nodes', () => {
  const nodes: RunningDhtNode[] = [];
  let silent: dgram.Socket;
  let echo: dgram.Socket;

  before(async () => {
    for (let i = 0; i < 3; i += 1) nodes.push(await startBittorrentDhtNode());
    // A UDP port with no DHT behind it: it reads and never answers.
    silent = await bindUdp('udp4', '127.0.0.1');
    // A UDP service that answers everything with its own bytes (not KRPC).
    echo = await bindUdp('udp4', '127.0.0.1');
    echo.on('message', (_msg, from) => echo.send(Buffer.from('not a dht reply'), from.port, from.address));
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await closeUdp(silent);
    await closeUdp(echo);
  });

  it('finds every real node, with its node id, and nothing else', async () => {
    const targets = [...nodes.map((n) => loopback(n.port)), loopback(silent.address().port), loopback(echo.address().port)];
    const streamed: string[] = [];
    const summary = await sweepForDhtNodes({ endpoints: () => targets, timeoutMs: 500, retries: 0, onFinding: (f) => streamed.push(f.nodeIdHex ?? '') });
    assert.deepEqual(summary.findings.map((f) => f.endpoint.port).sort(), nodes.map((n) => n.port).sort());
    assert.deepEqual(summary.findings.map((f) => f.nodeIdHex).sort(), nodes.map((n) => n.nodeIdHex).sort());
    assert.deepEqual(streamed.sort(), nodes.map((n) => n.nodeIdHex).sort());
    assert.equal(summary.endpointsProbed, 5);
    assert.equal(summary.ignored['invalid bencode'] ?? summary.ignoredTotal, 1, JSON.stringify(summary.ignored));
    for (const finding of summary.findings) {
      assert.equal(finding.replyKind, 'response');
      assert.equal(finding.client, undefined, 'bittorrent-dht sends no "v" key');
      assert.ok(finding.roundTripMs >= 0 && finding.roundTripMs < 500);
      assert.match(finding.evidence.sentHex, /^64313a6164323a6964/, 'the query starts d1:ad2:id');
      assert.ok(finding.evidence.receivedHex.length > 40);
    }
  });

  it('costs one timeout in all, not one per silent target', async () => {
    // 200 loopback ports with nothing behind them (closed ports stay silent to an unconnected socket).
    const distinct = Array.from({ length: 200 }, (_, i) => loopback(20000 + i));
    const started = Date.now();
    const summary = await sweepForDhtNodes({ endpoints: () => distinct, timeoutMs: 300, retries: 0, ratePerSecond: 100000 });
    const elapsed = Date.now() - started;
    assert.equal(summary.endpointsProbed, 200);
    assert.equal(summary.findings.length, 0);
    // 200 targets x 300 ms would be a minute; one shared timeout is a fraction of that.
    assert.ok(elapsed < 20_000, `took ${elapsed} ms`);
  });

  it('retries unanswered targets once each and stops at a finding', async () => {
    const targets = [loopback(nodes[0]!.port), loopback(silent.address().port)];
    const seen: number[] = [];
    silent.on('message', () => seen.push(Date.now()));
    const summary = await sweepForDhtNodes({ endpoints: () => targets, timeoutMs: 200, retries: 2 });
    assert.equal(summary.findings.length, 1);
    assert.equal(seen.length, 3, 'the silent port gets the first query and two retries');
    assert.equal(summary.packetsSent, 4);
    silent.removeAllListeners('message');
  });

  it('stops at once when cancelled and closes its sockets', async () => {
    const controller = new AbortController();
    const many = function* (): Generator<Endpoint> { for (let p = 1; p <= 65535; p += 1) yield loopback(p); };
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const summary = await sweepForDhtNodes({ endpoints: many, timeoutMs: 5000, ratePerSecond: 2000, signal: controller.signal });
    assert.equal(summary.cancelled, true);
    assert.ok(summary.packetsSent < 1000, `sent ${summary.packetsSent}`);
    // Not cancelled, it would send for half a minute and then wait its 5 s timeout.
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  });

  it('ignores a reply whose transaction id comes from an address it did not query', async () => {
    // A spoofer that copies our query's transaction id into a valid-looking reply from another port.
    const spoofer = await bindUdp('udp4', '127.0.0.1');
    const trap = await bindUdp('udp4', '127.0.0.1');
    trap.on('message', (query, from) => {
      const text = query.toString('latin1');
      const m = /1:t(\d+):/.exec(text)!;
      const start = m.index + m[0].length;
      const transaction = query.subarray(start, start + Number(m[1]));
      const reply = Buffer.concat([Buffer.from('d1:rd2:id20:'), Buffer.alloc(20, 1), Buffer.from(`e1:t${transaction.length}:`), transaction, Buffer.from('1:y1:re')]);
      spoofer.send(reply, from.port, from.address);
    });
    const summary = await sweepForDhtNodes({ endpoints: () => [loopback(trap.address().port)], timeoutMs: 300, retries: 0 });
    assert.equal(summary.findings.length, 0);
    assert.equal(summary.ignored['our transaction id from an address we did not query'], 1, JSON.stringify(summary.ignored));
    await closeUdp(spoofer);
    await closeUdp(trap);
  });
});
