import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkResolvedAddress, parseTargets, type TargetError, type TargetSpec } from '../../../../src/core/targets/parseTargets';
import { parsePortSpec, type PortRange } from '../../../../src/core/targets/portSpec';

function ports(text: string): PortRange[] {
  const parsed = parsePortSpec(text);
  assert.ok(parsed.ok);
  return parsed.ranges;
}

const defaultPorts = ports('6881-6889,51413');

function targets(text: string, options = { defaultPorts }): TargetSpec[] {
  const result = parseTargets(text, options);
  assert.ok(result.ok, `expected "${text}" to parse, got ${result.ok ? '' : result.errors.map((e) => e.message).join('; ')}`);
  return result.targets;
}

function errors(text: string, options = { defaultPorts }): TargetError[] {
  const result = parseTargets(text, options);
  assert.ok(!result.ok, `expected "${text}" to be refused`);
  return result.errors;
}

/** The single error message for a one-target input. */
function message(text: string): string {
  const found = errors(text);
  assert.equal(found.length, 1);
  return found[0]!.message;
}

describe('parseTargets: forms', () => {
  it('reads the mixed example a sysadmin types', () => {
    assert.deepEqual(targets('127.0.0.1 198.18.0.2:51413, [::1]:6881-6889 example.internal 127.0.0.0/16'), [
      { kind: 'address', address: '127.0.0.1', family: 4, ports: defaultPorts },
      { kind: 'address', address: '198.18.0.2', family: 4, ports: ports('51413') },
      { kind: 'address', address: '::1', family: 6, ports: ports('6881-6889') },
      { kind: 'hostname', host: 'example.internal', ports: defaultPorts },
      { kind: 'cidr', network: '127.0.0.0', prefix: 16, family: 4, ports: defaultPorts },
    ]);
  });

  it('reads host and host:ports', () => {
    assert.deepEqual(targets('router'), [{ kind: 'hostname', host: 'router', ports: defaultPorts }]);
    assert.deepEqual(targets('nas.example.com:6881'), [{ kind: 'hostname', host: 'nas.example.com', ports: ports('6881') }]);
    assert.deepEqual(targets('Seed-01.Example.COM.'), [{ kind: 'hostname', host: 'Seed-01.Example.COM.', ports: defaultPorts }]);
    assert.deepEqual(targets('1.2.3.4.example'), [{ kind: 'hostname', host: '1.2.3.4.example', ports: defaultPorts }]);
  });

  it('reads bracketed and bare IPv6, canonicalised', () => {
    assert.deepEqual(targets('[FD00:0:0::0001]:6881'), [{ kind: 'address', address: 'fd00::1', family: 6, ports: ports('6881') }]);
    assert.deepEqual(targets('[::1]'), [{ kind: 'address', address: '::1', family: 6, ports: defaultPorts }]);
    assert.deepEqual(targets('::1'), [{ kind: 'address', address: '::1', family: 6, ports: defaultPorts }]);
  });

  it('reads a bare IPv6 ending in a number as an address, never a port', () => {
    assert.deepEqual(targets('::1:6881'), [{ kind: 'address', address: '::1:6881', family: 6, ports: defaultPorts }]);
  });

  it('reads IPv4 and IPv6 CIDR, with and without ports', () => {
    assert.deepEqual(targets('10.0.0.0/30'), [{ kind: 'cidr', network: '10.0.0.0', prefix: 30, family: 4, ports: defaultPorts }]);
    assert.deepEqual(targets('10.0.0.0/30:6881'), [{ kind: 'cidr', network: '10.0.0.0', prefix: 30, family: 4, ports: ports('6881') }]);
    assert.deepEqual(targets('fd00::/126'), [{ kind: 'cidr', network: 'fd00::', prefix: 126, family: 6, ports: defaultPorts }]);
    assert.deepEqual(targets('[fd00::/126]:6881-6882'), [{ kind: 'cidr', network: 'fd00::', prefix: 126, family: 6, ports: ports('6881-6882') }]);
    assert.deepEqual(targets('0.0.0.0/0 ::/0'), [
      { kind: 'cidr', network: '0.0.0.0', prefix: 0, family: 4, ports: defaultPorts },
      { kind: 'cidr', network: '::', prefix: 0, family: 6, ports: defaultPorts },
    ]);
    assert.deepEqual(targets('10.0.0.7/32'), [{ kind: 'cidr', network: '10.0.0.7', prefix: 32, family: 4, ports: defaultPorts }]);
  });

  it('reads zone ids on link-local IPv6, before the prefix', () => {
    assert.deepEqual(targets('fe80::1%eth0'), [{ kind: 'address', address: 'fe80::1', family: 6, zone: 'eth0', ports: defaultPorts }]);
    assert.deepEqual(targets('[fe80::1%12]:6881'), [{ kind: 'address', address: 'fe80::1', family: 6, zone: '12', ports: ports('6881') }]);
    assert.deepEqual(targets('fe80::%en0/120'), [{ kind: 'cidr', network: 'fe80::', prefix: 120, family: 6, zone: 'en0', ports: defaultPorts }]);
  });

  it('separates targets by spaces, tabs, newlines and commas', () => {
    const hosts = targets('a,b c\td\n e , ,f,,').map((target) => (target.kind === 'hostname' ? target.host : ''));
    assert.deepEqual(hosts, ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('gives each target its own copy of the default ports', () => {
    const [first, second] = targets('a b');
    first!.ports[0]!.first = 1;
    assert.deepEqual(second!.ports, defaultPorts);
    assert.equal(defaultPorts[0]!.first, 6881);
  });

  it('normalizes default ports it is given', () => {
    const unsorted = [{ first: 51413, last: 51413 }, { first: 6881, last: 6881 }];
    assert.deepEqual(targets('a', { defaultPorts: unsorted })[0]!.ports, ports('6881,51413'));
  });
});

describe('parseTargets: the comma between ports and targets', () => {
  it('keeps digits after a comma in the port list', () => {
    assert.deepEqual(targets('host:6881,6882'), [{ kind: 'hostname', host: 'host', ports: ports('6881-6882') }]);
    assert.deepEqual(targets('[::1]:6881,6890-6899,51413'), [{ kind: 'address', address: '::1', family: 6, ports: ports('6881,6890-6899,51413') }]);
  });

  it('starts a new target when what follows the comma is not a port', () => {
    assert.deepEqual(targets('host:6881,6882,other'), [
      { kind: 'hostname', host: 'host', ports: ports('6881,6882') },
      { kind: 'hostname', host: 'other', ports: defaultPorts },
    ]);
    assert.deepEqual(targets('host:6881,10.0.0.1'), [
      { kind: 'hostname', host: 'host', ports: ports('6881') },
      { kind: 'address', address: '10.0.0.1', family: 4, ports: defaultPorts },
    ]);
    assert.deepEqual(targets('10.0.0.1:6881,::1'), [
      { kind: 'address', address: '10.0.0.1', family: 4, ports: ports('6881') },
      { kind: 'address', address: '::1', family: 6, ports: defaultPorts },
    ]);
  });

  it('never continues a port list that was not started', () => {
    assert.deepEqual(targets('10.0.0.1,10.0.0.2').length, 2);
    const [error] = errors('host,6882');
    assert.equal(error!.token, '6882');
    assert.equal(error!.offset, 5);
    assert.equal(error!.reason, 'a bare number is not a target: ports go right after a host, as HOST:PORTS, with single commas and no spaces');
  });

  it('ends a target at whitespace, so a spaced port list is an error at the stray port', () => {
    const [error] = errors('host:6881, 6882');
    assert.equal(error!.token, '6882');
    assert.equal(error!.offset, 11);
    assert.match(error!.message, /^6882: a bare number is not a target/);
  });

  it('ends a port list at a double comma', () => {
    const found = errors('[::1]:6881,,6882');
    assert.deepEqual(found.map(({ token, offset }) => ({ token, offset })), [{ token: '6882', offset: 12 }]);
  });

  it('takes a malformed port item into the list so the port error names it', () => {
    assert.equal(message('host:6881,6889-6881'), 'host:6881,6889-6881: "6889-6881" is not a port range: the first port is larger than the last');
    assert.equal(message('host:6881,6881-'), 'host:6881,6881-: "6881-" is not a port range: write it as FIRST-LAST, e.g. 6881-6889');
    assert.equal(message('host:6881,70000'), 'host:6881,70000: "70000" is not a port: ports run from 1 to 65535');
  });
});

describe('parseTargets: errors', () => {
  it('reports every bad target with its text and offset, in order', () => {
    const found = errors('good 256.1.1.1 also-good 10.0.0.0/33');
    assert.deepEqual(found.map(({ token, offset }) => ({ token, offset })), [
      { token: '256.1.1.1', offset: 5 },
      { token: '10.0.0.0/33', offset: 25 },
    ]);
    assert.deepEqual(found.map((error) => error.message), [
      '256.1.1.1: 256 is not an IPv4 octet: octets run from 0 to 255',
      '10.0.0.0/33: an IPv4 prefix is 0 to 32, not 33',
    ]);
  });

  it('refuses empty input', () => {
    for (const text of ['', '  ', ' , ,\n']) {
      assert.deepEqual(errors(text), [{
        token: '', offset: 0, reason: 'no targets: enter at least one host, address or CIDR range',
        message: 'no targets: enter at least one host, address or CIDR range',
      }]);
    }
  });

  it('refuses bad IPv4 addresses', () => {
    assert.equal(message('1.2.3'), '1.2.3: an IPv4 address has 4 octets separated by dots, "1.2.3" has 3');
    assert.equal(message('1.2.3.4.5:80'), '1.2.3.4.5:80: an IPv4 address has 4 octets separated by dots, "1.2.3.4.5" has 5');
    assert.equal(message('10.0.0.010'), '10.0.0.010: "010" has a leading zero, which some tools read as octal: write 10');
    assert.equal(message('10..0.1'), '10..0.1: empty octet: two dots in a row, or a dot at one end');
  });

  it('refuses bad IPv6 addresses', () => {
    assert.equal(message('1::2::3'), '1::2::3: more than one "::": only one run of zero groups can be shortened');
    assert.equal(message('[fd00::12345]:6881'), '[fd00::12345]:6881: "12345" is not an IPv6 group: a group is 1 to 4 hex digits');
    assert.equal(message('a:b:c'), 'a:b:c: an IPv6 address has 8 groups (or fewer with "::"), "a:b:c" has 3');
  });

  it('tells a host with two colons apart from a bad IPv6 address', () => {
    const reason = 'more than one ":" after a host: write HOST:PORTS, and an IPv6 address with ports as [ADDRESS]:PORTS';
    assert.equal(message('host::'), `host::: ${reason}`);
    assert.equal(message('nas.example:6881:6882'), `nas.example:6881:6882: ${reason}`);
    assert.equal(message('nas::6881'), `nas::6881: ${reason}`);
  });

  it('refuses bad prefixes', () => {
    assert.equal(message('10.0.0.0/33'), '10.0.0.0/33: an IPv4 prefix is 0 to 32, not 33');
    assert.equal(message('fd00::/129'), 'fd00::/129: an IPv6 prefix is 0 to 128, not 129');
    assert.equal(message('10.0.0.0/'), '10.0.0.0/: missing prefix length after "/": an IPv4 prefix is 0 to 32');
    assert.equal(message('10.0.0.0/08'), '10.0.0.0/08: "08" is not a prefix length: an IPv4 prefix is 0 to 32');
    assert.equal(message('10.0.0.0/24/8'), '10.0.0.0/24/8: "24/8" is not a prefix length: an IPv4 prefix is 0 to 32');
    assert.equal(message('example.com/24'), 'example.com/24: "example.com" is not an IP address: a /prefix needs an address, e.g. 10.0.0.0/24 or [fd00::/120]');
  });

  it('refuses a CIDR with host bits set, naming the network', () => {
    assert.equal(message('10.0.0.5/30'), '10.0.0.5/30: host bits are set: the network is 10.0.0.4/30; or drop the /30 for this one address');
    assert.equal(message('fd00::1/64'), 'fd00::1/64: host bits are set: the network is fd00::/64; or drop the /64 for this one address');
  });

  it('refuses bad port lists', () => {
    assert.equal(message('host:'), 'host:: empty port list');
    assert.equal(message('[::1]:'), '[::1]:: empty port list');
    assert.equal(message('host:http'), 'host:http: "http" is not a port: a port is a number from 1 to 65535');
    assert.equal(message('host:0'), 'host:0: "0" is not a port: ports run from 1 to 65535');
    assert.equal(message('host:,6881'), 'host:,6881: empty entry in port list ",6881": remove the extra comma');
    assert.equal(message(':6881'), ':6881: missing host before ":"');
    assert.equal(message('/24'), '/24: missing address before "/"');
  });

  it('refuses targets without ports when there are no default ports', () => {
    const found = errors('host [::1] 10.0.0.0/30 ok:6881', { defaultPorts: [] });
    assert.deepEqual(found.map((error) => error.token), ['host', '[::1]', '10.0.0.0/30']);
    assert.equal(found[0]!.reason, 'no ports: name its ports, as HOST:PORTS, or set runbook.probe.ports (CLI flag --ports)');
  });

  it('refuses bracket mistakes', () => {
    assert.equal(message('[::1'), '[::1: missing "]" after the IPv6 address');
    assert.equal(message('[fd00::]/126'), '[fd00::]/126: the prefix goes inside the brackets, e.g. [fd00::/126]:6881');
    assert.equal(message('[::1]6881'), '[::1]6881: unexpected "6881" after "]": write [ADDRESS]:PORTS');
    assert.equal(message('[127.0.0.1]:6881'), '[127.0.0.1]:6881: brackets are only for IPv6 addresses: write HOST:PORTS without them');
  });

  it('requires zone ids on link-local IPv6 and refuses them elsewhere', () => {
    assert.equal(message('fe80::1'), 'fe80::1: a link-local address needs a zone id naming the interface, e.g. fe80::1%eth0');
    assert.equal(message('fe80::/64'), 'fe80::/64: a link-local address needs a zone id naming the interface, e.g. fe80::%eth0/64');
    assert.equal(message('fd00::1%eth0'), 'fd00::1%eth0: a zone id (%eth0) only applies to link-local addresses (fe80::/10)');
    assert.equal(message('fe80::1%'), 'fe80::1%: "%" is not a zone id: name the interface with letters, digits, "_", "." or "-", e.g. %eth0');
    assert.equal(message('fe80::1%eth!'), 'fe80::1%eth!: "%eth!" is not a zone id: name the interface with letters, digits, "_", "." or "-", e.g. %eth0');
    assert.equal(message('fe80::/64%eth0'), 'fe80::/64%eth0: the zone id goes before the prefix, e.g. fe80::%eth0/120');
    assert.equal(message('127.0.0.1%lo'), '127.0.0.1%lo: "%" cannot appear in a hostname: use letters, digits, "-" and "." (RFC 1123)');
  });

  it('refuses addresses that are not single hosts', () => {
    assert.equal(message('0.0.0.0'), '0.0.0.0: 0.0.0.0 is the unspecified address, not a host');
    assert.equal(message('[::]:6881'), '[::]:6881: :: is the unspecified address, not a host');
    assert.equal(message('255.255.255.255'), '255.255.255.255: 255.255.255.255 is the broadcast address: the probe sends to single hosts');
    assert.equal(message('224.0.0.1'), '224.0.0.1: 224.0.0.1 is a multicast address: the probe sends to single hosts');
    assert.equal(message('ff02::1'), 'ff02::1: ff02::1 is a multicast address: the probe sends to single hosts');
  });

  it('refuses hostnames that break RFC 1123', () => {
    assert.equal(message('bad_host'), 'bad_host: "_" cannot appear in a hostname: use letters, digits, "-" and "." (RFC 1123)');
    assert.equal(message('bücher.example'), 'bücher.example: "ü" cannot appear in a hostname: write internationalised names in their ASCII (xn--) form');
    assert.equal(message('a..b'), 'a..b: empty label in the hostname: two dots in a row, or a dot at the start');
    assert.equal(message('.example'), '.example: empty label in the hostname: two dots in a row, or a dot at the start');
    assert.equal(message('-foo.example'), '-foo.example: the label "-foo" starts or ends with "-", which RFC 1123 forbids');
    assert.equal(message('foo-.example:6881'), 'foo-.example:6881: the label "foo-" starts or ends with "-", which RFC 1123 forbids');
    assert.equal(message('host.123'), 'host.123: the last label "123" is all digits, so this is neither a hostname nor an IPv4 address');
    const longLabel = 'a'.repeat(64);
    assert.equal(message(`${longLabel}.example`), `${longLabel}.example: the label "${longLabel}" is 64 characters long: a label has at most 63`);
    const longName = Array.from({ length: 4 }, () => 'b'.repeat(63)).join('.'); // 255 characters
    assert.equal(message(longName), `${longName}: the name is 255 characters long: a hostname has at most 253`);
  });

  it('accepts the longest hostname and label allowed', () => {
    const label = 'c'.repeat(63);
    const name = `${label}.${label}.${label}.${'d'.repeat(61)}`; // 253 characters
    assert.equal(targets(`${name}.`).length, 1);
  });
});

describe('parseTargets: IPv4-mapped IPv6 becomes IPv4 (the IPv6 socket is IPv6-only)', () => {
  it('turns a mapped address into its dotted quad, family 4', () => {
    assert.deepEqual(targets('::ffff:10.0.0.1'), [{ kind: 'address', address: '10.0.0.1', family: 4, ports: defaultPorts }]);
    assert.deepEqual(targets('[::FFFF:0a00:0001]:6881'), [{ kind: 'address', address: '10.0.0.1', family: 4, ports: ports('6881') }]);
    assert.deepEqual(targets('::ffff:127.0.0.1'), [{ kind: 'address', address: '127.0.0.1', family: 4, ports: defaultPorts }]);
  });

  it('turns a CIDR inside ::ffff:0:0/96 into IPv4 with prefix − 96', () => {
    assert.deepEqual(targets('::ffff:10.0.0.0/120'), [{ kind: 'cidr', network: '10.0.0.0', prefix: 24, family: 4, ports: defaultPorts }]);
    assert.deepEqual(targets('[::ffff:10.0.0.4/126]:1'), [{ kind: 'cidr', network: '10.0.0.4', prefix: 30, family: 4, ports: ports('1') }]);
    assert.deepEqual(targets('::ffff:0:0/96'), [{ kind: 'cidr', network: '0.0.0.0', prefix: 0, family: 4, ports: defaultPorts }]);
    assert.deepEqual(targets('::ffff:10.0.0.7/128'), [{ kind: 'cidr', network: '10.0.0.7', prefix: 32, family: 4, ports: defaultPorts }]);
  });

  it('leaves IPv6 that is not wholly inside ::ffff:0:0/96 alone', () => {
    assert.deepEqual(targets('::fffe:0:0/95'), [{ kind: 'cidr', network: '::fffe:0:0', prefix: 95, family: 6, ports: defaultPorts }]);
    assert.deepEqual(targets('::10.0.0.1'), [{ kind: 'address', address: '::a00:1', family: 6, ports: defaultPorts }]);
    assert.deepEqual(targets('64:ff9b::10.0.0.1'), [{ kind: 'address', address: '64:ff9b::a00:1', family: 6, ports: defaultPorts }]);
  });

  it('checks the IPv4 address inside, and reports mistakes as written', () => {
    assert.equal(message('::ffff:0.0.0.0'), '::ffff:0.0.0.0: 0.0.0.0 is the unspecified address, not a host');
    assert.equal(message('::ffff:255.255.255.255'), '::ffff:255.255.255.255: 255.255.255.255 is the broadcast address: the probe sends to single hosts');
    assert.equal(message('::ffff:224.0.0.1'), '::ffff:224.0.0.1: 224.0.0.1 is a multicast address: the probe sends to single hosts');
    assert.equal(message('::ffff:10.0.0.5/126'), '::ffff:10.0.0.5/126: host bits are set: the network is ::ffff:10.0.0.4/126; or drop the /126 for this one address');
    assert.equal(message('::ffff:10.0.0.1%eth0'), '::ffff:10.0.0.1%eth0: a zone id (%eth0) only applies to link-local addresses (fe80::/10)');
  });
});

describe('parseTargets: a /32 or /128 is checked as the single address it is', () => {
  it('refuses unspecified, broadcast and multicast written with a full-length prefix', () => {
    assert.equal(message('0.0.0.0/32'), '0.0.0.0/32: 0.0.0.0 is the unspecified address, not a host');
    assert.equal(message('::/128'), '::/128: :: is the unspecified address, not a host');
    assert.equal(message('255.255.255.255/32'), '255.255.255.255/32: 255.255.255.255 is the broadcast address: the probe sends to single hosts');
    assert.equal(message('224.0.0.1/32:6881'), '224.0.0.1/32:6881: 224.0.0.1 is a multicast address: the probe sends to single hosts');
    assert.equal(message('[ff02::1/128]:6881'), '[ff02::1/128]:6881: ff02::1 is a multicast address: the probe sends to single hosts');
    assert.equal(message('::ffff:0:0/128'), '::ffff:0:0/128: 0.0.0.0 is the unspecified address, not a host');
  });

  it('still accepts ordinary hosts and wider ranges', () => {
    assert.equal(targets('10.0.0.7/32 fd00::7/128 10.0.0.0/31 fd00::/127').length, 4);
  });
});

describe('parseTargets: URL-encoded zone ids', () => {
  it('refuses "%25" before a zone name, showing the plain form', () => {
    assert.equal(message('fe80::1%25eth0'), 'fe80::1%25eth0: "%25" is a URL-encoded "%": write the zone id without it, e.g. fe80::1%eth0');
    assert.equal(message('[fe80::1%25eth0]:6881'), '[fe80::1%25eth0]:6881: "%25" is a URL-encoded "%": write the zone id without it, e.g. fe80::1%eth0');
    assert.equal(message('fe80::%25en0/120'), 'fe80::%25en0/120: "%25" is a URL-encoded "%": write the zone id without it, e.g. fe80::%en0/120');
  });

  it('keeps an all-digit zone as an interface index', () => {
    assert.deepEqual(targets('fe80::1%25'), [{ kind: 'address', address: 'fe80::1', family: 6, zone: '25', ports: defaultPorts }]);
    assert.deepEqual(targets('fe80::1%2512'), [{ kind: 'address', address: 'fe80::1', family: 6, zone: '2512', ports: defaultPorts }]);
  });
});

describe('checkResolvedAddress', () => {
  it('accepts ordinary answers in canonical form, keeping a zone', () => {
    assert.deepEqual(checkResolvedAddress('10.0.0.5'), { ok: true, target: { kind: 'address', address: '10.0.0.5', family: 4 } });
    assert.deepEqual(checkResolvedAddress('FD00:0::5'), { ok: true, target: { kind: 'address', address: 'fd00::5', family: 6 } });
    assert.deepEqual(checkResolvedAddress('FE80::1%eth0'), { ok: true, target: { kind: 'address', address: 'fe80::1', family: 6, zone: 'eth0' } });
  });

  it('turns an IPv4-mapped answer into IPv4', () => {
    assert.deepEqual(checkResolvedAddress('::ffff:1.2.3.4'), { ok: true, target: { kind: 'address', address: '1.2.3.4', family: 4 } });
  });

  it('refuses what a typed address would be refused for', () => {
    assert.deepEqual(checkResolvedAddress('0.0.0.0'), { ok: false, notIp: false, reason: '0.0.0.0 is the unspecified address, not a host' });
    assert.deepEqual(checkResolvedAddress('::'), { ok: false, notIp: false, reason: ':: is the unspecified address, not a host' });
    assert.deepEqual(checkResolvedAddress('fe80::1'), {
      ok: false, notIp: false, reason: 'a link-local address needs a zone id naming the interface, e.g. fe80::1%eth0',
    });
    assert.equal(checkResolvedAddress('239.1.2.3').ok, false);
    assert.equal(checkResolvedAddress('255.255.255.255').ok, false);
    assert.equal(checkResolvedAddress('10.0.0.1%eth0').ok, false);
  });

  it('marks text that is no IP address at all', () => {
    assert.deepEqual(checkResolvedAddress('not-an-ip'), {
      ok: false, notIp: true, reason: 'an IPv4 address has 4 octets separated by dots, "not-an-ip" has 1',
    });
  });
});
