// The four Linux captures were taken at one moment: each source must name
// the same sockets, and the ones that can see owners the same owners.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLsof } from '../../../../src/core/sockets/parseLsof';
import { parseNetstatLinux } from '../../../../src/core/sockets/parseNetstatLinux';
import { parseProcNet } from '../../../../src/core/sockets/parseProcNet';
import { holdersOf } from '../../../../src/core/sockets/parserSupport';
import { parseSs } from '../../../../src/core/sockets/parseSs';
import type { ListeningSocket } from '../../../../src/core/sockets/types';
import { fixture, keyOf } from './fixture';

/** ss says `*` for a dual-stack socket; the others say `::`. Both key as `[::]`. */
const byInode = (sockets: ListeningSocket[]): string[] => sockets.map((s) => `${keyOf(s)} #${s.inode}`).sort();

describe('Linux sources agree', () => {
  const ss = parseSs(fixture('linux-ss-root.txt')).sockets;
  const netstat = parseNetstatLinux(fixture('linux-netstat-root.txt')).sockets;
  const proc = (['tcp', 'tcp6', 'udp', 'udp6'] as const).flatMap((t) => parseProcNet(t, fixture(`linux-proc-net-${t}.txt`)).sockets);

  it('ss, netstat and /proc/net name the same sockets and inodes', () => {
    assert.equal(ss.length, 50);
    assert.deepEqual(byInode(netstat), byInode(ss));
    assert.deepEqual(byInode(proc), byInode(ss));
  });

  it('ss and netstat name the same first owner', () => {
    const owners = (sockets: ListeningSocket[]): string[] => sockets.map((s) => `${keyOf(s)} ${s.process?.pid ?? '-'}`).sort();
    const sharedBy = new Set([8070, 8199]); // the forked pair: each tool names a different one first
    const unshared = (list: string[]): string[] => list.filter((l) => !sharedBy.has(Number(l.split(' ').pop())));
    assert.deepEqual(unshared(owners(netstat)), unshared(owners(ss)));
  });

  it('lsof, taken minutes later, agrees on the sockets that were still open', () => {
    const lsof = [...parseLsof(fixture('linux-lsof-F-tcp.txt')).sockets, ...parseLsof(fixture('linux-lsof-F-udp.txt')).sockets];
    const holders = (s: ListeningSocket): string => holdersOf(s).map((p) => p.pid).sort().join(',');
    const ours = (sockets: ListeningSocket[]): string[] => sockets.filter((s) => s.localPort >= 40000 && s.localPort <= 40051).map((s) => `${keyOf(s)} ${holders(s)}`).sort();
    assert.deepEqual(ours(lsof), ours(ss));
  });
});
