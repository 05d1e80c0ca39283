// KRPC (BEP 5) messages a DHT prober sends and reads: the ping query it sends,
// and a strict reading of whatever comes back. Replies are decoded, then
// checked field by field; never matched by position or by a pattern over the
// raw bytes, since optional keys (`ip`, `v`, ...) move everything around.

import bencode from 'bencode';
import {
  isByteString,
  isDictionary,
  isInteger,
  isList,
  strictDecode,
  type BencodeDictionary,
  type DecodeRejectReason,
} from '../bencode/strictDecode';
import { decodeClientVersion, type ClientVersion } from './clientVersion';
import { decodeCompactEndpoint, type CompactEndpoint } from './compactEndpoint';

export type KrpcMessage =
  | {
      readonly kind: 'response';
      readonly transactionId: Uint8Array;
      readonly nodeId: Uint8Array;
      readonly client?: ClientVersion;
      /** BEP 42 `ip`: our address and port as the node sees them. */
      readonly observedAddress?: CompactEndpoint;
      /** libtorrent's `p` inside `r`: our port as the node sees it. */
      readonly observedPort?: number;
      /** BEP 43 `ro` = 1. */
      readonly readOnly: boolean;
    }
  | {
      readonly kind: 'error';
      readonly transactionId: Uint8Array;
      readonly code: number;
      /** The error text, decoded as UTF-8 (invalid bytes become U+FFFD); untrusted. */
      readonly message: string;
      readonly client?: ClientVersion;
      readonly observedAddress?: CompactEndpoint;
    }
  | {
      readonly kind: 'query';
      readonly transactionId: Uint8Array;
      /** The method name, decoded as UTF-8; untrusted. */
      readonly method: string;
      readonly readOnly: boolean;
    };

export type KrpcRejectReason =
  | DecodeRejectReason
  | 'not-a-dictionary'
  | 'missing-transaction-id'
  | 'bad-transaction-id'
  | 'bad-message-type'
  | 'bad-response-body'
  | 'bad-node-id'
  | 'bad-error-list'
  | 'bad-query';

export type KrpcParseResult =
  | { readonly ok: true; readonly message: KrpcMessage }
  | { readonly ok: false; readonly reason: KrpcRejectReason; readonly detail: string };

export const NODE_ID_LENGTH = 20;
/** BEP 5 leaves `t` open; anything longer than this is not a real client's. */
export const MAX_TRANSACTION_ID_LENGTH = 64;

/**
 * The BEP 5 ping query, `d1:ad2:id20:<id>e1:q4:ping1:t<n>:<t>1:y1:qe`, with
 * BEP 43 `ro`=1 at the top level when `readOnly` (a probe asks, it does not
 * join the DHT). Throws a RangeError on ids a node would reject: that is a bug
 * in the caller, not bad input from the network.
 */
export function encodePingQuery(
  transactionId: Uint8Array,
  nodeId: Uint8Array,
  options: { readonly readOnly: boolean },
): Uint8Array {
  if (transactionId.length < 1 || transactionId.length > MAX_TRANSACTION_ID_LENGTH) {
    throw new RangeError(`transaction id must be 1..${MAX_TRANSACTION_ID_LENGTH} bytes, got ${transactionId.length}`);
  }
  if (nodeId.length !== NODE_ID_LENGTH) {
    throw new RangeError(`node id must be ${NODE_ID_LENGTH} bytes, got ${nodeId.length}`);
  }
  // The encoder sorts keys, so `ro` lands between `q` and `t` as BEP 43 needs.
  return bencode.encode({
    a: { id: nodeId },
    q: 'ping',
    ro: options.readOnly ? 1 : undefined,
    t: transactionId,
    y: 'q',
  });
}

/**
 * Reads one datagram as a KRPC message. Strictly decoded first (never
 * `bencode.decode` on network bytes), then checked: top-level dictionary, `t`
 * of 1..64 bytes, `y` of q, r or e, and what that type requires. Optional keys
 * that are malformed are ignored rather than fatal: a node that answers our
 * transaction with a valid reply is a node, whatever it adds. Never throws.
 * Returned byte arrays are copies, not views into `datagram`.
 */
export function parseKrpcMessage(datagram: Uint8Array): KrpcParseResult {
  const decoded = strictDecode(datagram);
  if (!decoded.ok) {
    return reject(decoded.error.reason, `${decoded.error.detail} (at byte ${decoded.error.offset})`);
  }
  const top = decoded.value;
  if (!isDictionary(top)) return reject('not-a-dictionary', 'the top-level value is not a dictionary');

  const t = top.get('t');
  if (t === undefined) return reject('missing-transaction-id', 'no "t" key');
  if (!isByteString(t) || t.length < 1 || t.length > MAX_TRANSACTION_ID_LENGTH) {
    return reject('bad-transaction-id', `"t" must be a byte string of 1..${MAX_TRANSACTION_ID_LENGTH} bytes`);
  }
  const transactionId = Uint8Array.from(t);

  const y = top.get('y');
  const type = isByteString(y) && y.length === 1 ? String.fromCharCode(y[0] ?? 0) : undefined;
  switch (type) {
    case 'r':
      return parseResponse(top, transactionId);
    case 'e':
      return parseError(top, transactionId);
    case 'q':
      return parseQuery(top, transactionId);
    default:
      return reject('bad-message-type', '"y" must be one of "q", "r" or "e"');
  }
}

