import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalIpAddress, formatIPv4, formatIPv6, isIPv4Loopback, isIPv4Mapped, isIPv4Multicast, isIPv6LinkLocal,
  isIPv6Multicast, parseIPv4, parseIPv6,
} from '../../../../src/core/targets/ipAddress';

function v4(text: string): number {
  const parsed = parseIPv4(text);
  assert.ok(parsed.ok, `expected ${text} to parse`);
  return parsed.value;
}

function v6(text: string): bigint {
  const parsed = parseIPv6(text);
  assert.ok(parsed.ok, `expected ${text} to parse: ${parsed.ok ? '' : parsed.reason}`);
  return parsed.value;
}

function v4Reason(text: string): string {
  const parsed = parseIPv4(text);
  assert.ok(!parsed.ok, `expected ${text} to be refused`);
  return parsed.reason;
}

function v6Reason(text: string): string {
  const parsed = parseIPv6(text);
  assert.ok(!parsed.ok, `expected ${text} to be refused`);
  return parsed.reason;
}

describe('IPv4', () => {
  it('round-trips addresses', () => {
    for (const text of ['0.0.0.0', '127.0.0.1', '10.1.2.3', '255.255.255.255', '198.18.0.2']) assert.equal(formatIPv4(v4(text)), text);
    assert.equal(v4('255.255.255.255'), 0xffffffff);
    assert.equal(v4('1.2.3.4'), 0x01020304);
  });

  it('names the bad octet and why', () => {
    assert.equal(v4Reason('256.1.1.1'), '256 is not an IPv4 octet: octets run from 0 to 255');
    assert.equal(v4Reason('1.2.3.999'), '999 is not an IPv4 octet: octets run from 0 to 255');
    assert.equal(v4Reason('1.2.x.4'), '"x" is not an IPv4 octet: octets are decimal numbers from 0 to 255');
    assert.equal(v4Reason('1..3.4'), 'empty octet: two dots in a row, or a dot at one end');
    assert.equal(v4Reason('010.0.0.1'), '"010" has a leading zero, which some tools read as octal: write 10');
  });

  it('refuses shorthand forms', () => {
    assert.equal(v4Reason('127.1'), 'an IPv4 address has 4 octets separated by dots, "127.1" has 2');
    assert.equal(v4Reason('1.2.3.4.5'), 'an IPv4 address has 4 octets separated by dots, "1.2.3.4.5" has 5');
  });

  it('classifies loopback and multicast', () => {
    assert.equal(isIPv4Loopback(v4('127.255.0.1')), true);
    assert.equal(isIPv4Loopback(v4('128.0.0.1')), false);
    assert.equal(isIPv4Multicast(v4('224.0.0.1')), true);
    assert.equal(isIPv4Multicast(v4('239.255.255.255')), true);
    assert.equal(isIPv4Multicast(v4('240.0.0.1')), false);
  });
});

