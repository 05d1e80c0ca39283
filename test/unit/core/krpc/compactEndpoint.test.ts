import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SocketAddress } from 'node:net';
import { decodeCompactEndpoint } from '../../../../src/core/krpc/compactEndpoint';

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/** What Node itself prints for these 16 address bytes. */
function nodeFormat(addressBytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(Buffer.from(addressBytes.subarray(i, i + 2)).toString('hex'));
  return new SocketAddress({ address: groups.join(':'), family: 'ipv6' }).address;
}

describe('decodeCompactEndpoint', () => {
  it('decodes 6 bytes as IPv4 and a big-endian port', () => {
    assert.deepEqual(decodeCompactEndpoint(fromHex('c63364071ae1')), {
      address: '198.51.100.7',
      port: 6881,
      family: 4,
    });
    assert.deepEqual(decodeCompactEndpoint(fromHex('ffffffffffff')), {
      address: '255.255.255.255',
      port: 65535,
      family: 4,
    });
  });

  it('decodes 18 bytes as IPv6 in canonical compressed form', () => {
    const cases: [string, string][] = [
      ['20010db8000000000000000000000001', '2001:db8::1'],
      ['00000000000000000000000000000001', '::1'],
      ['00000000000000000000000000000000', '::'],
      ['20010db8000000000000000000000000', '2001:db8::'],
      ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
      ['20010000000000010000000000010001', '2001::1:0:0:1:1'],
      ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
      ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
      ['FE800000000000000000000000ABCDEF'.toLowerCase(), 'fe80::ab:cdef'],
      ['00000000000000000000ffffc0000221', '::ffff:192.0.2.33'],
    ];
    for (const [hex, expected] of cases) {
      const endpoint = decodeCompactEndpoint(fromHex(hex + '1ae1'));
      assert.deepEqual(endpoint, { address: expected, port: 6881, family: 6 }, hex);
    }
  });

  it("formats IPv6 exactly as Node's own sockets print it", () => {
    // Deterministic sample biased towards zero groups, where compression rules bite.
    let state = 0x1234abcd;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    for (let round = 0; round < 5000; round++) {
      const address = new Uint8Array(16);
      for (let group = 0; group < 8; group++) {
        const pick = next() % 4;
        const value = pick < 2 ? 0 : pick === 2 ? next() & 0xff : next() & 0xffff;
        address[group * 2] = value >> 8;
        address[group * 2 + 1] = value & 0xff;
      }
      if (next() % 8 === 0) address.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);
      const endpoint = decodeCompactEndpoint(Uint8Array.from([...address, 0, 80]));
      assert.equal(endpoint?.address, nodeFormat(address), Buffer.from(address).toString('hex'));
    }
  });

  it('reads a view with a byte offset correctly', () => {
    const backing = fromHex('aabbcc' + 'c00002210050' + 'dd');
    assert.deepEqual(decodeCompactEndpoint(backing.subarray(3, 9)), { address: '192.0.2.33', port: 80, family: 4 });
  });

  it('returns undefined for any other length', () => {
    for (const length of [0, 4, 5, 7, 16, 17, 19, 38]) {
      assert.equal(decodeCompactEndpoint(new Uint8Array(length)), undefined, `length ${length}`);
    }
  });
});
