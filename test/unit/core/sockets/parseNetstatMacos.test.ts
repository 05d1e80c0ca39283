import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetstatMacos } from '../../../../src/core/sockets/parseNetstatMacos';
import { find, fixture, keyOf } from './fixture';

describe('parseNetstatMacos', () => {
  it('reads the process:pid column of macOS 14+, names with spaces included', () => {
    const { sockets, warnings } = parseNetstatMacos(fixture('macos-netstat-anvW-tcp-sonoma.txt'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(sockets.map(keyOf).sort(), ['tcp4 0.0.0.0:22', 'tcp4 127.0.0.1:9222', 'tcp6 [::1]:8080', 'tcp6 [::]:22', 'tcp6 [::]:51413', 'tcp6 [fe80::1]:631']);
    assert.deepEqual(find(sockets, 'tcp4 127.0.0.1:9222').process, { pid: 901, name: 'Google Chrome He' });
    assert.deepEqual(find(sockets, 'tcp6 [::]:51413'), { protocol: 'tcp', family: 6, localAddress: '::', localPort: 51413, dualStack: true, process: { pid: 4242, name: 'Transmission' } });
    assert.equal(find(sockets, 'tcp6 [fe80::1]:631').interface, 'lo0');
  });

  it('keeps unconnected UDP sockets and drops connected and unbound ones', () => {
    const { sockets, warnings } = parseNetstatMacos(fixture('macos-netstat-anvW-udp-sonoma.txt'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(sockets.map(keyOf).sort(), ['udp4 0.0.0.0:5353', 'udp4 0.0.0.0:6771', 'udp6 [::]:51413', 'udp6 [::]:5353']);
    assert.equal(find(sockets, 'udp4 0.0.0.0:5353').process?.name, 'mDNSResponder');
  });

  it('reads the bare pid column of macOS 12-13 (after rxbytes and txbytes)', () => {
    const { sockets, warnings } = parseNetstatMacos(fixture('macos-netstat-anvW-monterey.txt'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(sockets.map((s) => `${keyOf(s)} ${s.process?.pid}`).sort(), ['tcp4 0.0.0.0:6969 1200', 'tcp6 [::]:7000 611', 'udp4 0.0.0.0:6969 1200']);
  });

  it('reads the pid column of macOS 11 and earlier, section by section', () => {
    const { sockets, warnings } = parseNetstatMacos(fixture('macos-netstat-anvW-bigsur.txt'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(sockets.map((s) => `${keyOf(s)} ${s.process?.pid}`).sort(), [
      'tcp4 0.0.0.0:6881 733', 'tcp4 127.0.0.1:631 388', 'tcp6 [::]:6881 733', 'udp4 0.0.0.0:5353 402', 'udp4 0.0.0.0:6881 733', 'udp6 [::]:6881 733',
    ]);
  });

  it('says so when the header has no pid column (netstat run without -v)', () => {
    const { sockets, warnings } = parseNetstatMacos('Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\ntcp4       0      0  *.6881                 *.*                    LISTEN\n');
    assert.equal(sockets[0]?.process, undefined);
    assert.match(warnings[0] ?? '', /no pid column/);
  });
});
