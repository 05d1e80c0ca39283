// The KRPC `v` key: two bytes naming the client, then two version bytes
// (libtorrent's "client identification" extension, libtorrent.org
// dht_extensions.html). Each client packs the version its own way, so a version
// is only shown for clients whose packing is read from their source; every
// other `v` is shown raw (rawHex). Never guess.

import { toHex } from './ids';

export interface ClientVersion {
  /** The two client bytes as text when both are visible ASCII, else their hex. */
  readonly code: string;
  /** Every byte of `v`, as lowercase hex. */
  readonly rawHex: string;
  /** The client's name, when the code is a known one. */
  readonly name?: string;
  /** The client's version, when `v` is 4 bytes and the client's packing is known. */
  readonly version?: string;
}

interface KnownClient {
  readonly name: string;
  /** From the two version bytes; undefined when the bytes do not fit the packing. */
  readonly decodeVersion?: (first: number, second: number) => string | undefined;
}

const KNOWN_CLIENTS: ReadonlyMap<string, KnownClient> = new Map<string, KnownClient>([
  // libtorrent (dht_tracker.cpp): {'L','T', MAJOR, (MINOR << 4) | TINY}; "LT 02 08" is 2.0.8.
  // Before 1.2 it was {'L','T', MAJOR, MINOR}: see rasterbarVersion.
  ['LT', { name: 'libtorrent (Rasterbar)', decodeVersion: rasterbarVersion }],
  // rakshasa libtorrent 0.13.8 (configure.ac): PEER_VERSION "lt\x0D\x80", PEER_NAME "-lt0D80-":
  // four hex digits, one per nibble, as in the peer id. Not the Rasterbar packing.
  ['lt', { name: 'libtorrent (rakshasa) / rTorrent', decodeVersion: peerIdNibbles }],
  // aria2 (DHTMessageFactoryImpl.cc): 'A','2' then htons(DHT_VERSION), its DHT protocol version.
  ['A2', { name: 'aria2', decodeVersion: (first, second) => String((first << 8) | second) }],
  ['ml', { name: 'mldht' }],
  // Named in libtorrent's list of known DHT clients; version packing unpublished.
  ['UT', { name: 'µTorrent' }],
  ['MP', { name: 'MooPolice' }],
  ['GR', { name: 'GetRight' }],
]);

const CLIENT_CODE_LENGTH = 2;
const VERSIONED_LENGTH = 4;

/** Decodes a `v` value of any length; only a 4-byte one can carry a version. */
export function decodeClientVersion(v: Uint8Array): ClientVersion {
  const rawHex = toHex(v);
  if (v.length < CLIENT_CODE_LENGTH) return { code: '', rawHex };

  const codeBytes = v.subarray(0, CLIENT_CODE_LENGTH);
  if (!codeBytes.every(isVisibleAscii)) return { code: toHex(codeBytes), rawHex };

  const code = String.fromCharCode(...codeBytes);
  const known = KNOWN_CLIENTS.get(code);
  if (known === undefined) return { code, rawHex };

  const first = v[2];
  const second = v[3];
  const version =
    v.length === VERSIONED_LENGTH && first !== undefined && second !== undefined
      ? known.decodeVersion?.(first, second)
      : undefined;
  return version === undefined ? { code, rawHex, name: known.name } : { code, rawHex, name: known.name, version };
}

/** Printable ASCII without the space, so that a code never looks blank. */
function isVisibleAscii(byte: number): boolean {
  return byte > 0x20 && byte < 0x7f;
}

/**
 * libtorrent before 1.2 sent plain MAJOR, MINOR bytes ("LT 01 01" is 1.1,
 * "LT 00 10" is 0.16); 1.2 and later pack byte 2 as MINOR << 4 | TINY. The two
 * overlap, so the version decides: 0.x, and 1.x with byte 2 below 0x20
 * (which the new packing would read as 1.0.x or 1.1.x, releases that still
 * used the old one), are the old packing; 1.2 and later ("LT 01 20" is 1.2.0,
 * and every 2.x) the new one.
 */
function rasterbarVersion(first: number, second: number): string {
  const oldPacking = first === 0 || (first === 1 && second < 0x20);
  return oldPacking ? `${first}.${second}` : `${first}.${second >> 4}.${second & 0x0f}`;
}

/**
 * rakshasa's peer-id style: nibbles major, minor, tiny, then a fourth digit.
 * The one release checked (0.13.8) has a zero fourth digit; a non-zero one has
 * no known meaning, so it yields no version rather than a guess.
 */
function peerIdNibbles(first: number, second: number): string | undefined {
  if ((second & 0x0f) !== 0) return undefined;
  return `${first >> 4}.${first & 0x0f}.${second >> 4}`;
}
