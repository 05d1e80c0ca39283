import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkEndpointBound, countAddresses, countEndpoints, expandEndpoints, type Endpoint, type ResolvedTarget,
} from '../../../../src/core/targets/expandTargets';
import { parseTargets } from '../../../../src/core/targets/parseTargets';
import { parsePortSpec, type PortRange } from '../../../../src/core/targets/portSpec';

function ports(text: string): PortRange[] {
  const parsed = parsePortSpec(text);
  assert.ok(parsed.ok);
  return parsed.ranges;
}

/** Parses targets that contain no hostnames, which are then already resolved. */
function resolved(text: string, defaults = '6881'): ResolvedTarget[] {
  const result = parseTargets(text, { defaultPorts: ports(defaults) });
  assert.ok(result.ok, result.ok ? '' : result.errors.map((error) => error.message).join('; '));
  return result.targets.map((target) => {
    assert.notEqual(target.kind, 'hostname');
    return target as ResolvedTarget;
  });
}

function take<T>(items: Iterable<T>, count: number): T[] {
  const taken: T[] = [];
  if (count <= 0) return taken;
  for (const item of items) {
    taken.push(item);
    if (taken.length === count) break;
  }
  return taken;
}

const brief = (endpoints: Endpoint[]) => endpoints.map((endpoint) => `${endpoint.address} ${endpoint.port}`);

describe('which addresses a CIDR covers', () => {
  it('keeps all 65,536 addresses of 127.0.0.0/16 (loopback has no network or broadcast address)', () => {
    const [target] = resolved('127.0.0.0/16');
    assert.equal(countAddresses(target!), 65536n);
    let count = 0;
    let first = '';
    let last = '';
    for (const endpoint of expandEndpoints([target!])) {
      if (count === 0) first = endpoint.address;
      last = endpoint.address;
      count++;
    }
    assert.equal(count, 65536);
    assert.equal(first, '127.0.0.0');
    assert.equal(last, '127.0.255.255');
  });

  it('skips network and broadcast addresses of an ordinary IPv4 subnet', () => {
    assert.deepEqual(brief([...expandEndpoints(resolved('10.0.0.0/30'))]), ['10.0.0.1 6881', '10.0.0.2 6881']);
    assert.equal(countEndpoints(resolved('192.168.1.0/24')), 254n);
    assert.equal(countEndpoints(resolved('10.0.0.0/8')), 16777214n);
  });

  it('keeps both addresses of a /31 and the one of a /32 (RFC 3021)', () => {
    assert.deepEqual(brief([...expandEndpoints(resolved('10.0.0.0/31'))]), ['10.0.0.0 6881', '10.0.0.1 6881']);
    assert.deepEqual(brief([...expandEndpoints(resolved('10.0.0.9/32'))]), ['10.0.0.9 6881']);
  });

  it('keeps every IPv6 address, including the zero interface id', () => {
    assert.deepEqual(brief([...expandEndpoints(resolved('fd00::/126'))]), ['fd00:: 6881', 'fd00::1 6881', 'fd00::2 6881', 'fd00::3 6881']);
  });

  it('counts a whole IPv4 and IPv6 Internet without overflow', () => {
    assert.equal(countEndpoints(resolved('0.0.0.0/0')), 2n ** 32n - 2n);
    assert.equal(countEndpoints(resolved('::/0', '1-65535')), 2n ** 128n * 65535n);
  });
});

