import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { probeEndpointsForSockets } from '../../../../src/core/localCheck/probeEndpoints';
import { mergeConfirmations, orderForReport } from '../../../../src/core/localCheck/mergeConfirmations';
import { classifySockets } from '../../../../src/core/sockets/classify';
import type { ListeningSocket } from '../../../../src/core/sockets/types';
import type { DhtNodeFinding } from '../../../../src/core/probe/types';

const local = [
  { address: '127.0.0.1', family: 4 as const },
  { address: '::1', family: 6 as const },
  { address: '198.18.0.2', family: 4 as const },
  { address: '2001:db8::2', family: 6 as const },
];

const udp = (localAddress: string, localPort: number, extra: Partial<ListeningSocket> = {}): ListeningSocket =>
  ({ protocol: 'udp', family: localAddress.includes(':') ? 6 : 4, localAddress, localPort, ...extra });

function finding(address: string, port: number): DhtNodeFinding {
  return {
    endpoint: { address, family: address.includes(':') ? 6 : 4, port }, replyKind: 'response', nodeIdHex: '00'.repeat(20), readOnly: false, roundTripMs: 1,
    evidence: { to: '', from: '', sentHex: '', receivedHex: '', sentAt: '', receivedAt: '' },
  };
}

describe('probe endpoints for local sockets', () => {
  it('probes a wildcard socket on every local address of its family, loopback included', () => {
    const endpoints = probeEndpointsForSockets([udp('0.0.0.0', 51413)], local);
    assert.deepEqual(endpoints.map((e) => e.address), ['127.0.0.1', '198.18.0.2']);
  });
  it('probes a dual-stack IPv6 wildcard on both families', () => {
    const endpoints = probeEndpointsForSockets([udp('::', 6881, { dualStack: true })], local);
    assert.deepEqual(endpoints.map((e) => e.address).sort(), ['127.0.0.1', '198.18.0.2', '2001:db8::2', '::1']);
  });
  it('probes a socket bound to one address only there, skips TCP, and never twice', () => {
    const tcp: ListeningSocket = { protocol: 'tcp', family: 4, localAddress: '0.0.0.0', localPort: 6881 };
    const endpoints = probeEndpointsForSockets([udp('198.18.0.2', 6881), udp('198.18.0.2', 6881), tcp], local);
    assert.deepEqual(endpoints, [{ address: '198.18.0.2', family: 4, port: 6881 }]);
  });
  it('keeps the zone of a link-local socket', () => {
    const endpoints = probeEndpointsForSockets([udp('fe80::1', 6881, { interface: 'eth0' })], local);
    assert.equal(endpoints[0]?.address, 'fe80::1%eth0');
  });
  it('takes the zone of a link-local socket from the local addresses when the source printed none (lsof, /proc)', () => {
    const withLinkLocal = [...local, { address: 'fe80::1%eth0', family: 6 as const }, { address: 'fe80::2%eth1', family: 6 as const }];
    const endpoints = probeEndpointsForSockets([udp('fe80::1', 6881), udp('febf::9', 6882)], withLinkLocal);
    assert.deepEqual(endpoints.map((e) => e.address), ['fe80::1%eth0', 'febf::9']);
  });
  it('probes an IPv6 wildcard of unknown dual-stack on IPv4 too, and a v6only one on IPv6 only', () => {
    const maybe = probeEndpointsForSockets([udp('::', 6881)], local);
    assert.deepEqual(maybe.map((e) => e.address).sort(), ['127.0.0.1', '198.18.0.2', '2001:db8::2', '::1']);
    const v6only = probeEndpointsForSockets([udp('::', 6881, { dualStack: false })], local);
    assert.deepEqual(v6only.map((e) => e.address).sort(), ['2001:db8::2', '::1']);
  });
});

