import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLsof } from '../../../../src/core/sockets/parseLsof';
import { find, fixture, keyOf } from './fixture';

describe('parseLsof', () => {
  it('reads a real Linux capture of TCP listeners', () => {
    const { sockets, warnings } = parseLsof(fixture('linux-lsof-F-tcp.txt'));
    assert.deepEqual(warnings, []);
    assert.ok(sockets.every((s) => s.protocol === 'tcp'));
    assert.deepEqual(find(sockets, 'tcp6 [::]:40013').process, { pid: 7599, name: 'my odd, (name)', uid: 0, user: 'root', fd: 22 });
    assert.deepEqual(find(sockets, 'tcp4 127.0.0.1:40040').process, { pid: 7921, name: 'node', uid: 65534, user: 'nobody', fd: 19 });
  });

  it('reads a real Linux capture of UDP sockets, leaving out connected ones', () => {
    const { sockets, warnings } = parseLsof(fixture('linux-lsof-F-udp.txt'));
    assert.deepEqual(warnings, []);
    assert.equal(sockets.some((s) => s.localPort === 40052), false);
    assert.equal(find(sockets, 'udp4 0.0.0.0:6771').process?.name, 'qbittorrent-nox');
    const shared = find(sockets, 'udp4 127.0.0.1:40051');
    assert.deepEqual([shared.process?.pid, shared.otherProcesses?.map((p) => p.pid)], [8070, [8199]]);
  });

  it('reads the macOS field output: names with spaces, dual listeners, link-local scope', () => {
    const { sockets, warnings } = parseLsof(fixture('macos-lsof-F.txt'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(sockets.map(keyOf).sort(), [
      'tcp4 0.0.0.0:22', 'tcp4 0.0.0.0:51413', 'tcp4 127.0.0.1:9222', 'tcp6 [::1]:8080', 'tcp6 [::]:22', 'tcp6 [::]:51413',
      'udp4 0.0.0.0:51413', 'udp4 0.0.0.0:5353', 'udp4 0.0.0.0:6771', 'udp6 [::]:51413', 'udp6 [::]:5353', 'udp6 [fe80:4::aede:48ff:fe00:1122]:6771',
    ]);
    assert.equal(find(sockets, 'tcp4 127.0.0.1:9222').process?.name, 'Google Chrome Helper');
    assert.deepEqual(find(sockets, 'udp6 [::]:51413').process, { pid: 4242, name: 'Transmission', uid: 501, user: 'alice', fd: 25 });
  });

  it('accepts NUL-terminated fields (-F0)', () => {
    const { sockets } = parseLsof('p12\0cmy app\0u501\0\nf5\0tIPv4\0PUDP\0n*:6881\0\n');
    assert.deepEqual(sockets, [{ protocol: 'udp', family: 4, localAddress: '0.0.0.0', localPort: 6881, process: { pid: 12, name: 'my app', uid: 501, fd: 5 } }]);
  });
});

describe('parseLsof on broken input', () => {
  it('does not credit files after a broken process line to the process before it', () => {
    const { sockets, warnings } = parseLsof('p10\ncgood\nf3\ntIPv4\nPUDP\nn*:1\npXX\nf4\ntIPv4\nPUDP\nn*:6881\n');
    assert.deepEqual(sockets.map((s) => `${s.localPort} ${s.process?.pid}`), ['1 10']);
    assert.match(warnings[0] ?? '', /bad "p" field/);
  });
});
