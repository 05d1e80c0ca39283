import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeClientVersion } from '../../../../src/core/krpc/clientVersion';

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('decodeClientVersion', () => {
  it('decodes libtorrent (Rasterbar): major, then minor << 4 | tiny', () => {
    assert.deepEqual(decodeClientVersion(fromHex('4c540208')), {
      code: 'LT',
      rawHex: '4c540208',
      name: 'libtorrent (Rasterbar)',
      version: '2.0.8',
    });
    assert.equal(decodeClientVersion(fromHex('4c54012f')).version, '1.2.15');
  });

  it('decodes libtorrent before 1.2 as plain major, minor bytes', () => {
    assert.deepEqual(decodeClientVersion(fromHex('4c540101')), {
      code: 'LT',
      rawHex: '4c540101',
      name: 'libtorrent (Rasterbar)',
      version: '1.1',
    });
    assert.equal(decodeClientVersion(fromHex('4c540010')).version, '0.16');
    assert.equal(decodeClientVersion(fromHex('4c540100')).version, '1.0');
    assert.equal(decodeClientVersion(fromHex('4c54011f')).version, '1.31');
  });

  it('decodes libtorrent 1.2 and later with the packed minor and tiny', () => {
    assert.equal(decodeClientVersion(fromHex('4c540120')).version, '1.2.0');
    assert.equal(decodeClientVersion(fromHex('4c540208')).version, '2.0.8');
    assert.equal(decodeClientVersion(fromHex('4c540200')).version, '2.0.0');
  });

  it('decodes rakshasa libtorrent from its peer-id nibbles (lt 0D 80 is 0.13.8)', () => {
    assert.deepEqual(decodeClientVersion(fromHex('6c740d80')), {
      code: 'lt',
      rawHex: '6c740d80',
      name: 'libtorrent (rakshasa) / rTorrent',
      version: '0.13.8',
    });
    assert.equal(decodeClientVersion(fromHex('6c740e00')).version, '0.14.0');
  });

  it('leaves a rakshasa version undefined when its fourth digit has no known meaning', () => {
    const client = decodeClientVersion(fromHex('6c740d81'));
    assert.equal(client.name, 'libtorrent (rakshasa) / rTorrent');
    assert.equal(client.version, undefined);
  });

  it('shows aria2 as its big-endian DHT protocol version number', () => {
    assert.deepEqual(decodeClientVersion(fromHex('41320002')), {
      code: 'A2',
      rawHex: '41320002',
      name: 'aria2',
      version: '2',
    });
    assert.equal(decodeClientVersion(fromHex('41320102')).version, '258');
  });

  it('names clients whose version packing is unknown, without a version', () => {
    for (const [hex, name] of [
      ['6d6c0110', 'mldht'],
      ['5554352c', 'µTorrent'],
      ['4d500001', 'MooPolice'],
      ['47520102', 'GetRight'],
    ] as const) {
      const client = decodeClientVersion(fromHex(hex));
      assert.equal(client.name, name);
      assert.equal(client.version, undefined, hex);
      assert.equal(client.rawHex, hex);
    }
  });

  it('shows unknown printable codes as text, without name or version', () => {
    assert.deepEqual(decodeClientVersion(fromHex('58590102')), { code: 'XY', rawHex: '58590102' });
  });

  it('shows codes that are not visible ASCII as hex', () => {
    assert.deepEqual(decodeClientVersion(fromHex('00ff0102')), { code: '00ff', rawHex: '00ff0102' });
    assert.deepEqual(decodeClientVersion(fromHex('4c200102')), { code: '4c20', rawHex: '4c200102' });
    assert.deepEqual(decodeClientVersion(fromHex('c2b50102')), { code: 'c2b5', rawHex: 'c2b50102' });
  });

  it('keeps code and raw bytes but no version when v is not 4 bytes', () => {
    assert.deepEqual(decodeClientVersion(fromHex('4c5402')), {
      code: 'LT',
      rawHex: '4c5402',
      name: 'libtorrent (Rasterbar)',
    });
    assert.deepEqual(decodeClientVersion(fromHex('4c5402080a')), {
      code: 'LT',
      rawHex: '4c5402080a',
      name: 'libtorrent (Rasterbar)',
    });
    assert.deepEqual(decodeClientVersion(fromHex('4c')), { code: '', rawHex: '4c' });
    assert.deepEqual(decodeClientVersion(new Uint8Array(0)), { code: '', rawHex: '' });
  });

  it('reads a view with a byte offset correctly', () => {
    const backing = fromHex('ffff4c540208ffff');
    assert.equal(decodeClientVersion(backing.subarray(2, 6)).version, '2.0.8');
  });
});
