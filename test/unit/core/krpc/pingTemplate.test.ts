import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPingTemplate, queryFromTemplate } from '../../../../src/core/krpc/pingTemplate';
import { encodePingQuery, parseKrpcMessage } from '../../../../src/core/krpc/messages';

describe('ping template', () => {
  it('patches each transaction id into the same bytes the encoder writes', () => {
    const nodeId = new Uint8Array(20).map((_, i) => 255 - i);
    const template = createPingTemplate(nodeId, 4, { readOnly: true });
    for (const id of [[0, 0, 0, 0], [255, 255, 255, 255], [0x31, 0x3a, 0x74, 0x34]]) {
      const t = Uint8Array.from(id);
      assert.deepEqual(queryFromTemplate(template, t), encodePingQuery(t, nodeId, { readOnly: true }));
    }
  });

  it('makes queries our own strict parser reads back as ping queries', () => {
    const template = createPingTemplate(new Uint8Array(20), 4, { readOnly: true });
    const parsed = parseKrpcMessage(queryFromTemplate(template, Uint8Array.from([1, 2, 3, 4])));
    assert.equal(parsed.ok, true);
    assert.ok(parsed.ok && parsed.message.kind === 'query' && parsed.message.method === 'ping' && parsed.message.readOnly);
  });

  it('does not share the template between packets', () => {
    const template = createPingTemplate(new Uint8Array(20), 4, { readOnly: false });
    const first = queryFromTemplate(template, Uint8Array.from([1, 1, 1, 1]));
    queryFromTemplate(template, Uint8Array.from([2, 2, 2, 2]));
    assert.equal(first[template.transactionOffset], 1);
  });
});
