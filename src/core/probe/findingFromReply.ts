import { toHex } from '../krpc/ids';
import type { KrpcMessage } from '../krpc/messages';
import type { OutstandingQuery } from './outstandingQueries';
import type { DhtNodeFinding } from './types';
import { endpointKey } from './types';

/** Builds the finding for a reply that matched one of our queries. */
export function findingFromReply(
  message: Extract<KrpcMessage, { kind: 'response' | 'error' }>,
  query: OutstandingQuery,
  sent: Uint8Array,
  datagram: Uint8Array,
  receivedAtMs: number,
  wallClock: (monotonicMs: number) => Date,
): DhtNodeFinding {
  const where = endpointKey(query.endpoint);
  const base = {
    endpoint: query.endpoint,
    client: message.client,
    observedAddress: message.observedAddress,
    roundTripMs: Math.round((receivedAtMs - query.sentAtMs) * 100) / 100,
    evidence: {
      to: where,
      from: where,
      sentHex: toHex(sent),
      receivedHex: toHex(datagram),
      sentAt: wallClock(query.sentAtMs).toISOString(),
      receivedAt: wallClock(receivedAtMs).toISOString(),
    },
  };
  if (message.kind === 'response') {
    return { ...base, replyKind: 'response', nodeIdHex: toHex(message.nodeId), readOnly: message.readOnly };
  }
  return { ...base, replyKind: 'error', readOnly: false, error: { code: message.code, message: message.message } };
}
