// Property fuzzing of the network edge: strictDecode and parseKrpcMessage.
//
// For every input: neither throws, both return a well-formed result, they agree
// on decoder rejections, and whatever strictDecode accepts re-encodes (with the
// `bencode` package) to exactly the input bytes, i.e. it only accepts the
// canonical encoding and loses nothing.
//
// Deterministic: a fixed seed, printed; set FUZZ_SEED to replay or vary a run,
// FUZZ_CASES to run more than the default.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import bencode, { type Encodable } from 'bencode';
import {
  DEFAULT_DECODE_LIMITS,
  dictionaryKeyBytes,
  strictDecode,
  type BencodeValue,
  type StrictDecodeResult,
} from '../../../../src/core/bencode/strictDecode';
import { encodePingQuery, parseKrpcMessage, type KrpcParseResult } from '../../../../src/core/krpc/messages';

const DEFAULT_SEED = 0x6b727063; // "krpc"
const MIN_CASES = 100_000;
const MAX_RANDOM_LENGTH = 1100;

const seed = process.env.FUZZ_SEED ? Number.parseInt(process.env.FUZZ_SEED, 0) >>> 0 : DEFAULT_SEED;
const caseCount = Math.max(MIN_CASES, Number(process.env.FUZZ_CASES ?? 0) || 0);

