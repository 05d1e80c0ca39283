import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  describeRejectReason,
  encodePingQuery,
  parseKrpcMessage,
  type KrpcMessage,
  type KrpcRejectReason,
} from '../../../../src/core/krpc/messages';
import { toHex } from '../../../../src/core/krpc/ids';

const CORPUS_DIR = path.resolve('test/fixtures/krpc-corpus');

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const concat = (...parts: (string | Uint8Array)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => [...(typeof part === 'string' ? latin1(part) : part)]));

function readCorpus(name: string): Uint8Array {
  return fromHex(readFileSync(path.join(CORPUS_DIR, `${name}.hex`), 'utf8').trim());
}

function parsed(datagram: Uint8Array): KrpcMessage {
  const result = parseKrpcMessage(datagram);
  if (!result.ok) assert.fail(`expected a message, got ${result.reason}: ${result.detail}`);
  return result.message;
}

function assertRejected(datagram: Uint8Array, reason: KrpcRejectReason): void {
  const result = parseKrpcMessage(datagram);
  assert.equal(result.ok, false, 'expected a rejection');
  if (!result.ok) assert.equal(result.reason, reason, result.detail);
}

const NODE_ID = latin1('abcdefghij0123456789');
const BEP5_ID = latin1('mnopqrstuvwxyz123456');

describe('encodePingQuery', () => {
  it('produces exactly the BEP 5 ping query', () => {
    const bytes = encodePingQuery(latin1('aa'), NODE_ID, { readOnly: false });
    assert.deepEqual(bytes, latin1('d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe'));
  });

  it('adds BEP 43 ro=1 at the top level, between q and t', () => {
    const bytes = encodePingQuery(latin1('aa'), NODE_ID, { readOnly: true });
    assert.deepEqual(bytes, latin1('d1:ad2:id20:abcdefghij0123456789e1:q4:ping2:roi1e1:t2:aa1:y1:qe'));
  });

  it('writes binary transaction ids and node ids byte for byte', () => {
    const transactionId = Uint8Array.from([0x00, 0xff, 0x3a, 0x65, 0x80, 0x01]);
    const nodeId = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 200) & 0xff);
    const bytes = encodePingQuery(transactionId, nodeId, { readOnly: false });
    assert.deepEqual(bytes, concat('d1:ad2:id20:', nodeId, 'e1:q4:ping1:t6:', transactionId, '1:y1:qe'));
  });

  it('accepts a Node Buffer as well as a Uint8Array', () => {
    const bytes = encodePingQuery(Buffer.from('aa'), Buffer.from(NODE_ID), { readOnly: false });
    assert.deepEqual(Uint8Array.from(bytes), latin1('d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe'));
  });

  it('reads back as a read-only ping query', () => {
    const message = parsed(encodePingQuery(latin1('xy'), NODE_ID, { readOnly: true }));
    assert.deepEqual(message, { kind: 'query', transactionId: latin1('xy'), method: 'ping', readOnly: true });
  });

  it('refuses ids a node would reject', () => {
    assert.throws(() => encodePingQuery(new Uint8Array(0), NODE_ID, { readOnly: false }), RangeError);
    assert.throws(() => encodePingQuery(new Uint8Array(65), NODE_ID, { readOnly: false }), RangeError);
    assert.throws(() => encodePingQuery(latin1('aa'), new Uint8Array(19), { readOnly: false }), RangeError);
  });
});

