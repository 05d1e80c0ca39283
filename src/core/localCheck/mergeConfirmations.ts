// Joins the classifier's hints with the probe's proof, socket by socket.
import type { DhtNodeFinding } from '../probe/types';
import type { SocketVerdict } from '../sockets/classify';
import type { ListeningSocket } from '../sockets/types';
import { addressesOfSocket, isWildcard, type LocalAddress } from './probeEndpoints';
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
  const creditedTo = creditReplies(verdicts.map((v) => v.socket), findings, local);
  return verdicts.map((verdict, index) => {
    const { socket } = verdict;
    const probed = socket.protocol === 'udp' && probedPorts.has(socket.localPort);
    const dhtReplies = findings.filter((_, f) => creditedTo[f]?.has(index) === true);
    const basis = new Set<FindingBasis>();
    if (dhtReplies.length > 0) basis.add('krpc-reply');
    for (const reason of verdict.reasons) {
      const mapped = BASIS_OF_REASON[reason.kind];
      if (mapped) basis.add(mapped);
    }
    return { verdict, dhtReplies, basis: [...basis], probed };
  });
}

/**
 * For each finding, the indexes of the sockets that sent the reply. The kernel
 * hands a datagram to the most specific socket on the port, so a reply is
 * credited to that one only: a socket bound to the exact address (and zone),
 * else a wildcard of the same family, else a dual-stack `::` taking IPv4.
 * A tie (SO_REUSEPORT, a socket listed twice) credits every tied socket.
 */
function creditReplies(sockets: readonly ListeningSocket[], findings: readonly DhtNodeFinding[], local: readonly LocalAddress[]): Set<number>[] {
  const addresses = sockets.map((s) => (s.protocol === 'udp' ? new Set(addressesOfSocket(s, local).map((a) => a.address)) : new Set<string>()));
  return findings.map((finding) => {
    let best = Infinity;
    let credited = new Set<number>();
    sockets.forEach((socket, index) => {
      if (socket.protocol !== 'udp' || socket.localPort !== finding.endpoint.port || !addresses[index]?.has(finding.endpoint.address)) return;
      const rank = !isWildcard(socket.localAddress) ? 0 : socket.family === finding.endpoint.family ? 1 : 2;
      if (rank < best) { best = rank; credited = new Set([index]); } else if (rank === best) credited.add(index);
    });
    return credited;
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
