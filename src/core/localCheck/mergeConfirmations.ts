// Joins the classifier's hints with the probe's proof, socket by socket.
import type { DhtNodeFinding } from '../probe/types';
import type { SocketVerdict } from '../sockets/classify';
import { addressesOfSocket, type LocalAddress } from './probeEndpoints';
import type { CheckedSocket, FindingBasis } from './types';

const BASIS_OF_REASON: Record<string, FindingBasis> = {
  'process-name': 'process-name',
  executable: 'executable',
  'command-line': 'command-line',
  'well-known-port': 'port',
};

export function mergeConfirmations(
  verdicts: readonly SocketVerdict[],
  findings: readonly DhtNodeFinding[],
  probedPorts: ReadonlySet<number>,
  local: readonly LocalAddress[],
): CheckedSocket[] {
  return verdicts.map((verdict) => {
    const { socket } = verdict;
    const probed = socket.protocol === 'udp' && probedPorts.has(socket.localPort);
    const addresses = new Set(addressesOfSocket(socket, local).map((a) => a.address));
    const dhtReplies = socket.protocol === 'udp'
      ? findings.filter((f) => f.endpoint.port === socket.localPort && addresses.has(f.endpoint.address))
      : [];
    const basis = new Set<FindingBasis>();
    if (dhtReplies.length > 0) basis.add('krpc-reply');
    for (const reason of verdict.reasons) {
      const mapped = BASIS_OF_REASON[reason.kind];
      if (mapped) basis.add(mapped);
    }
    return { verdict, dhtReplies, basis: [...basis], probed };
  });
}

/** Confirmed DHT sockets first, then other suspects by confidence, then the rest. */
export function orderForReport(sockets: readonly CheckedSocket[]): CheckedSocket[] {
  const rank = (s: CheckedSocket): number => {
    if (s.dhtReplies.length > 0) return 0;
    if (!s.verdict.suspect) return 4;
    return { high: 1, medium: 2, low: 3 }[s.verdict.confidence ?? 'low'];
  };
  return [...sockets].sort((a, b) => rank(a) - rank(b) || a.verdict.socket.localPort - b.verdict.socket.localPort);
}
