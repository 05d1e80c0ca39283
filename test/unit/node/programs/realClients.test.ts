// lookupProgramFacts on the real BitTorrent clients, started side by side in
// a network namespace of the test's own (only loopback: nothing leaves the
// machine): the program, its install kind and package, and never a runtime's.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { lookupProgramFacts } from '../../../../src/node/programs/lookupProgramFacts';
import { isSameProcess } from '../../../../src/node/sockets/sameProcess';
import type { ProgramFacts } from '../../../../src/core/programs/types';
import { createTestHost, type TestHost } from '../../../support/netns';
import { startQbittorrent, startTransmission } from '../../../support/bittorrentClients';
import { skipUnlessAvailable } from '../../../support/prerequisites';

const skip = skipUnlessAvailable(['ip', 'dpkg', 'transmission-daemon', 'qbittorrent-nox', 'deluged', 'node'], true);
const SCRIPT = resolve('test/fixtures/programs/bittorrent-dht/dht-node.mjs');
const RUNTIME_PACKAGE = /^(python3.*|libpython.*|nodejs|libnode.*)$/;

function startDeluged(host: TestHost): ChildProcess {
  const config = join(host.scratch, 'deluge');
  mkdirSync(config, { recursive: true });
  // Two JSON objects one after the other: deluge's header, then the settings.
  writeFileSync(join(config, 'core.conf'), '{"file": 1, "format": 1}{"listen_ports": [6884, 6884], "random_port": false}');
  return host.spawn('deluged', ['-d', '-c', config, '-p', '58846']);
}

/** Waits until the kernel runs the client's own program (ip netns exec has exec'd it) and lookup sees it. */
async function factsWhen(pid: number, ready: (facts: ProgramFacts) => boolean): Promise<ProgramFacts> {
  let facts: ProgramFacts | undefined;
  for (let i = 0; i < 100; i += 1) {
    facts = (await lookupProgramFacts(pid)).facts;
    if (ready(facts)) return facts;
    await sleep(100);
  }
  return facts!;
}

describe('lookupProgramFacts on real clients', { skip }, () => {
  let host: TestHost;
  const pids = new Map<string, number>();
  before(() => {
    host = createTestHost();
    pids.set('transmission', startTransmission(host).pid!);
    pids.set('qbittorrent', startQbittorrent(host).pid!);
    pids.set('deluged', startDeluged(host).pid!);
    // Relative, as a person would type it: resolved against the process's cwd.
    pids.set('node', host.spawn('node', [SCRIPT.slice(process.cwd().length + 1), '0']).pid!);
  });
  after(async () => { await host?.destroy(); });

  it('transmission-daemon: deb transmission-daemon, not refused', { timeout: 30_000 }, async () => {
    const facts = await factsWhen(pids.get('transmission')!, (f) => f.process.executable === '/usr/bin/transmission-daemon');
    assert.deepEqual([facts.program?.path, facts.runtime, facts.install.kind, facts.install.manager, facts.install.package, facts.install.refusal],
      ['/usr/bin/transmission-daemon', undefined, 'deb', 'apt', 'transmission-daemon', undefined]);
    assert.equal(facts.process.name, 'transmission-da');
    assert.match(facts.process.startedAt ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.ok(Math.abs(Date.parse(facts.process.startedAt!) - Date.now()) < 60_000, `started ${facts.process.startedAt}`);
  });

  it('qbittorrent-nox: deb qbittorrent-nox, not refused', { timeout: 30_000 }, async () => {
    const facts = await factsWhen(pids.get('qbittorrent')!, (f) => f.process.executable === '/usr/bin/qbittorrent-nox');
    assert.deepEqual([facts.program?.path, facts.install.kind, facts.install.package, facts.install.refusal], ['/usr/bin/qbittorrent-nox', 'deb', 'qbittorrent-nox', undefined]);
  });

  it('deluged: the program /usr/bin/deluged, deb deluged, runtime python with its package held back', { timeout: 30_000 }, async () => {
    const facts = await factsWhen(pids.get('deluged')!, (f) => f.program?.path === '/usr/bin/deluged');
    assert.match(facts.process.executable ?? '', /\/python3(\.\d+)?$/);
    assert.deepEqual([facts.program?.path, facts.program?.runtime?.kind, facts.install.kind, facts.install.manager, facts.install.package, facts.install.refusal],
      ['/usr/bin/deluged', 'python', 'deb', 'apt', 'deluged', undefined]);
    assert.equal(facts.runtime?.kind, 'python');
    assert.match(facts.runtime?.package ?? '', /^python3(\.\d+)?-minimal$/);
    assert.doesNotMatch(facts.install.package ?? '', RUNTIME_PACKAGE);
  });

  it('the bittorrent-dht script: the .js file, unpackaged and removable by its path, runtime node; nodejs never the package', { timeout: 30_000 }, async () => {
    const facts = await factsWhen(pids.get('node')!, (f) => f.program?.path === SCRIPT);
    assert.deepEqual([facts.program?.path, facts.runtime?.kind, facts.runtime?.package], [SCRIPT, 'node', 'nodejs']);
    assert.deepEqual([facts.install.kind, facts.install.package, facts.install.manager, facts.install.removablePath], ['unpackaged', undefined, undefined, SCRIPT]);
    assert.equal(facts.process.cwd, process.cwd());
  });

  it('each pid is still the same process by its start time; a wrong start time is not', { timeout: 30_000 }, async () => {
    for (const [client, pid] of pids) {
      const facts = (await lookupProgramFacts(pid)).facts;
      assert.equal((await isSameProcess(pid, facts.process.startTicks)).verdict, 'same', client);
      assert.equal((await isSameProcess(pid, String(Number(facts.process.startTicks) + 1))).verdict, 'different', client);
    }
  });
});
