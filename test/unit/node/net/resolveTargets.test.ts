import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { parseTargets, type TargetSpec } from '../../../../src/core/targets/parseTargets';
import { type LookupAll, resolveTargets } from '../../../../src/node/net/resolveTargets';

const defaultPorts = [{ first: 6881, last: 6881 }];

function specs(text: string): TargetSpec[] {
  const parsed = parseTargets(text, { defaultPorts });
  assert.ok(parsed.ok);
  return parsed.targets;
}

/** A resolver answering from a table; a string answer is thrown as that error code. */
function fakeLookup(table: Record<string, LookupAddress[] | string>, calls: string[] = []): LookupAll {
  return async (hostname) => {
    calls.push(hostname);
    const answer = table[hostname];
    if (answer === undefined || typeof answer === 'string') {
      throw Object.assign(new Error(`getaddrinfo ${answer ?? 'ENOTFOUND'} ${hostname}`), { code: answer ?? 'ENOTFOUND' });
    }
    return answer;
  };
}

describe('resolveTargets', () => {
  it('resolves localhost with the system resolver to loopback addresses', async () => {
    const result = await resolveTargets(specs('localhost:51413'));
    assert.ok(result.ok, result.ok ? '' : result.errors.map((error) => error.message).join('; '));
    assert.ok(result.targets.length >= 1);
    for (const target of result.targets) {
      assert.equal(target.kind, 'address');
      if (target.kind !== 'address') continue;
      assert.ok(target.address === '::1' || target.address.startsWith('127.'), target.address);
      assert.equal(target.family, target.address.includes(':') ? 6 : 4);
      assert.equal(target.resolvedFrom, 'localhost');
      assert.deepEqual(target.ports, [{ first: 51413, last: 51413 }]);
    }
  });

  it('puts each name’s addresses where the name was, passing addresses and ranges through', async () => {
    const lookup = fakeLookup({ nas: [{ address: '10.0.0.5', family: 4 }, { address: 'FD00:0::5', family: 6 }] });
    const result = await resolveTargets(specs('10.0.0.1 nas:6882 fd00::/126'), { lookup });
    assert.deepEqual(result, {
      ok: true,
      targets: [
        { kind: 'address', address: '10.0.0.1', family: 4, ports: defaultPorts },
        { kind: 'address', address: '10.0.0.5', family: 4, resolvedFrom: 'nas', ports: [{ first: 6882, last: 6882 }] },
        { kind: 'address', address: 'fd00::5', family: 6, resolvedFrom: 'nas', ports: [{ first: 6882, last: 6882 }] },
        { kind: 'cidr', network: 'fd00::', prefix: 126, family: 6, ports: defaultPorts },
      ],
    });
  });

  it('looks each name up once, even when listed twice with different ports', async () => {
    const calls: string[] = [];
    const lookup = fakeLookup({ nas: [{ address: '10.0.0.5', family: 4 }] }, calls);
    const result = await resolveTargets(specs('nas:1 nas:2'), { lookup });
    assert.deepEqual(calls, ['nas']);
    assert.ok(result.ok);
    assert.deepEqual(result.targets.map((target) => target.ports[0]?.first), [1, 2]);
  });

  it('drops duplicate answers and keeps a zone the resolver gives', async () => {
    const lookup = fakeLookup({
      box: [
        { address: '127.0.0.1', family: 4 }, { address: '127.0.0.1', family: 4 },
        { address: 'FE80::1%eth0', family: 6 }, { address: '::ffff:7f00:2', family: 6 },
      ],
    });
    const result = await resolveTargets(specs('box'), { lookup });
    assert.ok(result.ok);
    assert.deepEqual(result.targets, [
      { kind: 'address', address: '127.0.0.1', family: 4, resolvedFrom: 'box', ports: defaultPorts },
      { kind: 'address', address: 'fe80::1', family: 6, zone: 'eth0', resolvedFrom: 'box', ports: defaultPorts },
      { kind: 'address', address: '127.0.0.2', family: 4, resolvedFrom: 'box', ports: defaultPorts },
    ]);
  });

  it('turns IPv4-mapped answers into IPv4, merging them with the same A answer', async () => {
    const lookup = fakeLookup({ nas: [{ address: '1.2.3.4', family: 4 }, { address: '::ffff:1.2.3.4', family: 6 }, { address: '::ffff:0102:0305', family: 6 }] });
    const result = await resolveTargets(specs('nas'), { lookup });
    assert.deepEqual(result, {
      ok: true,
      targets: [
        { kind: 'address', address: '1.2.3.4', family: 4, resolvedFrom: 'nas', ports: defaultPorts },
        { kind: 'address', address: '1.2.3.5', family: 4, resolvedFrom: 'nas', ports: defaultPorts },
      ],
    });
  });

  it('skips answers the probe refuses and keeps the rest', async () => {
    const lookup = fakeLookup({
      mixed: [
        { address: '0.0.0.0', family: 4 }, { address: 'fe80::1', family: 6 }, { address: '10.0.0.5', family: 4 },
        { address: '224.0.0.1', family: 4 }, { address: 'ff02::1', family: 6 }, { address: '::', family: 6 },
      ],
    });
    const result = await resolveTargets(specs('mixed'), { lookup });
    assert.deepEqual(result, {
      ok: true,
      targets: [{ kind: 'address', address: '10.0.0.5', family: 4, resolvedFrom: 'mixed', ports: defaultPorts }],
    });
  });

  it('reports a name that resolves only to refused addresses, saying which and why', async () => {
    const lookup = fakeLookup({
      blocked: [{ address: '0.0.0.0', family: 4 }, { address: '::', family: 6 }],
      linklocal: [{ address: 'fe80::1', family: 6 }],
      fine: [{ address: '10.0.0.1', family: 4 }],
    });
    const result = await resolveTargets(specs('blocked fine linklocal'), { lookup });
    assert.deepEqual(result, {
      ok: false,
      errors: [
        {
          host: 'blocked', code: 'EADDRREFUSED',
          message: 'blocked: the name resolves only to addresses the probe refuses (EADDRREFUSED): ' +
            '0.0.0.0: 0.0.0.0 is the unspecified address, not a host; ::: :: is the unspecified address, not a host; check the hosts file or DNS',
        },
        {
          host: 'linklocal', code: 'EADDRREFUSED',
          message: 'linklocal: the name resolves only to addresses the probe refuses (EADDRREFUSED): ' +
            'fe80::1: a link-local address needs a zone id naming the interface, e.g. fe80::1%eth0; check the hosts file or DNS',
        },
      ],
    });
  });

  it('names every name that does not resolve, with its code and what to check', async () => {
    const lookup = fakeLookup({ ok: [{ address: '10.0.0.1', family: 4 }], slow: 'EAI_AGAIN', empty: [], odd: [{ address: 'not-an-ip', family: 4 }] });
    const result = await resolveTargets(specs('nas.typo ok slow empty odd nas.typo:1'), { lookup });
    assert.deepEqual(result, {
      ok: false,
      errors: [
        { host: 'nas.typo', code: 'ENOTFOUND', message: 'nas.typo: the name does not resolve (ENOTFOUND); check the spelling or DNS' },
        { host: 'slow', code: 'EAI_AGAIN', message: 'slow: DNS did not answer for this name (EAI_AGAIN); check the spelling or DNS' },
        { host: 'empty', code: 'ENODATA', message: 'empty: the name does not resolve (ENODATA); check the spelling or DNS' },
        { host: 'odd', code: 'EBADRESP', message: 'odd: the resolver returned an address that is not valid IP (EBADRESP); check the spelling or DNS' },
      ],
    });
  });

  it('reports an error without a code as UNKNOWN', async () => {
    const result = await resolveTargets(specs('weird'), { lookup: async () => { throw new Error('boom'); } });
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.message, 'weird: the name does not resolve (UNKNOWN); check the spelling or DNS');
  });

  it('gives up on names not answered by the deadline, keeping the answers that came', async () => {
    const answered = fakeLookup({ fast: [{ address: '10.0.0.1', family: 4 }] });
    const lookup: LookupAll = (host) => (host === 'hung' ? new Promise(() => undefined) : answered(host));
    const started = Date.now();
    const result = await resolveTargets(specs('fast hung'), { lookup, timeoutMs: 30 });
    assert.ok(Date.now() - started < 10_000, 'without the deadline it would wait for ever');
    assert.deepEqual(result, {
      ok: false,
      errors: [{ host: 'hung', code: 'ETIMEOUT', message: 'hung: DNS did not answer for this name (ETIMEOUT); check the spelling or DNS' }],
    });
  });

  it('does not call the resolver when there are no names', async () => {
    const calls: string[] = [];
    const result = await resolveTargets(specs('127.0.0.1 ::1'), { lookup: fakeLookup({}, calls) });
    assert.ok(result.ok);
    assert.equal(result.targets.length, 2);
    assert.deepEqual(calls, []);
  });
});
