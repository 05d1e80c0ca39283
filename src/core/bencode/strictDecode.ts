// A strict, bounded bencode decoder for bytes that come from the network.
//
// Why not the `bencode` package: on hostile input it loops forever (negative
// length), overflows the call stack (deep nesting) and accepts non-canonical
// encodings (see docs/krpc-notes.md). This decoder
// - walks the input with an explicit stack, so nesting costs heap, not call
//   stack, and is capped by `maxDepth`;
// - checks every length prefix against the bytes that are really there before
//   using it, and returns views (`subarray`) instead of copies, so memory stays
//   a small multiple of the input size;
// - accepts only the canonical encoding, so that re-encoding the result gives
//   back exactly the input bytes;
// - never throws: it says what it rejected, and where.

/** A decoded bencode value. Byte strings stay bytes: KRPC ids are binary. */
export type BencodeValue = Uint8Array | number | BencodeValue[] | BencodeDictionary;

/**
 * A decoded dictionary. Each key is the raw key bytes read as latin1 (one
 * character per byte, code points 0-255), which is binary-safe and reversible
 * with {@link dictionaryKeyBytes}. Iteration order is the wire order, which the
 * decoder has checked to be strictly ascending by raw bytes.
 */
export type BencodeDictionary = Map<string, BencodeValue>;

export interface StrictDecodeOptions {
  /** Inputs longer than this are rejected unread. */
  readonly maxBytes?: number;
  /** Deepest allowed nesting of lists and dictionaries (the top one is depth 1). */
  readonly maxDepth?: number;
  /** Most values allowed, counting every integer, string, list, dictionary and key. */
  readonly maxTokens?: number;
}

/**
 * BEP 32 caps a DHT datagram at 1024 bytes; a little more is allowed. The depth
 * and token limits sit above libtorrent's own (10 and 500) so that we never
 * reject what a real node accepts.
 */
export const DEFAULT_DECODE_LIMITS: Readonly<Required<StrictDecodeOptions>> = {
  maxBytes: 1500,
  maxDepth: 16,
  maxTokens: 1000,
};

export type DecodeRejectReason =
  | 'empty-input'
  | 'too-large'
  | 'too-deep'
  | 'too-many-tokens'
  | 'truncated'
  | 'unexpected-byte'
  | 'bad-integer'
  | 'integer-out-of-range'
  | 'bad-string-length'
  | 'string-exceeds-input'
  | 'dictionary-key-not-string'
  | 'dictionary-keys-unsorted'
  | 'duplicate-dictionary-key'
  | 'dictionary-key-without-value'
  | 'trailing-bytes';

export interface DecodeError {
  readonly reason: DecodeRejectReason;
  /** Byte offset in the input where the problem was found. */
  readonly offset: number;
  /** A short English explanation; never contains input bytes other than as hex. */
  readonly detail: string;
}

export type StrictDecodeResult =
  | { readonly ok: true; readonly value: BencodeValue }
  | { readonly ok: false; readonly error: DecodeError };

/** Decodes exactly one canonical bencode value that fills the whole input. */
export function strictDecode(input: Uint8Array, options: StrictDecodeOptions = {}): StrictDecodeResult {
  // `??` rather than a spread: an explicit `undefined` must not lift a limit.
  const limits: Required<StrictDecodeOptions> = {
    maxBytes: options.maxBytes ?? DEFAULT_DECODE_LIMITS.maxBytes,
    maxDepth: options.maxDepth ?? DEFAULT_DECODE_LIMITS.maxDepth,
    maxTokens: options.maxTokens ?? DEFAULT_DECODE_LIMITS.maxTokens,
  };
  if (input.length === 0) return rejected('empty-input', 0, 'no bytes to decode');
  if (input.length > limits.maxBytes) {
    return rejected('too-large', limits.maxBytes, `${input.length} bytes, limit ${limits.maxBytes}`);
  }
  return new Decoder(input, limits).run();
}

/** The raw bytes of a dictionary key as {@link strictDecode} returns it. */
export function dictionaryKeyBytes(key: string): Uint8Array {
  const bytes = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) bytes[i] = key.charCodeAt(i);
  return bytes;
}

export function isByteString(value: BencodeValue | undefined): value is Uint8Array {
  return value instanceof Uint8Array;
}

export function isInteger(value: BencodeValue | undefined): value is number {
  return typeof value === 'number';
}

export function isList(value: BencodeValue | undefined): value is BencodeValue[] {
  return Array.isArray(value);
}

