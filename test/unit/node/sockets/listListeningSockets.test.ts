// The lister against real sockets this test opens itself, through each
// Linux source. As root here; one case re-runs this file as `nobody` to see
// what an unprivileged user gets.
import { skipUnlessAvailable } from '../../../support/prerequisites';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
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
