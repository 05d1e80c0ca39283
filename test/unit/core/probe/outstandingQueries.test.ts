import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OutstandingQueries } from '../../../../src/core/probe/outstandingQueries';
import type { Endpoint } from '../../../../src/core/probe/types';

const a: Endpoint = { address: '198.18.0.2', family: 4, port: 6881 };
const b: Endpoint = { address: '2001:db8::5', family: 6, port: 51413 };

describe('OutstandingQueries', () => {
  it('matches a reply only on transaction id and the exact source endpoint', () => {
    const queries = new OutstandingQueries(1000, { indexByEndpoint: false });
    queries.add(7, a, 0);
    assert.deepEqual(queries.match(8, a.address, a.port), { matched: false, reason: 'unknown-transaction' });
    assert.deepEqual(queries.match(7, a.address, 6882), { matched: false, reason: 'wrong-source' });
    assert.deepEqual(queries.match(7, '198.18.0.3', a.port), { matched: false, reason: 'wrong-source' });
    const hit = queries.match(7, a.address, a.port);
    assert.equal(hit.matched, true);
    // Answered once: a duplicate reply no longer matches.
    assert.deepEqual(queries.match(7, a.address, a.port), { matched: false, reason: 'unknown-transaction' });
    assert.equal(queries.size, 0);
  });

  it('expires queries in send order at their deadline', () => {
    const queries = new OutstandingQueries(100, { indexByEndpoint: true });
    queries.add(1, a, 0);
    queries.add(2, b, 50);
    assert.equal(queries.expire(99), 0);
    assert.equal(queries.nextDeadline(), 100);
    assert.equal(queries.expire(100), 1);
    assert.equal(queries.forEndpoint(a), undefined);
    assert.equal(queries.forEndpoint(b)?.transaction, 2);
    assert.deepEqual(queries.match(1, a.address, a.port), { matched: false, reason: 'unknown-transaction' });
    assert.equal(queries.expire(150), 1);
    assert.equal(queries.size, 0);
    assert.equal(queries.nextDeadline(), undefined);
  });

  it('stays bounded by what is in flight over a long sweep', () => {
    const queries = new OutstandingQueries(10, { indexByEndpoint: false });
    for (let i = 0; i < 200_000; i += 1) {
      queries.add(i, { address: '127.0.0.1', family: 4, port: (i % 65535) + 1 }, i);
      queries.expire(i);
    }
    assert.equal(queries.size, 10);
  });

  it('accepts a link-local reply with or without the zone the query named', () => {
    const queries = new OutstandingQueries(1000, { indexByEndpoint: false });
    queries.add(1, { address: 'fe80::1%eth0', family: 6, port: 6881 }, 0);
    assert.equal(queries.match(1, 'fe80::1', 6881).matched, true);
  });
});
