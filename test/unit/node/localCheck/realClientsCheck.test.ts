// check-local end to end inside a test host of our own: real Transmission and
// qBittorrent, plus a UDP service that is not BitTorrent. The CLI runs inside
// the namespace (`ip netns exec`), where it sees the clients' sockets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { LocalCheckResult } from '../../../../src/core/localCheck/types';
import { createTestHost, type TestHost } from '../../../support/netns';
import { QBITTORRENT_PORT, TRANSMISSION_PORT, startQbittorrent, startTransmission } from '../../../support/bittorrentClients';
import { skipUnlessAvailable } from '../../../support/prerequisites';

const cli = join(process.cwd(), 'dist/cli.js');
const OTHER_UDP_PORT = 5353;

function checkLocalIn(host: TestHost, extra: string[] = []): Promise<{ code: number; result: LocalCheckResult }> {
  return new Promise((resolve, reject) => {
    execFile('ip', ['netns', 'exec', host.name, process.execPath, cli, 'check-local', '--json', ...extra], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 2) : 0;
      try { resolve({ code, result: JSON.parse(stdout) as LocalCheckResult }); } catch { reject(new Error(`check-local printed no JSON (exit ${code}): ${stderr}`)); }
    });
  });
}

describe('check-local with real BitTorrent clients', { skip: skipUnlessAvailable(['ip', 'transmission-daemon', 'qbittorrent-nox'], true) }, () => {
  let host: TestHost;
  let transmission: ChildProcess;
  let qbittorrent: ChildProcess;
  let other: ChildProcess;
  let outcome: { code: number; result: LocalCheckResult };

  before(async () => {
    host = createTestHost();
    transmission = startTransmission(host);
    qbittorrent = startQbittorrent(host);
    // A UDP service that is not BitTorrent: it reads and never answers KRPC.
    other = host.spawn(process.execPath, ['-e', `require('dgram').createSocket('udp4').bind(${OTHER_UDP_PORT}); setInterval(() => {}, 1000)`]);
    // The clients open their DHT a few seconds after they start.
    const end = Date.now() + 40_000;
    do {
      outcome = await checkLocalIn(host, ['--all-udp']);
      // Wait for the plain service too: its node process may start after the clients answer.
      const plainListed = outcome.result.sockets.some((c) => c.verdict.socket.protocol === 'udp' && c.verdict.socket.localPort === OTHER_UDP_PORT);
      if (outcome.result.counts.confirmedDhtNodes >= 2 && plainListed) break;
    } while (Date.now() < end);
  });
  after(async () => { await host?.destroy(); });

  const socketAt = (protocol: string, port: number) => outcome.result.sockets.find((s) => s.verdict.socket.protocol === protocol && s.verdict.socket.localPort === port);
  // libtorrent binds one socket per address, so pick the one the probe confirmed.
  const confirmedAt = (port: number) => outcome.result.sockets.find((s) => s.verdict.socket.protocol === 'udp' && s.verdict.socket.localPort === port && s.dhtReplies.length > 0);

  it('exits 1 and confirms both clients by KRPC reply', () => {
    assert.equal(outcome.code, 1);
    assert.equal(outcome.result.counts.confirmedDhtNodes, 2, JSON.stringify(outcome.result.counts));
  });

  it('attributes Transmission to its process and confirms it', () => {
    const socket = confirmedAt(TRANSMISSION_PORT);
    assert.ok(socket, 'no confirmed UDP socket on the Transmission port');
    assert.equal(socket.verdict.socket.process?.pid, transmission.pid);
    assert.match(socket.verdict.socket.process?.name ?? '', /^transmission-da/);
    assert.ok(socket.basis.includes('krpc-reply'));
    assert.ok(socket.basis.includes('process-name'));
    assert.equal(socket.dhtReplies[0]?.endpoint.address, host.address, 'answered on the namespace address, not loopback');
  });

  it('attributes qBittorrent to its process, with libtorrent named from the reply', () => {
    const socket = confirmedAt(QBITTORRENT_PORT);
    assert.ok(socket, 'no confirmed UDP socket on the qBittorrent port');
    assert.equal(socket.verdict.socket.process?.pid, qbittorrent.pid);
    assert.ok(socket.basis.includes('krpc-reply'));
    const client = socket.dhtReplies[0]?.client;
    assert.equal(client?.code, 'LT');
    assert.match(client?.version ?? '', /^2\.\d+\.\d+$/);
  });

  it('names the packages and leaves the other UDP service listed but not flagged', () => {
    const packages = outcome.result.owners.flatMap((o) => o.packages);
    assert.ok(packages.includes('transmission-daemon'), packages.join(','));
    assert.ok(packages.includes('qbittorrent-nox'), packages.join(','));
    const plain = socketAt('udp', OTHER_UDP_PORT);
    assert.ok(plain, 'the other UDP service is listed');
    assert.equal(plain.verdict.socket.process?.pid, other.pid);
    assert.equal(plain.verdict.suspect, false);
    assert.equal(plain.probed, true, '--all-udp probes it');
    assert.equal(plain.dhtReplies.length, 0);
  });
});
