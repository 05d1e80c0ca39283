// End to end with a BitTorrent client nobody on this project wrote: a real
// transmission-daemon, bound to loopback with the DHT, LPD and port mapping
// off (so it sends nothing off this machine), is listed, flagged and traced
// to its package.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { classifySockets, type SocketVerdict } from '../../../../src/core/sockets/classify';
import { holdersOf } from '../../../../src/core/sockets/parserSupport';
import { listListeningSockets } from '../../../../src/node/sockets/listListeningSockets';
import { lookupProcessOwner } from '../../../../src/node/sockets/ownerLookup';
import { freePort } from './openSockets';
import { skipUnlessAvailable } from '../../../support/prerequisites';

const DAEMON = '/usr/bin/transmission-daemon';

describe('a real transmission-daemon', () => {
  it('is listed, flagged with high confidence, and traced to its package', { skip: skipUnlessAvailable(['transmission-daemon'], false), timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'transmission-'));
    const peerPort = await freePort();
    const rpcPort = await freePort();
    const daemon = spawn(DAEMON, ['-f', '-g', dir, '-P', String(peerPort), '-p', String(rpcPort), '-i', '127.0.0.1', '-I', '::1', '-r', '127.0.0.1', '--no-dht', '-Y', '-M', '-B', '--utp', '-T'], { stdio: 'ignore' });
    try {
      // The daemon opens its sockets a moment after it starts.
      const bothProtocols = (verdicts: SocketVerdict[]): boolean => new Set(verdicts.map((v) => v.socket.protocol)).size === 2;
      let peer: SocketVerdict[] = [];
      for (let attempt = 0; attempt < 100 && !bothProtocols(peer); attempt++) {
        await sleep(100);
        const listing = await listListeningSockets();
        peer = classifySockets(listing.sockets).filter((v) => v.socket.localPort === peerPort && holdersOf(v.socket).some((p) => p.pid === daemon.pid));
      }
      assert.ok(bothProtocols(peer), 'TCP and UDP on the peer port');
      for (const verdict of peer) {
        assert.deepEqual([verdict.suspect, verdict.confidence, verdict.client], [true, 'high', 'Transmission']);
        assert.deepEqual(verdict.reasons.map((r) => r.kind), ['process-name', 'executable', 'tcp-udp-pair']);
        assert.match(verdict.reasons[0]?.text ?? '', /"transmission-da" \(cut to 15 characters from "transmission-daemon"\)/);
      }
      const owner = await lookupProcessOwner(peer[0]!.socket.process!);
      assert.deepEqual([owner.executable, owner.package.manager, owner.package.packages], [DAEMON, 'dpkg', ['transmission-daemon']]);
    } finally {
      if (daemon.exitCode === null && daemon.signalCode === null) {
        const exited = new Promise((resolve) => daemon.once('exit', resolve));
        daemon.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
