import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_DECODE_LIMITS,
  dictionaryKeyBytes,
  strictDecode,
  type BencodeValue,
  type DecodeRejectReason,
  type StrictDecodeOptions,
} from '../../../../src/core/bencode/strictDecode';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

function decodeOk(text: string | Uint8Array, options?: StrictDecodeOptions): BencodeValue {
  const result = strictDecode(typeof text === 'string' ? ascii(text) : text, options);
  if (!result.ok) assert.fail(`expected ok, got ${result.error.reason}: ${result.error.detail}`);
  return result.value;
}

function assertRejected(
  text: string | Uint8Array,
  reason: DecodeRejectReason,
  offset?: number,
  options?: StrictDecodeOptions,
): void {
  const result = strictDecode(typeof text === 'string' ? ascii(text) : text, options);
  assert.equal(result.ok, false, 'expected a rejection');
  if (result.ok) return;
  assert.equal(result.error.reason, reason, result.error.detail);
  if (offset !== undefined) assert.equal(result.error.offset, offset, 'offset');
  assert.ok(result.error.detail.length > 0, 'detail is filled in');
}

describe('strictDecode: accepted values', () => {
  it('decodes canonical integers', () => {
    assert.equal(decodeOk('i0e'), 0);
    assert.equal(decodeOk('i42e'), 42);
    assert.equal(decodeOk('i-7e'), -7);
    assert.equal(decodeOk('i9007199254740991e'), Number.MAX_SAFE_INTEGER);
    assert.equal(decodeOk('i-9007199254740991e'), -Number.MAX_SAFE_INTEGER);
  });

  it('decodes byte strings, including empty and binary ones', () => {
    assert.deepEqual(decodeOk('0:'), new Uint8Array(0));
    assert.deepEqual(decodeOk('4:spam'), ascii('spam'));
    const binary = Uint8Array.from([0x33, 0x3a, 0x00, 0xff, 0x80]); // "3:" + 3 raw bytes
    assert.deepEqual(decodeOk(binary), Uint8Array.from([0x00, 0xff, 0x80]));
  });

  it('returns byte strings as views into the input, not copies', () => {
    const input = ascii('l4:spam4:eggse');
    const value = decodeOk(input);
    assert.ok(Array.isArray(value));
    const first = value[0];
    assert.ok(first instanceof Uint8Array);
    assert.equal(first.buffer, input.buffer);
    assert.equal(first.byteOffset, 3);
  });

  it('decodes lists and dictionaries into arrays and Maps', () => {
    assert.deepEqual(decodeOk('le'), []);
    assert.deepEqual(decodeOk('de'), new Map());
    assert.deepEqual(decodeOk('li1ei2eli3eee'), [1, 2, [3]]);
    const dictionary = decodeOk('d3:bar4:spam3:fooi42ee');
    assert.ok(dictionary instanceof Map);
    assert.deepEqual([...dictionary.keys()], ['bar', 'foo']);
    assert.deepEqual(dictionary.get('bar'), ascii('spam'));
    assert.equal(dictionary.get('foo'), 42);
  });

  it('keys dictionaries by the raw key bytes read as latin1, reversibly', () => {
    const input = Uint8Array.from([...ascii('d1:'), 0xe9, ...ascii('i1e2:'), 0xff, 0x00, ...ascii('i2ee')]);
    const dictionary = decodeOk(input);
    assert.ok(dictionary instanceof Map);
    assert.deepEqual([...dictionary.keys()], ['\u00e9', '\u00ff\u0000']);
    assert.deepEqual(dictionaryKeyBytes('\u00ff\u0000'), Uint8Array.from([0xff, 0x00]));
  });

  it('orders keys by raw bytes, shorter prefix first', () => {
    assert.deepEqual([...(decodeOk('d1:ai1e2:aai2e1:bi3ee') as Map<string, BencodeValue>).keys()], ['a', 'aa', 'b']);
    // 0x7f sorts before 0x80 as raw bytes
    decodeOk(Uint8Array.from([...ascii('d1:'), 0x7f, ...ascii('i1e1:'), 0x80, ...ascii('i2ee')]));
  });

  it('accepts exactly maxDepth levels of nesting', () => {
    const depth = DEFAULT_DECODE_LIMITS.maxDepth;
    decodeOk('l'.repeat(depth) + 'e'.repeat(depth));
    assertRejected('l'.repeat(depth + 1) + 'e'.repeat(depth + 1), 'too-deep', depth);
  });
});