describe('parseKrpcMessage: seed corpus', () => {
  it('reads the bare BEP 5 ping reply', () => {
    assert.deepEqual(parsed(readCorpus('bep5-ping-reply')), {
      kind: 'response',
      transactionId: latin1('aa'),
      nodeId: BEP5_ID,
      readOnly: false,
    });
  });

  it('reads a libtorrent reply that starts with ip and carries p and v', () => {
    const message = parsed(readCorpus('libtorrent-ping-reply'));
    assert.equal(message.kind, 'response');
    if (message.kind !== 'response') return;
    assert.equal(toHex(message.transactionId), '8f3a');
    assert.equal(toHex(message.nodeId), '4c0f8b2d6e1a93c57d20b8e4f61a3c9d5e7b0a12');
    assert.deepEqual(message.observedAddress, { address: '198.51.100.7', port: 6881, family: 4 });
    assert.equal(message.observedPort, 6881);
    assert.deepEqual(message.client, {
      code: 'LT',
      rawHex: '4c540208',
      name: 'libtorrent (Rasterbar)',
      version: '2.0.8',
    });
  });

  it('reads an mldht reply with a 6-byte transaction id', () => {
    const message = parsed(readCorpus('mldht-ping-reply'));
    assert.equal(message.kind, 'response');
    if (message.kind !== 'response') return;
    assert.equal(toHex(message.transactionId), '0000002a1b3c');
    assert.deepEqual(message.client, { code: 'ml', rawHex: '6d6c0110', name: 'mldht' });
    assert.deepEqual(message.observedAddress, { address: '203.0.113.5', port: 51413, family: 4 });
    assert.equal(message.observedPort, undefined);
  });

  it('reads an error reply with code 203', () => {
    assert.deepEqual(parsed(readCorpus('error-203-reply')), {
      kind: 'error',
      transactionId: fromHex('51c2'),
      code: 203,
      message: 'invalid transaction id',
      client: { code: 'LT', rawHex: '4c540207', name: 'libtorrent (Rasterbar)', version: '2.0.7' },
    });
  });

  it("recognises a node's own ping query", () => {
    assert.deepEqual(parsed(readCorpus('ping-query-from-node')), {
      kind: 'query',
      transactionId: fromHex('b7'),
      method: 'ping',
      readOnly: false,
    });
  });

  it('reads a find_node reply with nodes6 and an IPv6 ip', () => {
    const message = parsed(readCorpus('find-node-reply-nodes6'));
    assert.equal(message.kind, 'response');
    if (message.kind !== 'response') return;
    assert.deepEqual(message.observedAddress, { address: '2001:db8::42', port: 6881, family: 6 });
    // LT 01 05: first byte 1 and second below 0x20 is libtorrent's pre-1.2 major.minor packing.
    assert.equal(message.client?.version, '1.5');
  });

  it('reads a BEP 51 sample_infohashes reply', () => {
    const message = parsed(readCorpus('sample-infohashes-reply'));
    assert.equal(message.kind, 'response');
    if (message.kind !== 'response') return;
    assert.equal(toHex(message.nodeId), '9a3e51c07f28d6b4e0193a7c5d82f16b04ce3d77');
    assert.deepEqual(message.observedAddress, { address: '192.0.2.33', port: 60000, family: 4 });
  });

  const hostile: [string, KrpcRejectReason][] = [
    ['hostile-negative-length', 'unexpected-byte'],
    ['hostile-huge-length', 'string-exceeds-input'],
    ['hostile-leading-zero-integer', 'bad-integer'],
    ['hostile-negative-zero', 'bad-integer'],
    ['hostile-unsorted-keys', 'dictionary-keys-unsorted'],
    ['hostile-duplicate-key', 'duplicate-dictionary-key'],
    ['hostile-trailing-bytes', 'trailing-bytes'],
    ['hostile-truncated', 'truncated'],
  ];
  for (const [name, reason] of hostile) {
    it(`rejects ${name} as ${reason}`, () => assertRejected(readCorpus(name), reason));
  }
});