export function isDictionary(value: BencodeValue | undefined): value is BencodeDictionary {
  return value instanceof Map;
}

const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_COLON = 0x3a;
const CHAR_MINUS = 0x2d;
const CHAR_D = 0x64;
const CHAR_E = 0x65;
const CHAR_I = 0x69;
const CHAR_L = 0x6c;

/** Digits of Number.MAX_SAFE_INTEGER (9007199254740991). */
const MAX_SAFE_INTEGER_DIGITS = 16;

interface ListFrame {
  readonly kind: 'list';
  readonly items: BencodeValue[];
}

interface DictionaryFrame {
  readonly kind: 'dictionary';
  readonly entries: BencodeDictionary;
  /** Key read and waiting for its value. */
  pendingKey: string | undefined;
  /** Raw bytes of the last key, for the ordering check. */
  previousKey: Uint8Array | undefined;
}

type Frame = ListFrame | DictionaryFrame;

class Decoder {
  private position = 0;
  private tokens = 0;
  private readonly stack: Frame[] = [];
  private failure: DecodeError | undefined;

  constructor(
    private readonly input: Uint8Array,
    private readonly limits: Required<StrictDecodeOptions>,
  ) {}

  run(): StrictDecodeResult {
    for (;;) {
      if (this.position >= this.input.length) {
        return rejected('truncated', this.position, 'input ended inside a list or dictionary');
      }
      const frame = this.stack[this.stack.length - 1];
      let value: BencodeValue | undefined;
      if (frame !== undefined && this.byteAt(this.position) === CHAR_E) {
        if (frame.kind === 'dictionary' && frame.pendingKey !== undefined) {
          return rejected('dictionary-key-without-value', this.position, 'dictionary ends after a key');
        }
        this.position++;
        this.stack.pop();
        value = frame.kind === 'list' ? frame.items : frame.entries;
      } else if (frame?.kind === 'dictionary' && frame.pendingKey === undefined) {
        if (!this.readKey(frame)) return this.fail();
        continue;
      } else {
        value = this.readValueOrOpenContainer();
        if (this.failure !== undefined) return this.fail();
        if (value === undefined) continue; // a list or dictionary was opened
      }

      const parent = this.stack[this.stack.length - 1];
      if (parent === undefined) {
        if (this.position !== this.input.length) {
          const extra = this.input.length - this.position;
          return rejected('trailing-bytes', this.position, `${extra} bytes after the top value`);
        }
        return { ok: true, value };
      }
      if (parent.kind === 'list') {
        parent.items.push(value);
      } else if (parent.pendingKey !== undefined) {
        // Always set here: a dictionary value is only read after its key.
        parent.entries.set(parent.pendingKey, value);
        parent.pendingKey = undefined;
      }
    }
  }

  private readKey(frame: DictionaryFrame): boolean {
    const start = this.position;
    if (!isDigit(this.byteAt(start))) {
      return this.reject('dictionary-key-not-string', start, `key starts with byte 0x${hexByte(this.byteAt(start))}`);
    }
    if (!this.countToken(start)) return false;
    const key = this.readByteString();
    if (key === undefined) return false;
    if (frame.previousKey !== undefined) {
      const order = compareBytes(frame.previousKey, key);
      if (order === 0) return this.reject('duplicate-dictionary-key', start, 'key repeats the previous key');
      if (order > 0) return this.reject('dictionary-keys-unsorted', start, 'key sorts before the previous key');
    }
    frame.previousKey = key;
    frame.pendingKey = latin1(key);
    return true;
  }

  /** Reads an integer or byte string, or opens a container and returns undefined. */
  private readValueOrOpenContainer(): BencodeValue | undefined {
    const start = this.position;
    if (!this.countToken(start)) return undefined;
    const byte = this.byteAt(start);
    if (byte === CHAR_I) return this.readInteger();
    if (isDigit(byte)) return this.readByteString();
    if (byte === CHAR_L || byte === CHAR_D) {
      if (this.stack.length >= this.limits.maxDepth) {
        this.reject('too-deep', start, `nesting deeper than ${this.limits.maxDepth}`);
        return undefined;
      }
      this.stack.push(
        byte === CHAR_L
          ? { kind: 'list', items: [] }
          : { kind: 'dictionary', entries: new Map(), pendingKey: undefined, previousKey: undefined },
      );
      this.position++;
      return undefined;
    }
    this.reject('unexpected-byte', start, `byte 0x${hexByte(byte)} cannot start a value`);
    return undefined;
  }