describe('crediting a reply to the socket the kernel delivers to', () => {
  const credited = (sockets: ListeningSocket[], address: string, port: number, extraLocal = local): number[] =>
    mergeConfirmations(classifySockets(sockets), [finding(address, port)], new Set([port]), extraLocal)
      .flatMap((c) => (c.dhtReplies.length > 0 ? [c.verdict.socket.process?.pid ?? 0] : []));

  it('prefers the socket bound to the exact address over a wildcard', () => {
    const sockets = [udp('0.0.0.0', 6881, { process: { pid: 1, name: 'dnsmasq' } }), udp('127.0.0.1', 6881, { process: { pid: 2, name: 'qbittorrent-nox' } })];
    assert.deepEqual(credited(sockets, '127.0.0.1', 6881), [2]);
    assert.deepEqual(credited(sockets, '198.18.0.2', 6881), [1]);
  });
  it('prefers a same-family wildcard over a dual-stack ::, and :: for IPv6', () => {
    const sockets = [udp('::', 6881, { dualStack: true, process: { pid: 3 } }), udp('0.0.0.0', 6881, { process: { pid: 4 } })];
    assert.deepEqual(credited(sockets, '198.18.0.2', 6881), [4]);
    assert.deepEqual(credited(sockets, '::1', 6881), [3]);
    assert.deepEqual(credited([udp('::', 6881, { process: { pid: 3 } })], '127.0.0.1', 6881), [3], 'unknown dual-stack may take IPv4');
    assert.deepEqual(credited([udp('::', 6881, { dualStack: false, process: { pid: 3 } })], '127.0.0.1', 6881), []);
  });
  it('matches the zone of a link-local address', () => {
    const withLinkLocal = [...local, { address: 'fe80::1%eth0', family: 6 as const }];
    const sockets = [udp('::', 6881, { process: { pid: 5 } }), udp('fe80::1', 6881, { interface: 'eth0', process: { pid: 6 } }), udp('fe80::1', 6881, { interface: 'eth1', process: { pid: 7 } })];
    assert.deepEqual(credited(sockets, 'fe80::1%eth0', 6881, withLinkLocal), [6]);
  });
  it('credits every socket of a tie, and none on another port or over TCP', () => {
    const sockets = [udp('127.0.0.1', 6881, { process: { pid: 8 } }), udp('127.0.0.1', 6881, { process: { pid: 9 } }), udp('127.0.0.1', 6882, { process: { pid: 10 } })];
    assert.deepEqual(credited(sockets, '127.0.0.1', 6881), [8, 9]);
    assert.deepEqual(credited([{ protocol: 'tcp', family: 4, localAddress: '127.0.0.1', localPort: 6881 }], '127.0.0.1', 6881), []);
  });
});

describe('merging the probe into the verdicts', () => {
  const sockets: ListeningSocket[] = [
    udp('0.0.0.0', 51413, { process: { pid: 10, name: 'transmission-daemon' } }),
    udp('127.0.0.1', 6881, { process: { pid: 11, name: 'qbittorrent-nox' } }),
    udp('0.0.0.0', 5353, { process: { pid: 12, name: 'avahi-daemon' } }),
  ];
  const checked = mergeConfirmations(classifySockets(sockets), [finding('198.18.0.2', 51413)], new Set([51413, 6881, 5353]), local);

  it('confirms a socket only by a reply on an address it listens on', () => {
    assert.deepEqual(checked[0]?.basis.slice(0, 1), ['krpc-reply']);
    assert.equal(checked[0]?.dhtReplies.length, 1);
    assert.equal(checked[1]?.dhtReplies.length, 0, 'a reply on 198.18.0.2 does not confirm a socket bound to 127.0.0.1');
    assert.ok(checked[1]?.basis.includes('process-name'));
    assert.deepEqual(checked[2]?.basis, []);
  });
  it('orders confirmed first, then suspects, then the rest', () => {
    assert.deepEqual(orderForReport(checked).map((c) => c.verdict.socket.localPort), [51413, 6881, 5353]);
  });
});
