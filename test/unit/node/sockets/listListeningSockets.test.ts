// The lister against real sockets this test opens itself, through each
// Linux source. As root here; one case re-runs this file as `nobody` to see
// what an unprivileged user gets.
import { skipUnlessAvailable } from '../../../support/prerequisites';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import { realpathSync } from 'node:fs';
import * as net from 'node:net';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { holdersOf } from '../../../../src/core/sockets/parserSupport';
import type { ListeningSocket, SocketListing } from '../../../../src/core/sockets/types';
import { listListeningSockets, type SourceChoice } from '../../../../src/node/sockets/listListeningSockets';
import { openSockets, type OpenedSocket } from './openSockets';

const CHILD_FLAG = 'SOCKETS_TEST_CHILD_SOURCE';

function findOpened(listing: SocketListing, wanted: OpenedSocket): ListeningSocket | undefined {
  return listing.sockets.find((s) => s.protocol === wanted.protocol && s.family === wanted.family && s.localAddress === wanted.localAddress && s.localPort === wanted.localPort);
}

const describeSocket = (s: OpenedSocket): string => `${s.protocol}${s.family} ${s.localAddress} port ${s.localPort}`;

if (process.env[CHILD_FLAG] !== undefined) {
  // Child mode: list as the user we were started as, and report as JSON.
  const { opened, close } = await openSockets();
  const listing = await listListeningSockets({ source: process.env[CHILD_FLAG] as SourceChoice });
  process.stdout.write(JSON.stringify({ pid: process.pid, opened, listing }));
  await close();
} else {
  describe('listListeningSockets on this machine', { skip: process.platform !== 'linux' && 'the sources under test are Linux ones' }, () => {
    let opened: OpenedSocket[] = [];
    let close: () => Promise<void> = async () => {};
    before(async () => ({ opened, close } = await openSockets()));
    after(() => close());

    for (const source of ['ss', 'netstat', 'proc', 'lsof'] as const) {
      it(`finds every socket of this process through ${source}`, async () => {
        const listing = await listListeningSockets({ source });
        assert.equal(listing.error, undefined, listing.warnings.join('\n'));
        assert.equal(listing.source, source);
        for (const wanted of opened) {
          const found = findOpened(listing, wanted);
          assert.ok(found, `${source} did not list ${describeSocket(wanted)}`);
          const self = holdersOf(found).find((p) => p.pid === process.pid);
          assert.ok(self, `${source} did not name pid ${process.pid} for ${describeSocket(wanted)}`);
          assert.equal(self.name, 'node');
          assert.equal(self.executable, realpathSync(process.execPath));
          assert.match(self.commandLine ?? '', /listListeningSockets\.test\.mjs/);
          assert.deepEqual([self.uid, self.user], [0, 'root']);
        }
        const raw = listing.evidence.map((e) => e.rawOutput).join('\n');
        for (const wanted of opened) {
          const port = source === 'proc' ? wanted.localPort.toString(16).toUpperCase().padStart(4, '0') : String(wanted.localPort);
          assert.ok(raw.includes(port), `the evidence of ${source} shows port ${port}`);
        }
      });
    }

    it('says which IPv6 sockets also take IPv4, where the source tells (ss)', async () => {
      const listing = await listListeningSockets({ source: 'ss' });
      const any6 = opened.filter((s) => s.localAddress === '::').map((s) => findOpened(listing, s)?.dualStack);
      const loop6 = opened.filter((s) => s.localAddress === '::1').map((s) => findOpened(listing, s)?.dualStack);
      assert.deepEqual([any6, loop6], [[true, true], [undefined, undefined]]);
    });

    it('picks ss by default on Linux and keeps the command as evidence', async () => {
      const listing = await listListeningSockets();
      assert.equal(listing.source, 'ss');
      assert.deepEqual([listing.evidence[0]?.command, listing.evidence[0]?.args], ['ss', ['-H', '-l', '-n', '-p', '-t', '-u', '-e']]);
      assert.equal(listing.evidence[0]?.exitCode, 0);
      assert.ok(opened.every((s) => findOpened(listing, s)));
    });

    it('as root, explains the sockets that still have no owner', async () => {
      const listing = await listListeningSockets({ source: 'ss' });
      if (listing.attribution === 'complete') return; // nothing outside this namespace listens right now
      assert.equal(listing.attribution, 'partial');
      assert.match(listing.attributionNote ?? '', /another PID namespace/);
    });

    it('never calls an lsof listing complete, and runs lsof so that it cannot block', async () => {
      const listing = await listListeningSockets({ source: 'lsof' });
      assert.equal(listing.error, undefined);
      assert.ok(listing.sockets.every((s) => s.process !== undefined), 'lsof shows no socket without an owner');
      assert.equal(listing.attribution, 'partial');
      assert.match(listing.attributionNote ?? '', /lsof lists only the sockets of processes it can see/);
      assert.match(listing.attributionNote ?? '', /ss, netstat or \/proc/);
      assert.ok(listing.evidence.every((e) => e.args.includes('-b') && e.args.includes('-w')), JSON.stringify(listing.evidence.map((e) => e.args)));
    });

    it('drops the cut last line of output that reached the size limit and says the listing is partial', async () => {
      const listing = await listListeningSockets({ source: 'ss', maxBufferBytes: 300 });
      assert.equal(listing.error, undefined);
      assert.equal(listing.evidence[0]?.truncated, true);
      assert.ok(listing.sockets.length >= 1, 'the whole lines before the cut are read');
      assert.deepEqual(listing.warnings.filter((w) => /skipped/.test(w)), [], 'no half row is read or complained about');
      assert.notEqual(listing.attribution, 'complete');
      assert.match(listing.attributionNote ?? '', /output was cut/);
    });

    it('keeps the socket of a process whose name holds a newline (ss prints it raw)', { timeout: 20_000 }, async () => {
      const script = `require('fs').writeFileSync('/proc/self/comm', 'qbit\\ntorrent');
        const u = require('dgram').createSocket('udp4');
        u.bind(0, '127.0.0.1', () => { const t = require('net').createServer();
          t.listen(0, '127.0.0.1', () => console.log(JSON.stringify([u.address().port, t.address().port]))); });`;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const [udpPort, tcpPort] = await new Promise<[number, number]>((resolve, reject) => {
          child.stdout.once('data', (data: Buffer) => resolve(JSON.parse(String(data)) as [number, number]));
          child.once('exit', (code) => reject(new Error(`the child exited with ${code}`)));
        });
        const listing = await listListeningSockets({ source: 'ss' });
        for (const [protocol, port] of [['udp', udpPort], ['tcp', tcpPort]] as const) {
          const found = listing.sockets.find((s) => s.protocol === protocol && s.localPort === port && s.localAddress === '127.0.0.1');
          assert.ok(found, `ss listed ${protocol} port ${port}`);
          assert.equal(found.process?.pid, child.pid);
          assert.equal(found.process?.name, 'qbit\ntorrent');
        }
      } finally {
        child.kill();
      }
    });

    const linkLocal = Object.entries(networkInterfaces()).flatMap(([name, infos]) =>
      (infos ?? []).filter((i) => i.family === 'IPv6' && i.address.startsWith('fe80:') && !i.internal).map((i) => ({ name, address: i.address.split('%')[0] ?? '' })))[0];
    it('reads long IPv6 addresses whole through netstat (it cuts them without -W)', { skip: linkLocal === undefined && 'no link-local IPv6 address here' }, async () => {
      const { name, address } = linkLocal!;
      const udp = dgram.createSocket('udp6');
      const tcp = net.createServer();
      try {
        await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(0, `${address}%${name}`, resolve); });
        await new Promise<void>((resolve, reject) => { tcp.once('error', reject); tcp.listen({ port: 0, host: `${address}%${name}` }, resolve); });
        const listing = await listListeningSockets({ source: 'netstat' });
        for (const [protocol, port] of [['udp', udp.address().port], ['tcp', (tcp.address() as net.AddressInfo).port]] as const) {
          const found = listing.sockets.find((s) => s.protocol === protocol && s.localPort === port);
          assert.equal(found?.localAddress, address, `netstat listed ${protocol} [${address}]:${port}`);
          assert.equal(found?.process?.pid, process.pid);
        }
      } finally {
        udp.close();
        tcp.close();
      }
    });

    const unprivileged = skipUnlessAvailable(['runuser'], true);
    for (const source of ['ss', 'proc'] as const) {
      it(`as nobody through ${source}: own sockets named, root's not, and the note says to use sudo`, { skip: unprivileged }, async () => {
        const stdout = await new Promise<string>((resolve, reject) => {
          execFile('runuser', ['-u', 'nobody', '--', process.execPath, fileURLToPath(import.meta.url)], { env: { ...process.env, [CHILD_FLAG]: source }, timeout: 30_000 },
            (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
        });
        const child = JSON.parse(stdout) as { pid: number; opened: OpenedSocket[]; listing: SocketListing };
        assert.equal(child.listing.error, undefined);
        for (const wanted of child.opened) {
          const found = findOpened(child.listing, wanted);
          assert.deepEqual([found?.process?.pid, found?.process?.user], [child.pid, 'nobody'], describeSocket(wanted));
        }
        for (const wanted of opened) assert.equal(findOpened(child.listing, wanted)?.process, undefined, `root's ${describeSocket(wanted)} has no owner for nobody`);
        assert.equal(child.listing.attribution, 'partial');
        assert.match(child.listing.attributionNote ?? '', /as root \(with sudo\)/);
      });
    }
  });
}
