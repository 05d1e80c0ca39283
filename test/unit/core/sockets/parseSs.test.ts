import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSs } from '../../../../src/core/sockets/parseSs';
import { find, fixture, keyOf } from './fixture';

describe('parseSs', () => {
  const root = parseSs(fixture('linux-ss-root.txt'));

  it('reads every row of a real capture as root, without warnings', () => {
    assert.equal(root.sockets.length, 50);
    assert.deepEqual(root.warnings, []);
    assert.equal(root.sockets.filter((s) => s.protocol === 'tcp').length, 26);
  });

  it('reads IPv4 and IPv6, loopback and any, with inode and fd', () => {
    assert.deepEqual(find(root.sockets, 'tcp4 127.0.0.1:40000'), {
      protocol: 'tcp', family: 4, localAddress: '127.0.0.1', localPort: 40000, inode: 9057,
      process: { pid: 7598, fd: 19, name: 'node' },
    });
    assert.equal(find(root.sockets, 'udp4 0.0.0.0:40005').process?.pid, 7598);
    const loopback6 = find(root.sockets, 'udp6 [::1]:40006');
    assert.equal(loopback6.dualStack, undefined);
    assert.equal(loopback6.inode, 9063);
  });

  it('reads `*` as the dual-stack IPv6 any address and `[::]` with v6only as IPv6 only', () => {
    const star = find(root.sockets, 'tcp6 [::]:40003');
    assert.equal(star.dualStack, true);
    assert.equal(star.process?.pid, 7598);
    const v6only = parseSs('tcp LISTEN 0 511 [::]:22 [::]:* users:(("sshd",pid=1,fd=3)) ino:5 sk:1 cgroup:/ v6only:1 <->');
    assert.equal(v6only.sockets[0]?.dualStack, false);
  });

  it('keeps names with spaces, commas and parentheses (ss cuts them at the first `)`)', () => {
    assert.equal(find(root.sockets, 'tcp4 127.0.0.1:40010').process?.name, 'my odd, (name');
    assert.equal(find(root.sockets, 'udp6 [::]:40017').process?.pid, 7599);
  });

  it('is not fooled by quotes in a name', () => {
    const odd = find(root.sockets, 'tcp4 127.0.0.1:40020');
    assert.deepEqual(odd.process, { pid: 7600, fd: 19, name: 'x"' });
    const forged = parseSs('udp UNCONN 0 0 127.0.0.1:9 0.0.0.0:* users:(("a",pid=1,fd=2",pid=77,fd=5)) ino:42 sk:2 <->');
    assert.deepEqual(forged.sockets[0]?.process, { pid: 77, fd: 5, name: 'a",pid=1,fd=2' });
    assert.equal(forged.sockets[0]?.otherProcesses, undefined);
  });

  it('lists every process that holds a shared socket', () => {
    const shared = find(root.sockets, 'tcp6 [::1]:40050');
    assert.equal(shared.process?.pid, 8199);
    assert.deepEqual(shared.otherProcesses, [{ pid: 8070, fd: 3, name: 'python3' }]);
  });

  it('leaves the owner out when ss could not see it, and keeps the socket uid', () => {
    assert.equal(find(root.sockets, 'tcp4 0.0.0.0:2024').process, undefined);
    assert.equal(find(root.sockets, 'tcp4 127.0.0.1:40040').uid, 65534);
    const unprivileged = parseSs(fixture('linux-ss-unprivileged.txt'));
    assert.equal(unprivileged.sockets.length, 50);
    const owned = unprivileged.sockets.filter((s) => s.process !== undefined);
    assert.equal(owned.length, 8);
    assert.ok(owned.every((s) => s.process?.pid === 7921 && s.uid === 65534));
  });

  it('reads output taken without -p', () => {
    const bare = parseSs(fixture('linux-ss-no-process.txt'));
    assert.deepEqual(bare.sockets.map(keyOf).sort(), root.sockets.map(keyOf).sort());
    assert.ok(bare.sockets.every((s) => s.process === undefined && s.inode !== undefined));
  });

  it('reads a device-bound address and an IPv6 zone', () => {
    const { sockets, warnings } = parseSs([
      'udp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:* users:(("systemd-resolve",pid=612,fd=13)) uid:991 ino:2001 sk:1 <->',
      'udp UNCONN 0 0 [fe80::5054:ff:fe12:3456]%eth0:546 [::]:* users:(("systemd-network",pid=600,fd=20)) uid:998 ino:2002 sk:2 v6only:1 <->',
    ].join('\n'));
    assert.deepEqual(warnings, []);
    assert.deepEqual([sockets[0]?.localAddress, sockets[0]?.interface], ['127.0.0.53', 'lo']);
    assert.deepEqual([sockets[1]?.localAddress, sockets[1]?.interface, sockets[1]?.family], ['fe80::5054:ff:fe12:3456', 'eth0', 6]);
  });

  it('joins a row that a newline in a process name split (real capture)', () => {
    const { sockets, warnings } = parseSs(fixture('linux-ss-newline-name.txt'));
    assert.deepEqual(warnings, []);
    assert.equal(sockets.length, 11);
    for (const key of ['udp4 127.0.0.1:46881', 'tcp4 127.0.0.1:46881']) {
      assert.deepEqual(find(sockets, key).process, { pid: 17456, fd: key.startsWith('udp') ? 18 : 20, name: 'qbit\ntorrent' });
    }
    assert.deepEqual(find(sockets, 'tcp4 127.0.0.1:46882').process, { pid: 17458, fd: 20, name: 'two\n\nlines' });
    assert.deepEqual([find(sockets, 'udp4 127.0.0.1:46882').inode, find(sockets, 'udp4 127.0.0.1:46882').process?.pid], [257573, 17458]);
    assert.equal(find(sockets, 'tcp4 0.0.0.0:2024').process, undefined);
  });

  it('keeps a socket without an owner when its users list cannot be read', () => {
    const { sockets, warnings } = parseSs([
      'udp UNCONN 0 0 127.0.0.1:6881 0.0.0.0:* users:(("qbit',
      'torrent",pid=oops)) uid:0 ino:777 sk:1 cgroup:/ <->',
      'tcp LISTEN 0 5 127.0.0.1:6882 0.0.0.0:* users:(("x",pid=3,fd=4)) ino:778 sk:2 <->',
    ].join('\n'));
    assert.deepEqual(sockets.map((s) => [s.protocol, s.localPort, s.inode, s.uid, s.process?.pid]), [['udp', 6881, 777, 0, undefined], ['tcp', 6882, 778, undefined, 3]]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^Line 1 skipped \(unreadable users/);
  });

  it('skips the header and sockets that do not listen', () => {
    const { sockets, warnings } = parseSs('Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\ntcp ESTAB 0 0 127.0.0.1:5 127.0.0.1:6 ino:1 sk:1 <->\n');
    assert.deepEqual([sockets, warnings], [[], []]);
  });
});
