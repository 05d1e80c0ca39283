import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalIpv6, parseAddress, parseIpv4, parsePort, splitHostPort } from '../../../../src/core/sockets/addresses';

describe('socket addresses', () => {
  it('checks IPv4 and ports strictly', () => {
    assert.equal(parseIpv4('192.0.2.1'), '192.0.2.1');
    for (const bad of ['256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '']) assert.equal(parseIpv4(bad), undefined, bad);
    assert.equal(parsePort('65535'), 65535);
    for (const bad of ['65536', '-1', '*', '', '123456']) assert.equal(parsePort(bad), undefined, bad);
  });

  it('writes IPv6 the RFC 5952 way', () => {
    assert.equal(canonicalIpv6('0:0:0:0:0:0:0:1'), '::1');
    assert.equal(canonicalIpv6('2001:DB8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(canonicalIpv6('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
    assert.equal(canonicalIpv6('::FFFF:7F00:1'), '::ffff:127.0.0.1');
    assert.equal(canonicalIpv6('::ffff:127.0.0.1'), '::ffff:127.0.0.1');
    for (const bad of ['1::2::3', '12345::', ':::', '1:2:3:4:5:6:7:8:9', 'g::1']) assert.equal(canonicalIpv6(bad), undefined, bad);
  });

  it('reads brackets and zones', () => {
    assert.deepEqual(parseAddress('[fe80::1%eth0]'), { address: 'fe80::1', family: 6, zone: 'eth0' });
    assert.deepEqual(parseAddress('[fe80::1]%eth0'), { address: 'fe80::1', family: 6, zone: 'eth0' });
    assert.deepEqual(parseAddress('127.0.0.53%lo'), { address: '127.0.0.53', family: 4, zone: 'lo' });
    assert.equal(parseAddress('[::1'), undefined);
    assert.equal(parseAddress('host.example'), undefined);
  });

  it('splits at the last separator', () => {
    assert.deepEqual(splitHostPort('[::1]:80'), { host: '[::1]', port: '80' });
    assert.deepEqual(splitHostPort('::1.5432', '.'), { host: '::1', port: '5432' });
    assert.equal(splitHostPort('nocolon'), undefined);
  });
});