describe('strictDecode: rejected input', () => {
  it('rejects empty input and input over maxBytes', () => {
    assertRejected(new Uint8Array(0), 'empty-input', 0);
    assertRejected(new Uint8Array(1501).fill(0x65), 'too-large');
    assertRejected('4:spam', 'too-large', 5, { maxBytes: 5 });
  });

  it('rejects non-canonical and malformed integers', () => {
    assertRejected('i03e', 'bad-integer', 0);
    assertRejected('i-0e', 'bad-integer', 0);
    assertRejected('i00e', 'bad-integer', 0);
    assertRejected('ie', 'bad-integer', 0);
    assertRejected('i-e', 'bad-integer', 0);
    assertRejected('i+1e', 'bad-integer', 1);
    assertRejected('i1.5e', 'bad-integer', 2);
    assertRejected('i--1e', 'bad-integer', 2);
  });

  it('rejects integers outside the safe integer range', () => {
    assertRejected('i9007199254740992e', 'integer-out-of-range', 0);
    assertRejected('i-9007199254740992e', 'integer-out-of-range', 0);
    assertRejected('i99999999999999999999999e', 'integer-out-of-range', 0);
  });

  it('rejects bad string lengths', () => {
    assertRejected('01:a', 'bad-string-length', 0);
    assertRejected('00:', 'bad-string-length', 0);
    assertRejected('5:abc', 'string-exceeds-input', 0);
    assertRejected('99999999999:abc', 'string-exceeds-input', 0);
    assertRejected('3x:abc', 'bad-string-length', 1);
    assertRejected('-3:abc', 'unexpected-byte', 0);
  });

  it('rejects a negative length inside a dictionary, which hangs the bencode package', () => {
    assertRejected('d1:a-3:xe', 'unexpected-byte', 4);
  });

  it('rejects dictionary keys that are unsorted, repeated, not strings or without value', () => {
    assertRejected('d1:bi1e1:ai2ee', 'dictionary-keys-unsorted', 7);
    assertRejected('d1:ai1e1:ai2ee', 'duplicate-dictionary-key', 7);
    assertRejected('d2:aai1e1:ai2ee', 'dictionary-keys-unsorted', 8);
    assertRejected('di1ei2ee', 'dictionary-key-not-string', 1);
    assertRejected('dlei2ee', 'dictionary-key-not-string', 1);
    assertRejected('d1:ae', 'dictionary-key-without-value', 4);
  });

  it('rejects trailing bytes after the top value', () => {
    assertRejected('i1ei2e', 'trailing-bytes', 3);
    assertRejected('lee', 'trailing-bytes', 2);
    assertRejected('0:x', 'trailing-bytes', 2);
  });

  it('rejects truncated input wherever it stops', () => {
    assertRejected('l', 'truncated', 1);
    assertRejected('d1:a', 'truncated', 4);
    assertRejected('i12', 'truncated', 3);
    assertRejected('1', 'truncated', 1);
    assertRejected('12', 'string-exceeds-input', 0);
    assertRejected('li1e', 'truncated', 4);
    assertRejected('3:ab', 'string-exceeds-input', 0);
  });

  it('rejects bytes that cannot start a value', () => {
    assertRejected('e', 'unexpected-byte', 0);
    assertRejected('x', 'unexpected-byte', 0);
    assertRejected('l:e', 'unexpected-byte', 1);
  });

  it('rejects more values than maxTokens, counting keys', () => {
    decodeOk('li1ei2ee', { maxTokens: 3 });
    assertRejected('li1ei2ei3ee', 'too-many-tokens', 7, { maxTokens: 3 });
    decodeOk('d1:ai1ee', { maxTokens: 3 });
    assertRejected('d1:ai1e1:bi2ee', 'too-many-tokens', 7, { maxTokens: 3 });
  });

  it('keeps the default limits when an option is explicitly undefined', () => {
    assertRejected(new Uint8Array(1501).fill(0x65), 'too-large', undefined, { maxBytes: undefined });
  });

  it('rejects 100,000-deep nesting without overflowing the stack, whatever the byte limit', () => {
    const depth = 100_000;
    const nested = new Uint8Array(depth * 2);
    nested.fill(0x6c, 0, depth); // 'l'
    nested.fill(0x65, depth); // 'e'
    assertRejected(nested, 'too-large');
    assertRejected(nested, 'too-deep', DEFAULT_DECODE_LIMITS.maxDepth, { maxBytes: nested.length });
    // Even with every limit lifted, the explicit stack survives what recursion would not.
    decodeOk(nested, { maxBytes: Infinity, maxDepth: Infinity, maxTokens: Infinity });
  });
});
