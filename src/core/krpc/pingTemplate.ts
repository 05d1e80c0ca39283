// A sweep sends the same ping to every endpoint but for the transaction id,
// so it encodes the query once (with the bencode package, like every query)
// and patches each packet's transaction id in place: no per-packet encoding.
import { encodePingQuery } from './messages';

export interface PingTemplate {
  /** The encoded query; bytes [transactionOffset, +transactionLength) are the id. */
  readonly bytes: Uint8Array;
  readonly transactionOffset: number;
  readonly transactionLength: number;
}

// After `t` come only the `y` key and the closing 'e': "1:y1:qe".
const TAIL_AFTER_TRANSACTION = 7;

export function createPingTemplate(nodeId: Uint8Array, transactionLength: number, options: { readonly readOnly: boolean }): PingTemplate {
  const bytes = encodePingQuery(new Uint8Array(transactionLength), nodeId, options);
  const transactionOffset = bytes.length - TAIL_AFTER_TRANSACTION - transactionLength;
  const template = { bytes, transactionOffset, transactionLength };
  // Prove the offset once: a patched template must equal a freshly encoded query.
  const probe = new Uint8Array(transactionLength).map((_, i) => (i * 37 + 11) & 0xff);
  const patched = queryFromTemplate(template, probe);
  const encoded = encodePingQuery(probe, nodeId, options);
  if (patched.length !== encoded.length || !patched.every((b, i) => b === encoded[i])) {
    throw new Error('the ping template does not match the encoder: the query layout changed');
  }
  return template;
}

/** A fresh packet: the template with `transactionId` written in. */
export function queryFromTemplate(template: PingTemplate, transactionId: Uint8Array): Uint8Array {
  const packet = template.bytes.slice();
  packet.set(transactionId, template.transactionOffset);
  return packet;
}