describe('parseKrpcMessage: validation', () => {
  const reply = (extraTop = '', body = concat('d2:id20:', BEP5_ID, 'e')): Uint8Array =>
    concat('d', extraTop, '1:r', body, '1:t2:aa1:y1:re');

  it('requires a top-level dictionary', () => {
    assertRejected(latin1('le'), 'not-a-dictionary');
    assertRejected(latin1('4:spam'), 'not-a-dictionary');
    assertRejected(latin1('i1e'), 'not-a-dictionary');
  });

  it('requires a transaction id of 1 to 64 bytes', () => {
    assertRejected(concat('d1:rd2:id20:', BEP5_ID, 'e1:y1:re'), 'missing-transaction-id');
    assertRejected(concat('d1:rd2:id20:', BEP5_ID, 'e1:t0:1:y1:re'), 'bad-transaction-id');
    assertRejected(concat('d1:rd2:id20:', BEP5_ID, 'e1:ti1e1:y1:re'), 'bad-transaction-id');
    assertRejected(concat('d1:rd2:id20:', BEP5_ID, 'e1:t65:', 'x'.repeat(65), '1:y1:re'), 'bad-transaction-id');
    const longest = parsed(concat('d1:rd2:id20:', BEP5_ID, 'e1:t64:', 'x'.repeat(64), '1:y1:re'));
    assert.equal(longest.transactionId.length, 64);
  });

  it('requires y to be q, r or e', () => {
    assertRejected(concat('d1:rd2:id20:', BEP5_ID, 'e1:t2:aae'), 'bad-message-type');
    assertRejected(concat('d1:rd2:id20:', BEP5_ID, 'e1:t2:aa1:y1:xe'), 'bad-message-type');
    assertRejected(concat('d1:rd2:id20:', BEP5_ID, 'e1:t2:aa1:y2:rre'), 'bad-message-type');
    assertRejected(concat('d1:rd2:id20:', BEP5_ID, 'e1:t2:aa1:yi1ee'), 'bad-message-type');
  });

  it('requires a response to carry r with a 20-byte id', () => {
    assertRejected(latin1('d1:t2:aa1:y1:re'), 'bad-response-body');
    assertRejected(latin1('d1:r4:spam1:t2:aa1:y1:re'), 'bad-response-body');
    assertRejected(reply('', latin1('de')), 'bad-node-id');
    assertRejected(reply('', concat('d2:id19:', BEP5_ID.subarray(1), 'e')), 'bad-node-id');
    assertRejected(reply('', concat('d2:id21:', BEP5_ID, 'xe')), 'bad-node-id');
    assertRejected(reply('', latin1('d2:idi1ee')), 'bad-node-id');
  });

  it('reads ro=1 as read-only and ignores other ro values', () => {
    const readOnly = parsed(concat('d1:rd2:id20:', BEP5_ID, 'e2:roi1e1:t2:aa1:y1:re'));
    assert.equal(readOnly.kind === 'response' && readOnly.readOnly, true);
    for (const ro of ['i0e', '1:1', 'i2e']) {
      const message = parsed(concat('d1:rd2:id20:', BEP5_ID, `e2:ro${ro}1:t2:aa1:y1:re`));
      assert.equal(message.kind === 'response' && message.readOnly, false, `ro=${ro}`);
    }
  });

  it('ignores malformed optional keys instead of rejecting the reply', () => {
    const message = parsed(
      concat('d2:ip7:1234567', '1:rd2:id20:', BEP5_ID, '1:pi70000ee1:t2:aa1:v0:1:y1:re'),
    );
    assert.deepEqual(message, { kind: 'response', transactionId: latin1('aa'), nodeId: BEP5_ID, readOnly: false });
    const negativePort = parsed(concat('d1:rd2:id20:', BEP5_ID, '1:pi-1ee1:t2:aa1:y1:re'));
    assert.equal(negativePort.kind === 'response' && negativePort.observedPort, undefined);
  });

  it('returns copies of the ids, not views into the datagram', () => {
    const datagram = readCorpus('bep5-ping-reply');
    const message = parsed(datagram);
    assert.notEqual(message.transactionId.buffer, datagram.buffer);
    assert.ok(message.kind === 'response' && message.nodeId.buffer !== datagram.buffer);
    datagram.fill(0);
    assert.deepEqual(message.transactionId, latin1('aa'));
  });

  it('reads error lists, tolerating items after code and message', () => {
    const withExtra = parsed(latin1('d1:eli201e13:Generic Errori7ee1:t2:aa1:y1:ee'));
    assert.deepEqual(withExtra, { kind: 'error', transactionId: latin1('aa'), code: 201, message: 'Generic Error' });
    const invalidUtf8 = parsed(concat('d1:eli202e2:', Uint8Array.from([0xff, 0x41]), 'e1:t2:aa1:y1:ee'));
    assert.equal(invalidUtf8.kind === 'error' && invalidUtf8.message, '\ufffdA');
  });

  it('rejects malformed error lists', () => {
    assertRejected(latin1('d1:t2:aa1:y1:ee'), 'bad-error-list');
    assertRejected(latin1('d1:e4:oops1:t2:aa1:y1:ee'), 'bad-error-list');
    assertRejected(latin1('d1:ele1:t2:aa1:y1:ee'), 'bad-error-list');
    assertRejected(latin1('d1:eli201ee1:t2:aa1:y1:ee'), 'bad-error-list');
    assertRejected(latin1('d1:el4:oopsi201ee1:t2:aa1:y1:ee'), 'bad-error-list');
  });

  it('rejects malformed queries', () => {
    assertRejected(latin1('d1:ade1:t2:aa1:y1:qe'), 'bad-query');
    assertRejected(latin1('d1:ade1:q0:1:t2:aa1:y1:qe'), 'bad-query');
    assertRejected(latin1('d1:q4:ping1:t2:aa1:y1:qe'), 'bad-query');
    assertRejected(latin1('d1:ali1ee1:q4:ping1:t2:aa1:y1:qe'), 'bad-query');
  });

  it('passes decoder rejections through', () => {
    assertRejected(new Uint8Array(0), 'empty-input');
    assertRejected(new Uint8Array(2000).fill(0x64), 'too-large');
    assertRejected(latin1('d1:a-3:xe'), 'unexpected-byte');
  });
});

describe('describeRejectReason', () => {
  it('gives every reason its own short phrase', () => {
    const reasons: KrpcRejectReason[] = [
      'empty-input', 'too-large', 'too-deep', 'too-many-tokens', 'truncated', 'unexpected-byte',
      'bad-integer', 'integer-out-of-range', 'bad-string-length', 'string-exceeds-input',
      'dictionary-key-not-string', 'dictionary-keys-unsorted', 'duplicate-dictionary-key',
      'dictionary-key-without-value', 'trailing-bytes', 'not-a-dictionary', 'missing-transaction-id',
      'bad-transaction-id', 'bad-message-type', 'bad-response-body', 'bad-node-id', 'bad-error-list', 'bad-query',
    ];
    const phrases = reasons.map(describeRejectReason);
    for (const phrase of phrases) assert.ok(phrase.length > 0 && phrase.length < 60, phrase);
    assert.equal(new Set(phrases).size, reasons.length, 'phrases are distinct');
  });
});