describe('expandEndpoints', () => {
  it('goes port-major: every address on one port before the next port', () => {
    const endpoints = [...expandEndpoints(resolved('10.0.0.0/30:6881-6882 [::1]:6882,51413 10.9.9.9:6881'))];
    assert.deepEqual(brief(endpoints), [
      '10.0.0.1 6881', '10.0.0.2 6881', '10.9.9.9 6881',
      '10.0.0.1 6882', '10.0.0.2 6882', '::1 6882',
      '::1 51413',
    ]);
    assert.equal(BigInt(endpoints.length), countEndpoints(resolved('10.0.0.0/30:6881-6882 [::1]:6882,51413 10.9.9.9:6881')));
  });

  it('reports the family and adds the zone to link-local addresses', () => {
    assert.deepEqual([...expandEndpoints(resolved('fe80::1%eth0 fe80::%en0/127 127.0.0.1'))], [
      { address: 'fe80::1%eth0', family: 6, port: 6881 },
      { address: 'fe80::%en0', family: 6, port: 6881 },
      { address: 'fe80::1%en0', family: 6, port: 6881 },
      { address: '127.0.0.1', family: 4, port: 6881 },
    ]);
  });

  it('takes the first few endpoints of ::/0 without building the list', () => {
    const targets = resolved('::/0', '6881-6889,51413');
    const before = process.memoryUsage().heapUsed;
    const first = take(expandEndpoints(targets), 3);
    assert.deepEqual(brief(first), [':: 6881', '::1 6881', '::2 6881']);
    assert.ok(process.memoryUsage().heapUsed - before < 50_000_000);
  });

  it('runs in memory that does not grow with the list', () => {
    // Walk 200,000 endpoints of a /64; a materialised list would be tens of MB.
    const endpoints = expandEndpoints(resolved('fd00::/64'));
    let walked = 0;
    let last: Endpoint | undefined;
    for (const endpoint of endpoints) {
      last = endpoint;
      if (++walked === 200_000) break;
    }
    assert.equal(last?.address, 'fd00::3:d3f'); // 199,999 = 0x30d3f
  });

  it('yields nothing for no targets', () => {
    assert.deepEqual([...expandEndpoints([])], []);
    assert.equal(countEndpoints([]), 0n);
  });

  it('expands overlapping targets as listed, without deduplication', () => {
    const endpoints = [...expandEndpoints(resolved('127.0.0.1 127.0.0.0/31'))];
    assert.deepEqual(brief(endpoints), ['127.0.0.1 6881', '127.0.0.0 6881', '127.0.0.1 6881']);
  });
});

describe('checkEndpointBound', () => {
  it('allows counts up to and including the bound', () => {
    assert.deepEqual(checkEndpointBound(0n, 0), { ok: true });
    assert.deepEqual(checkEndpointBound(65536n, 65536), { ok: true });
  });

  it('refuses a larger count, naming count, bound, setting and flag', () => {
    assert.deepEqual(checkEndpointBound(65537n, 65536), {
      ok: false,
      error: 'The targets expand to 65,537 endpoints (address and port pairs), more than the limit of 65,536. ' +
        'Narrow the targets or ports, or raise the limit with the setting runbook.probe.maxEndpoints (CLI flag --max-endpoints).',
    });
  });

  it('writes astronomically large counts in full', () => {
    const result = checkEndpointBound(countEndpoints(resolved('::/0')), 1000);
    assert.ok(!result.ok);
    assert.match(result.error, /expand to 340,282,366,920,938,463,463,374,607,431,768,211,456 endpoints/);
    assert.match(result.error, /limit of 1,000\./);
  });

  it('refuses a bound above the largest exact whole number, saying the real limit', () => {
    for (const max of [2 ** 60, Number.MAX_SAFE_INTEGER + 1, 1e300]) {
      const result = checkEndpointBound(1n, max);
      assert.ok(!result.ok);
      assert.equal(result.error, `The endpoint limit must be at most 9,007,199,254,740,991, not ${max}: ` +
        'check the setting runbook.probe.maxEndpoints (CLI flag --max-endpoints).');
    }
    assert.deepEqual(checkEndpointBound(1n, Number.MAX_SAFE_INTEGER), { ok: true });
  });

  it('refuses a bound that is not a whole number', () => {
    for (const max of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = checkEndpointBound(1n, max);
      assert.ok(!result.ok);
      assert.equal(result.error, `The endpoint limit must be a whole number of 0 or more, not ${max}: ` +
        'check the setting runbook.probe.maxEndpoints (CLI flag --max-endpoints).');
    }
  });
});

describe('IPv4-mapped targets expand to IPv4 endpoints', () => {
  it('sends to the dotted quad on the IPv4 family, never ::ffff:…', () => {
    const endpoints = [...expandEndpoints(resolved('::ffff:10.0.0.9 ::ffff:10.0.0.0/126'))];
    assert.deepEqual(endpoints, [
      { address: '10.0.0.9', family: 4, port: 6881 },
      { address: '10.0.0.1', family: 4, port: 6881 },
      { address: '10.0.0.2', family: 4, port: 6881 },
    ]);
  });
});
