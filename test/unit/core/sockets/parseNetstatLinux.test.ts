import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NETSTAT_LINUX_ARGS, parseNetstatLinux } from '../../../../src/core/sockets/parseNetstatLinux';
import { find, fixture } from './fixture';

describe('parseNetstatLinux', () => {
  const root = parseNetstatLinux(fixture('linux-netstat-root.txt'));

  it('reads every row of a real capture as root, without warnings', () => {
    assert.equal(root.sockets.length, 50);
    assert.deepEqual(root.warnings, []);
  });

  it('reads TCP rows (with State) and UDP rows (without), IPv4 and IPv6', () => {
    assert.deepEqual(find(root.sockets, 'tcp4 127.0.0.1:40000'), {
      protocol: 'tcp', family: 4, localAddress: '127.0.0.1', localPort: 40000, inode: 9057, uid: 0, process: { pid: 7598, name: 'node' },
    });
    assert.deepEqual(find(root.sockets, 'udp6 [::]:40047'), {
      protocol: 'udp', family: 6, localAddress: '::', localPort: 40047, inode: 11398, uid: 65534, process: { pid: 7921, name: 'node' },
    });
    assert.equal(find(root.sockets, 'tcp6 [::1]:40002').process?.pid, 7598);
  });

  it('keeps program names with spaces, commas, quotes and parentheses whole', () => {
    assert.equal(find(root.sockets, 'tcp4 0.0.0.0:40011').process?.name, 'my odd, (name)');
    assert.equal(find(root.sockets, 'tcp4 0.0.0.0:40021').process?.name, 'x"),("y');
    assert.equal(find(root.sockets, 'udp4 0.0.0.0:40035').process?.name, 'spaced argv, z');
  });

  it('leaves the owner out on "-", as for a socket of another PID namespace', () => {
    assert.equal(find(root.sockets, 'tcp4 0.0.0.0:2024').process, undefined);
  });

  it('reads an unprivileged capture: only the own processes are named', () => {
    const { sockets, warnings } = parseNetstatLinux(fixture('linux-netstat-unprivileged.txt') + fixture('linux-netstat-unprivileged.stderr.txt'));
    assert.deepEqual(warnings, []);
    assert.equal(sockets.length, 50);
    assert.deepEqual([...new Set(sockets.flatMap((s) => (s.process ? [s.process.pid] : [])))], [7921]);
  });

  it('reads a capture taken without -p', () => {
    const { sockets, warnings } = parseNetstatLinux(fixture('linux-netstat-no-process.txt'));
    assert.deepEqual(warnings, []);
    assert.equal(sockets.length, 50);
    assert.ok(sockets.every((s) => s.process === undefined));
  });

  it('reads a wide (-W) capture: long IPv6 addresses whole, IPv4-mapped ones as IPv6', () => {
    const { sockets, warnings } = parseNetstatLinux(fixture('linux-netstat-wide.txt'));
    assert.deepEqual(warnings, []);
    assert.equal(sockets.length, 7);
    assert.deepEqual(find(sockets, 'udp6 [fe80::fc:ff:fe00:1]:41399'), {
      protocol: 'udp', family: 6, localAddress: 'fe80::fc:ff:fe00:1', localPort: 41399, inode: 259403, uid: 0, process: { pid: 18056, name: 'node' },
    });
    assert.equal(find(sockets, 'tcp6 [fe80::fc:ff:fe00:1]:36007').inode, 259405);
    assert.equal(find(sockets, 'tcp6 [::ffff:127.0.0.1]:35387').inode, 259401);
    assert.equal(find(sockets, 'udp6 [::ffff:127.0.0.1]:34066').process?.pid, 18056);
    assert.equal(find(sockets, 'udp6 [::]:37861').inode, 259408);
  });

  it('asks netstat for the wide format', () => {
    assert.ok(NETSTAT_LINUX_ARGS.includes('-W'));
  });

  it('skips sockets that do not listen', () => {
    const { sockets, warnings } = parseNetstatLinux([
      'tcp        0      0 10.0.0.2:22             10.0.0.9:50000          ESTABLISHED 0          4242       900/sshd: root',
      'udp        0      0 10.0.0.2:40000          10.0.0.9:53             ESTABLISHED 0          4243       901/resolver',
    ].join('\n'));
    assert.deepEqual([sockets, warnings], [[], []]);
  });
});
