import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetstatWindows } from '../../../../src/core/sockets/parseNetstatWindows';
import { find, fixture, keyOf } from './fixture';

describe('parseNetstatWindows', () => {
  it('reads English netstat -ano: listeners only, IPv6 and zones, CRLF and trailing spaces', () => {
    const { sockets, warnings } = parseNetstatWindows(fixture('windows-netstat-ano-en.txt'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(sockets.map((s) => `${keyOf(s)} ${s.process?.pid}`).sort(), [
      'tcp4 0.0.0.0:135 1060', 'tcp4 0.0.0.0:23456 6120', 'tcp4 0.0.0.0:445 4', 'tcp4 127.0.0.1:10000 6120', 'tcp4 192.0.2.15:139 4',
      'tcp6 [::1]:8080 7344', 'tcp6 [::]:135 1060', 'tcp6 [::]:8999 7344',
      'udp4 0.0.0.0:23456 6120', 'udp4 0.0.0.0:500 2328', 'udp4 0.0.0.0:5353 1324', 'udp4 0.0.0.0:6771 7344', 'udp4 192.0.2.15:137 4',
      'udp6 [::1]:1900 3676', 'udp6 [::]:23456 6120', 'udp6 [::]:8999 7344', 'udp6 [fe80::1c2b:3d4e:5f60:7182]:1900 3676',
    ]);
    assert.equal(find(sockets, 'udp6 [fe80::1c2b:3d4e:5f60:7182]:1900').interface, '12');
  });

  it('does not depend on English words', () => {
    const { sockets, warnings } = parseNetstatWindows(fixture('windows-netstat-ano-de.txt'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(sockets.map((s) => `${keyOf(s)} ${s.process?.pid}`).sort(), [
      'tcp4 0.0.0.0:135 1060', 'tcp4 0.0.0.0:51413 5800', 'tcp6 [::]:51413 5800', 'udp4 0.0.0.0:51413 5800', 'udp6 [::]:51413 5800',
    ]);
    const italian = parseNetstatWindows('  TCP    0.0.0.0:6881           0.0.0.0:0              IN ASCOLTO      4120');
    assert.equal(italian.sockets[0]?.process?.pid, 4120);
  });
});