  /** `i<digits>e`, canonical: no empty, no leading zero, no "-0", safe-integer range. */
  private readInteger(): number | undefined {
    const start = this.position;
    let cursor = start + 1;
    const negative = this.byteAt(cursor) === CHAR_MINUS;
    if (negative) cursor++;
    const digitsStart = cursor;
    let magnitude = 0;
    while (cursor < this.input.length && isDigit(this.byteAt(cursor))) {
      if (cursor - digitsStart >= MAX_SAFE_INTEGER_DIGITS) {
        this.reject('integer-out-of-range', start, 'integer has more digits than a safe integer');
        return undefined;
      }
      magnitude = magnitude * 10 + (this.byteAt(cursor) - CHAR_0);
      cursor++;
    }
    if (cursor >= this.input.length) {
      this.reject('truncated', cursor, 'input ended inside an integer');
      return undefined;
    }
    if (this.byteAt(cursor) !== CHAR_E) {
      this.reject('bad-integer', cursor, `byte 0x${hexByte(this.byteAt(cursor))} inside an integer`);
      return undefined;
    }
    const digitCount = cursor - digitsStart;
    if (digitCount === 0) {
      this.reject('bad-integer', start, 'integer has no digits');
      return undefined;
    }
    if (digitCount > 1 && this.byteAt(digitsStart) === CHAR_0) {
      this.reject('bad-integer', start, 'integer has a leading zero');
      return undefined;
    }
    if (negative && magnitude === 0) {
      this.reject('bad-integer', start, 'integer is negative zero');
      return undefined;
    }
    // Rounding is monotonic, so any true value above the limit still lands above it.
    if (magnitude > Number.MAX_SAFE_INTEGER) {
      this.reject('integer-out-of-range', start, 'integer is beyond the safe integer range');
      return undefined;
    }
    this.position = cursor + 1;
    return negative ? -magnitude : magnitude;
  }

  /** `<length>:<bytes>`, with a canonical length that must fit in what is left. */
  private readByteString(): Uint8Array | undefined {
    const start = this.position;
    let cursor = start;
    let length = 0;
    while (cursor < this.input.length && isDigit(this.byteAt(cursor))) {
      if (cursor > start && this.byteAt(start) === CHAR_0) {
        this.reject('bad-string-length', start, 'string length has a leading zero');
        return undefined;
      }
      length = length * 10 + (this.byteAt(cursor) - CHAR_0);
      // Stop early: a length beyond the whole input can never fit.
      if (length > this.input.length) {
        this.reject('string-exceeds-input', start, `string length exceeds the ${this.input.length}-byte input`);
        return undefined;
      }
      cursor++;
    }
    if (cursor >= this.input.length) {
      this.reject('truncated', cursor, 'input ended inside a string length');
      return undefined;
    }
    if (this.byteAt(cursor) !== CHAR_COLON) {
      this.reject('bad-string-length', cursor, `byte 0x${hexByte(this.byteAt(cursor))} inside a string length`);
      return undefined;
    }
    const bodyStart = cursor + 1;
    const remaining = this.input.length - bodyStart;
    if (length > remaining) {
      this.reject('string-exceeds-input', start, `string of ${length} bytes, only ${remaining} left`);
      return undefined;
    }
    this.position = bodyStart + length;
    return this.input.subarray(bodyStart, bodyStart + length);
  }

  private countToken(offset: number): boolean {
    this.tokens++;
    if (this.tokens > this.limits.maxTokens) {
      return this.reject('too-many-tokens', offset, `more than ${this.limits.maxTokens} values`);
    }
    return true;
  }

  /** The byte at `offset`, or -1 past the end (callers check bounds first). */
  private byteAt(offset: number): number {
    return this.input[offset] ?? -1;
  }

  private reject(reason: DecodeRejectReason, offset: number, detail: string): false {
    this.failure = { reason, offset, detail };
    return false;
  }

  /** The rejection recorded by `reject`, which every failing path calls before returning. */
  private fail(): StrictDecodeResult {
    const error = this.failure ?? { reason: 'unexpected-byte', offset: this.position, detail: 'rejected' };
    return { ok: false, error };
  }
}

function rejected(reason: DecodeRejectReason, offset: number, detail: string): StrictDecodeResult {
  return { ok: false, error: { reason, offset, detail } };
}

function isDigit(byte: number): boolean {
  return byte >= CHAR_0 && byte <= CHAR_9;
}

function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b` (raw bytes). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** One character per byte (code points 0-255). TextDecoder's 'latin1' is windows-1252, not this. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