const REJECT_REASON_DESCRIPTIONS: Readonly<Record<KrpcRejectReason, string>> = {
  'empty-input': 'empty datagram',
  'too-large': 'datagram too large',
  'too-deep': 'nesting too deep',
  'too-many-tokens': 'too many values',
  truncated: 'truncated bencode',
  'unexpected-byte': 'invalid bencode',
  'bad-integer': 'non-canonical integer',
  'integer-out-of-range': 'integer out of range',
  'bad-string-length': 'malformed string length',
  'string-exceeds-input': 'string longer than the datagram',
  'dictionary-key-not-string': 'dictionary key not a string',
  'dictionary-keys-unsorted': 'dictionary keys out of order',
  'duplicate-dictionary-key': 'duplicate dictionary key',
  'dictionary-key-without-value': 'dictionary key without a value',
  'trailing-bytes': 'bytes after the message',
  'not-a-dictionary': 'not a dictionary',
  'missing-transaction-id': 'no transaction id',
  'bad-transaction-id': 'invalid transaction id',
  'bad-message-type': 'unknown message type',
  'bad-response-body': 'reply without a valid "r" dictionary',
  'bad-node-id': 'node id not 20 bytes',
  'bad-error-list': 'malformed error reply',
  'bad-query': 'malformed query',
};

/** A short English phrase for a reject reason, to count ignored replies by kind. */
export function describeRejectReason(reason: KrpcRejectReason): string {
  return REJECT_REASON_DESCRIPTIONS[reason];
}

function parseResponse(top: BencodeDictionary, transactionId: Uint8Array): KrpcParseResult {
  const body = top.get('r');
  if (!isDictionary(body)) return reject('bad-response-body', '"r" is missing or not a dictionary');
  const id = body.get('id');
  if (!isByteString(id) || id.length !== NODE_ID_LENGTH) {
    return reject('bad-node-id', `"r" must hold an "id" of exactly ${NODE_ID_LENGTH} bytes`);
  }
  const port = body.get('p');
  return accept({
    kind: 'response',
    transactionId,
    nodeId: Uint8Array.from(id),
    ...clientOf(top),
    ...observedAddressOf(top),
    ...(isInteger(port) && isPort(port) ? { observedPort: port } : {}),
    readOnly: isReadOnly(top),
  });
}

/**
 * BEP 5: `e` is a list of an integer code and a message string. Items after
 * those two are tolerated and ignored: the reply still proves a DHT node
 * answered our transaction, and no known client relies on them.
 */
function parseError(top: BencodeDictionary, transactionId: Uint8Array): KrpcParseResult {
  const list = top.get('e');
  if (!isList(list)) return reject('bad-error-list', '"e" is missing or not a list');
  const [code, message] = list;
  if (!isInteger(code) || !isByteString(message)) {
    return reject('bad-error-list', '"e" must start with an integer code and a message string');
  }
  return accept({
    kind: 'error',
    transactionId,
    code,
    message: utf8(message),
    ...clientOf(top),
    ...observedAddressOf(top),
  });
}

/** Recognised only so a prober can tell a node's own query from its reply and ignore it. */
function parseQuery(top: BencodeDictionary, transactionId: Uint8Array): KrpcParseResult {
  const method = top.get('q');
  if (!isByteString(method) || method.length === 0) return reject('bad-query', '"q" is missing or not a method name');
  if (!isDictionary(top.get('a'))) return reject('bad-query', '"a" is missing or not a dictionary');
  return accept({ kind: 'query', transactionId, method: utf8(method), readOnly: isReadOnly(top) });
}

function clientOf(top: BencodeDictionary): { client?: ClientVersion } {
  const v = top.get('v');
  return isByteString(v) && v.length > 0 ? { client: decodeClientVersion(v) } : {};
}

function observedAddressOf(top: BencodeDictionary): { observedAddress?: CompactEndpoint } {
  const ip = top.get('ip');
  const endpoint = isByteString(ip) ? decodeCompactEndpoint(ip) : undefined;
  return endpoint === undefined ? {} : { observedAddress: endpoint };
}

/** BEP 43 puts `ro` at the top level; only the integer 1 means read-only. */
function isReadOnly(top: BencodeDictionary): boolean {
  return top.get('ro') === 1;
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff;
}

const UTF8_DECODER = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function utf8(bytes: Uint8Array): string {
  return UTF8_DECODER.decode(bytes);
}

function accept(message: KrpcMessage): KrpcParseResult {
  return { ok: true, message };
}

function reject(reason: KrpcRejectReason, detail: string): KrpcParseResult {
  return { ok: false, reason, detail };
}
