import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcNet } from '../../../../src/core/sockets/parseProcNet';
import { find, fixture } from './fixture';

describe('parseProcNet', () => {
  const tcp = parseProcNet('tcp', fixture('linux-proc-net-tcp.txt'));
  const tcp6 = parseProcNet('tcp6', fixture('linux-proc-net-tcp6.txt'));
  const udp = parseProcNet('udp', fixture('linux-proc-net-udp.txt'));
  const udp6 = parseProcNet('udp6', fixture('linux-proc-net-udp6.txt'));

  it('keeps only listening TCP (0A) and unconnected UDP (07, no remote)', () => {
    assert.deepEqual([tcp.sockets.length, tcp6.sockets.length, udp.sockets.length, udp6.sockets.length], [13, 13, 12, 12]);
    for (const result of [tcp, tcp6, udp, udp6]) assert.deepEqual(result.warnings, []);
    // 127.0.0.1:40052 is connected to :40051, so it does not listen.
    assert.equal(udp.sockets.some((s) => s.localPort === 40052), false);
  });

  it('decodes little-endian IPv4 words and hex ports', () => {
    assert.deepEqual(find(tcp.sockets, 'tcp4 127.0.0.1:40000'), { protocol: 'tcp', family: 4, localAddress: '127.0.0.1', localPort: 40000, uid: 0, inode: 9057 });
    assert.equal(find(udp.sockets, 'udp4 0.0.0.0:6771').inode, 10793);
    assert.equal(find(udp.sockets, 'udp4 127.0.0.1:40044').uid, 65534);
  });

  it('decodes IPv6 as four little-endian words, written canonically', () => {
    assert.equal(find(tcp6.sockets, 'tcp6 [::1]:40002').inode, 9059);
    assert.equal(find(udp6.sockets, 'udp6 [::]:51413').inode, 10795);
  });

  it('honours the byte order it is told', () => {
    const row = '   0: 7F000001:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0000000000000000 100 0 0 10 0';
    assert.equal(parseProcNet('tcp', row, { littleEndian: false }).sockets[0]?.localAddress, '127.0.0.1');
    const row6 = '   0: 20010DB8000000000000000000000001:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 78 1 0000000000000000 100 0 0 10 0';
    assert.equal(parseProcNet('tcp6', row6, { littleEndian: false }).sockets[0]?.localAddress, '2001:db8::1');
    const mapped = '   0: 0000000000000000FFFF00000100007F:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 79 1 0000000000000000 100 0 0 10 0';
    assert.equal(parseProcNet('tcp6', mapped).sockets[0]?.localAddress, '::ffff:127.0.0.1');
  });

  it('rejects a row whose address length does not fit the table', () => {
    const ipv4Row = '   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0000000000000000 100 0 0 10 0';
    const result = parseProcNet('tcp6', ipv4Row);
    assert.equal(result.sockets.length, 0);
    assert.match(result.warnings[0] ?? '', /address length/);
  });
});