describe('IPv6', () => {
  it('parses every spelling of the same address', () => {
    const one = 1n;
    assert.equal(v6('::1'), one);
    assert.equal(v6('0:0:0:0:0:0:0:1'), one);
    assert.equal(v6('0000:0000:0000:0000:0000:0000:0000:0001'), one);
    assert.equal(v6('::0.0.0.1'), one);
    assert.equal(v6('::'), 0n);
    assert.equal(v6('FD00::ABCD'), v6('fd00::abcd'));
    assert.equal(v6('1:2:3:4:5:6:1.2.3.4'), v6('1:2:3:4:5:6:102:304'));
    assert.equal(v6('1::'), 1n << 112n);
  });

  it('formats per RFC 5952', () => {
    const cases: [string, string][] = [
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // tie: the first run is shortened
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins
      ['0:0:0:0:0:0:0:0', '::'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['1:0:0:0:0:0:0:0', '1::'],
      ['fe80:0:0:0:0:0:0:1', 'fe80::1'],
      ['::FFFF:7F00:1', '::ffff:127.0.0.1'],
      ['::ffff:192.0.2.128', '::ffff:192.0.2.128'],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
      ['::7f00:1', '::7f00:1'], // IPv4-compatible (deprecated) is not shown dotted
    ];
    for (const [input, canonical] of cases) assert.equal(formatIPv6(v6(input)), canonical, input);
  });

  it('agrees with the URL parser on random addresses', () => {
    // WHATWG URL serialises IPv6 with the same compression rules (it never uses dotted IPv4).
    let seed = 12345;
    const random16 = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 65536;
    for (let round = 0; round < 500; round++) {
      const groups = Array.from({ length: 8 }, () => (random16() < 30000 ? 0 : random16()));
      if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) continue; // IPv4-mapped
      const text = groups.map((group) => group.toString(16)).join(':');
      assert.equal(formatIPv6(v6(text)), new URL(`http://[${text}]/`).hostname.slice(1, -1), text);
    }
  });

  it('explains what is wrong', () => {
    assert.equal(v6Reason(''), 'empty IPv6 address');
    assert.equal(v6Reason('1::2::3'), 'more than one "::": only one run of zero groups can be shortened');
    assert.equal(v6Reason('12345::1'), '"12345" is not an IPv6 group: a group is 1 to 4 hex digits');
    assert.equal(v6Reason('fe80::g'), '"g" is not an IPv6 group: a group is 1 to 4 hex digits');
    assert.equal(v6Reason('1:2:3:4:5:6:7'), 'an IPv6 address has 8 groups (or fewer with "::"), "1:2:3:4:5:6:7" has 7');
    assert.equal(v6Reason('1:2:3:4:5:6:7:8:9'), 'an IPv6 address has 8 groups (or fewer with "::"), "1:2:3:4:5:6:7:8:9" has 9');
    assert.equal(v6Reason('1:2:3:4::5:6:7:8'), '"::" stands for at least one zero group, but 8 groups are already written out');
    assert.equal(v6Reason(':1:2:3:4:5:6:7'), 'empty group: a single ":" at one end, or ":::"');
    assert.equal(v6Reason('1:2:3:4:5:6:7:'), 'empty group: a single ":" at one end, or ":::"');
    assert.equal(v6Reason('1:::2'), 'empty group: a single ":" at one end, or ":::"');
    assert.equal(v6Reason('::1.2.3.4:5'), '"1.2.3.4": an embedded IPv4 address can only be the last part');
    assert.equal(v6Reason('1.2.3.4::'), '"1.2.3.4": an embedded IPv4 address can only be the last part');
    assert.equal(v6Reason('::ffff:1.2.3.256'), '256 is not an IPv4 octet: octets run from 0 to 255');
  });

  it('classifies link-local and multicast', () => {
    assert.equal(isIPv6LinkLocal(v6('fe80::1')), true);
    assert.equal(isIPv6LinkLocal(v6('febf:ffff::1')), true);
    assert.equal(isIPv6LinkLocal(v6('fec0::1')), false);
    assert.equal(isIPv6Multicast(v6('ff02::1')), true);
    assert.equal(isIPv6Multicast(v6('fe80::1')), false);
  });

  it('recognises IPv4-mapped addresses (::ffff:0:0/96) only', () => {
    assert.equal(isIPv4Mapped(v6('::ffff:0.0.0.0')), true);
    assert.equal(isIPv4Mapped(v6('::ffff:255.255.255.255')), true);
    assert.equal(isIPv4Mapped(v6('::fffe:ffff:ffff')), false);
    assert.equal(isIPv4Mapped(v6('::1:0:0:0')), false);
    assert.equal(isIPv4Mapped(v6('::1.2.3.4')), false);
  });
});

describe('canonicalIpAddress', () => {
  it('picks the family and canonicalises', () => {
    assert.deepEqual(canonicalIpAddress('127.0.0.1'), { ok: true, address: '127.0.0.1', family: 4 });
    assert.deepEqual(canonicalIpAddress('FE80:0::1'), { ok: true, address: 'fe80::1', family: 6 });
    assert.equal(canonicalIpAddress('example.com').ok, false);
  });
});