/** mulberry32: small, fast, and the same sequence on every platform. */
class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, bound). */
  below(bound: number): number {
    return bound <= 0 ? 0 : this.next() % bound;
  }

  chance(oneIn: number): boolean {
    return this.below(oneIn) === 0;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.below(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  bytes(length: number, alphabet?: Uint8Array): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = alphabet ? (alphabet[this.below(alphabet.length)] ?? 0) : this.next() & 0xff;
    return out;
  }
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

const BENCODE_ALPHABET = ascii('dlie0123456789:-');
const STRUCTURAL = ascii('dlie:-0123456789');

function loadCorpus(): Uint8Array[] {
  const dir = path.resolve('test/fixtures/krpc-corpus');
  const files = readdirSync(dir).filter((name) => name.endsWith('.hex')).sort();
  const corpus: Uint8Array[] = files.map((name) => Uint8Array.from(Buffer.from(readFileSync(path.join(dir, name), 'utf8').trim(), 'hex')));
  const nodeId = ascii('abcdefghij0123456789');
  corpus.push(encodePingQuery(ascii('aa'), nodeId, { readOnly: true }));
  corpus.push(encodePingQuery(Uint8Array.from([0, 1, 2, 3, 4, 5]), nodeId, { readOnly: false }));
  return corpus;
}

// ---- Mutations of corpus entries --------------------------------------------

type Mutator = (input: Uint8Array, random: Random, corpus: readonly Uint8Array[]) => Uint8Array;

const flipBits: Mutator = (input, random) => {
  const out = Uint8Array.from(input);
  for (let n = 1 + random.below(4); n > 0 && out.length > 0; n--) {
    const at = random.below(out.length);
    out[at] = (out[at] ?? 0) ^ (1 << random.below(8));
  }
  return out;
};

const insertBytes: Mutator = (input, random) => {
  const at = random.below(input.length + 1);
  const inserted = random.chance(2) ? random.bytes(1 + random.below(4), STRUCTURAL) : random.bytes(1 + random.below(4));
  return concat(input.subarray(0, at), inserted, input.subarray(at));
};

const deleteBytes: Mutator = (input, random) => {
  const at = random.below(input.length);
  return concat(input.subarray(0, at), input.subarray(at + 1 + random.below(4)));
};

const overwriteStructural: Mutator = (input, random) => {
  const out = Uint8Array.from(input);
  if (out.length > 0) out[random.below(out.length)] = random.pick([...STRUCTURAL]);
  return out;
};

const splice: Mutator = (input, random, corpus) => {
  const other = random.pick(corpus);
  return concat(input.subarray(0, random.below(input.length + 1)), other.subarray(random.below(other.length + 1)));
};

const duplicateSlice: Mutator = (input, random) => {
  const start = random.below(input.length);
  const slice = input.subarray(start, start + 1 + random.below(24));
  const at = random.below(input.length + 1);
  return concat(input.subarray(0, at), slice, input.subarray(at));
};

const truncate: Mutator = (input, random) => input.subarray(0, random.below(input.length));

const appendTrailing: Mutator = (input, random) => concat(input, random.bytes(1 + random.below(8), BENCODE_ALPHABET));

/** Rewrites one `<digits>:` length prefix into something near, far, negative or non-canonical. */
const tamperLength: Mutator = (input, random) => {
  const text = Buffer.from(input).toString('latin1');
  const prefixes = [...text.matchAll(/\d+:/g)];
  if (prefixes.length === 0) return flipBits(input, random, []);
  const match = random.pick(prefixes);
  const digits = match[0].slice(0, -1);
  const length = Number(digits);
  const replacement = random.pick([
    String(length + 1),
    String(Math.max(0, length - 1)),
    '0',
    String(random.below(2000)),
    `-${digits}`,
    `0${digits}`,
    '99999999999',
    '',
    String(input.length),
  ]);
  const at = match.index ?? 0;
  return concat(input.subarray(0, at), ascii(replacement), input.subarray(at + digits.length));
};

/** Rewrites one `i...e` integer into a non-canonical or out-of-range one. */
const tamperInteger: Mutator = (input, random) => {
  const text = Buffer.from(input).toString('latin1');
  const integers = [...text.matchAll(/i-?\d+e/g)];
  if (integers.length === 0) return insertBytes(input, random, []);
  const match = random.pick(integers);
  const replacement = random.pick([
    'i-0e', 'i00e', 'i01e', 'ie', 'i-e', 'i9007199254740991e', 'i9007199254740992e', 'i-9007199254740992e',
    'i123456789012345678901234567890e', `i${random.below(100000)}e`, `i-${1 + random.below(100000)}e`, 'i1-e',
  ]);
  const at = match.index ?? 0;
  return concat(input.subarray(0, at), ascii(replacement), input.subarray(at + match[0].length));
};

/** Wraps the input, or a point inside it, in many lists or dictionaries. */
const nest: Mutator = (input, random) => {
  const depth = random.chance(50) ? 1 + random.below(5000) : 1 + random.below(40);
  const useDictionaries = random.chance(3);
  const open = useDictionaries ? ascii('d1:a'.repeat(depth)) : new Uint8Array(depth).fill(0x6c);
  const close = new Uint8Array(random.chance(4) ? random.below(depth + 1) : depth).fill(0x65);
  if (random.chance(2)) return concat(open, input, close);
  const at = random.below(input.length + 1);
  return concat(input.subarray(0, at), open, ascii('i1e'), close, input.subarray(at));
};

const MUTATORS: readonly Mutator[] = [
  flipBits, insertBytes, deleteBytes, overwriteStructural, splice, duplicateSlice,
  truncate, appendTrailing, tamperLength, tamperLength, tamperInteger, nest,
];

function mutate(input: Uint8Array, random: Random, corpus: readonly Uint8Array[]): Uint8Array {
  let out = input;
  for (let n = 1 + random.below(3); n > 0; n--) out = random.pick(MUTATORS)(out, random, corpus);
  return out;
}

// ---- Valid values, generated ---------------------------------------------------

/** Entries sorted into wire order: ascending raw bytes, which for latin1 keys is string order. */
function sortedDictionary(entries: Map<string, BencodeValue>): Map<string, BencodeValue> {
  return new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function randomValue(random: Random, depth: number): BencodeValue {
  const kind = depth >= 5 ? random.below(2) : random.below(4);
  switch (kind) {
    case 0: {
      const magnitude = random.chance(3) ? random.below(2 ** 31) * 2 ** 21 + random.below(2 ** 21) : random.below(70000);
      return random.chance(4) ? -magnitude || 1 : magnitude;
    }
    case 1:
      return random.bytes(random.below(random.chance(8) ? 60 : 22));
    case 2:
      return Array.from({ length: random.below(5) }, () => randomValue(random, depth + 1));
    default: {
      const entries = new Map<string, BencodeValue>();
      for (let n = random.below(5); n > 0; n--) {
        const key = random.chance(2) ? random.pick(['id', 't', 'y', 'r', 'v', 'ip']) : String.fromCharCode(...random.bytes(random.below(4)));
        entries.set(key, randomValue(random, depth + 1));
      }
      return sortedDictionary(entries);
    }
  }
}

/** A KRPC-shaped message, mostly valid, with lengths and types sometimes off. */
function randomKrpcMessage(random: Random): BencodeValue {
  const type = random.pick(['r', 'r', 'e', 'q', 'x']);
  const top = new Map<string, BencodeValue>();
  const id = (): Uint8Array => random.bytes(random.chance(10) ? random.pick([0, 19, 21]) : 20);
  if (random.chance(3)) top.set('ip', random.bytes(random.pick([6, 18, 6, 18, 4, 7])));
  if (type === 'r' || random.chance(10)) {
    const body = new Map<string, BencodeValue>([['id', id()]]);
    if (random.chance(3)) body.set('p', random.chance(5) ? random.below(200000) - 1000 : random.below(65536));
    if (random.chance(4)) body.set('nodes', random.bytes(26 * random.below(4)));
    if (random.chance(4)) body.set('token', random.bytes(random.below(9)));
    top.set('r', random.chance(20) ? randomValue(random, 1) : sortedDictionary(body));
  }
  if (type === 'e') {
    const list: BencodeValue[] = [random.pick([201, 202, 203, 204, random.below(1000)]), random.bytes(random.below(30))];
    if (random.chance(5)) list.push(randomValue(random, 2));
    if (random.chance(8)) list.reverse();
    top.set('e', random.chance(10) ? list.slice(0, random.below(2)) : list);
  }
  if (type === 'q') {
    top.set('a', random.chance(10) ? randomValue(random, 1) : new Map([['id', id()]]));
    top.set('q', ascii(random.pick(['ping', 'find_node', 'get_peers', 'sample_infohashes', ''])));
  }
  if (random.chance(4)) top.set('ro', random.pick<BencodeValue>([1, 1, 0, 2, ascii('1')]));
  if (!random.chance(20)) top.set('t', random.bytes(random.chance(10) ? random.pick([0, 64, 65]) : 1 + random.below(8)));
  if (random.chance(2)) {
    const code = ascii(random.pick(['LT', 'lt', 'A2', 'ml', 'UT', 'XY', '\u0000\u00ff']));
    top.set('v', random.chance(5) ? random.bytes(random.below(6)) : concat(code, random.bytes(2)));
  }
  if (!random.chance(20)) top.set('y', ascii(type));
  return sortedDictionary(top);
}

// ---- Re-encoding with the `bencode` package -----------------------------------

/**
 * A dictionary key for `bencode.encode`: the package writes string keys as
 * UTF-8, which would corrupt binary keys, and sorts byte-array keys by their
 * `toString()`. So keys go in as bytes whose string form is their latin1 text,
 * which sorts exactly as the raw bytes do.
 */
class RawKey extends Uint8Array {
  override toString(): string {
    return String.fromCharCode(...this);
  }
}

function toEncodable(value: BencodeValue): Encodable {
  if (value instanceof Map) {
    return new Map([...value].map(([key, item]) => [new RawKey(dictionaryKeyBytes(key)), toEncodable(item)] as const));
  }
  if (Array.isArray(value)) return value.map(toEncodable);
  return value;
}

// ---- Checks -------------------------------------------------------------------

function checkDecodeResult(result: StrictDecodeResult, input: Uint8Array): void {
  if (result.ok) {
    const reencoded = bencode.encode(toEncodable(result.value));
    if (!bytesEqual(reencoded, input)) assert.fail(`accepted input does not round-trip: got ${toHex(reencoded)}`);
    return;
  }
  const { reason, offset, detail } = result.error;
  assert.equal(typeof reason, 'string');
  assert.ok(typeof detail === 'string' && detail.length > 0, 'detail');
  assert.ok(Number.isInteger(offset) && offset >= 0 && offset <= input.length, `offset ${offset}`);
}

function checkParseResult(result: KrpcParseResult, decoded: StrictDecodeResult): void {
  if (!decoded.ok) {
    assert.equal(result.ok, false, 'parse accepted what the decoder rejected');
    if (!result.ok) assert.equal(result.reason, decoded.error.reason);
    return;
  }
  if (!result.ok) {
    assert.ok(typeof result.reason === 'string' && typeof result.detail === 'string');
    return;
  }
  const message = result.message;
  assert.ok(message.transactionId instanceof Uint8Array);
  assert.ok(message.transactionId.length >= 1 && message.transactionId.length <= 64);
  if (message.kind === 'response') {
    assert.equal(message.nodeId.length, 20);
    assert.equal(typeof message.readOnly, 'boolean');
  } else if (message.kind === 'error') {
    assert.ok(Number.isSafeInteger(message.code));
    assert.equal(typeof message.message, 'string');
  } else {
    assert.equal(message.kind, 'query');
    assert.ok(message.method.length > 0);
  }
}

describe('fuzz: strictDecode and parseKrpcMessage', () => {
  it(`hold their properties over ${caseCount} deterministic cases`, () => {
    console.log(`fuzz seed 0x${seed.toString(16)} (override with FUZZ_SEED), ${caseCount} cases`);
    const random = new Random(seed);
    const corpus = loadCorpus();
    const tally = { random: 0, mutated: 0, generated: 0, decoded: 0, parsed: 0 };
    const started = performance.now();

    for (let index = 0; index < caseCount; index++) {
      let input: Uint8Array;
      let mustDecode = false;
      const roll = random.below(10);
      if (roll < 3) {
        tally.random++;
        input = random.bytes(random.below(MAX_RANDOM_LENGTH + 1), random.chance(2) ? BENCODE_ALPHABET : undefined);
      } else if (roll < 7) {
        tally.mutated++;
        const base = random.chance(3) ? bencode.encode(toEncodable(randomKrpcMessage(random))) : random.pick(corpus);
        input = mutate(base, random, corpus);
      } else {
        tally.generated++;
        const value = roll < 8 ? randomValue(random, 0) : randomKrpcMessage(random);
        input = bencode.encode(toEncodable(value));
        mustDecode = input.length <= DEFAULT_DECODE_LIMITS.maxBytes;
      }

      try {
        const decoded = strictDecode(input);
        checkDecodeResult(decoded, input);
        if (mustDecode && !decoded.ok) assert.fail(`rejected a canonical encoding: ${decoded.error.reason}`);
        if (decoded.ok) tally.decoded++;
        const parsed = parseKrpcMessage(input);
        checkParseResult(parsed, decoded);
        if (parsed.ok) tally.parsed++;
      } catch (error) {
        const shown = input.length > 400 ? `${toHex(input.subarray(0, 400))}… (${input.length} bytes)` : toHex(input);
        assert.fail(`case ${index}, seed 0x${seed.toString(16)}: ${String(error)}\ninput: ${shown}`);
      }
    }

    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz done in ${seconds.toFixed(1)} s: ${JSON.stringify(tally)}`);
    // The round-trip property means little unless many inputs are accepted.
    assert.ok(tally.decoded > caseCount / 10, `only ${tally.decoded} inputs decoded`);
    assert.ok(tally.parsed > caseCount / 20, `only ${tally.parsed} inputs parsed as KRPC`);
  });
});
