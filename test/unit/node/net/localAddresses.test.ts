import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { isIP } from 'node:net';
import { expandEndpoints } from '../../../../src/core/targets/expandTargets';
import { localProbeAddresses, localProbeTargets } from '../../../../src/node/net/localAddresses';

function ipv4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` };
}

function ipv6(address: string, scopeid = 0, internal = false): NetworkInterfaceInfo {
  return { address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal, cidr: `${address}/64`, scopeid };
}

describe('localProbeAddresses on this machine', () => {
  const found = localProbeAddresses();

  it('includes IPv4 and IPv6 loopback first', () => {
    assert.equal(found[0]?.address, '127.0.0.1');
    assert.equal(found[0]?.family, 4);
    assert.equal(found[1]?.address, '::1');
    assert.equal(found[1]?.family, 6);
  });

  it('lists every address os.networkInterfaces() reports', () => {
    const listed = new Set(found.map((entry) => `${entry.interface} ${entry.address.split('%')[0]}`));
    for (const [name, infos] of Object.entries(networkInterfaces())) {
      for (const info of infos ?? []) {
        assert.ok(listed.has(`${name} ${info.address}`), `${name} ${info.address} is missing`);
      }
    }
  });

  it('gives addresses dgram can send to, without duplicates', () => {
    for (const entry of found) assert.equal(isIP(entry.address), entry.family, entry.address);
    assert.equal(new Set(found.map((entry) => entry.address)).size, found.length);
  });
});

describe('localProbeAddresses from a given interface table', () => {
  const table = {
    lo: [ipv4('127.0.0.1', true), ipv6('::1', 0, true)],
    eth0: [ipv4('192.0.2.2'), ipv6('FD00::2'), ipv6('fe80::fc:ff:fe00:1', 4)],
    eth1: [ipv6('fe80::fc:ff:fe00:1', 5), ipv4('192.0.2.2')],
  };

  it('adds the interface to link-local IPv6 and deduplicates the rest', () => {
    assert.deepEqual(localProbeAddresses(table, 'linux'), [
      { address: '127.0.0.1', family: 4, interface: 'lo' },
      { address: '::1', family: 6, interface: 'lo' },
      { address: '192.0.2.2', family: 4, interface: 'eth0' },
      { address: 'fd00::2', family: 6, interface: 'eth0' },
      { address: 'fe80::fc:ff:fe00:1%eth0', family: 6, interface: 'eth0', scopeId: 4 },
      { address: 'fe80::fc:ff:fe00:1%eth1', family: 6, interface: 'eth1', scopeId: 5 },
    ]);
  });

  it('uses the numeric scope id as the zone on Windows', () => {
    const addresses = localProbeAddresses({ Ethernet: [ipv6('fe80::1', 12)] }, 'win32');
    assert.deepEqual(addresses[2], { address: 'fe80::1%12', family: 6, interface: 'Ethernet', scopeId: 12 });
  });

  it('lists loopback even when the OS does not', () => {
    assert.deepEqual(localProbeAddresses({}, 'linux'), [
      { address: '127.0.0.1', family: 4, interface: 'loopback' },
      { address: '::1', family: 6, interface: 'loopback' },
    ]);
  });

  it('becomes resolved targets that expand to sendable endpoints', () => {
    const targets = localProbeTargets([{ first: 6881, last: 6881 }], localProbeAddresses(table, 'linux'));
    assert.deepEqual(targets[4], { kind: 'address', address: 'fe80::fc:ff:fe00:1', family: 6, zone: 'eth0', ports: [{ first: 6881, last: 6881 }] });
    assert.deepEqual([...expandEndpoints(targets)].map((endpoint) => endpoint.address), [
      '127.0.0.1', '::1', '192.0.2.2', 'fd00::2', 'fe80::fc:ff:fe00:1%eth0', 'fe80::fc:ff:fe00:1%eth1',
    ]);
  });
});
