// Which endpoints to probe for a set of UDP sockets. A socket bound to one
// address is probed there; a wildcard socket (0.0.0.0, ::) on every local
// address of its family, loopback included, because most real clients ignore
// DHT queries that come from loopback (docs/architecture.md, "The listening-ports check").
import type { Endpoint } from '../probe/types';
import { endpointKey } from '../probe/types';
import type { ListeningSocket } from '../sockets/types';

export interface LocalAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '*']);

export function isWildcard(address: string): boolean {
  return WILDCARDS.has(address);
}

/** fe80::/10: sending there needs the zone (the interface) as well. */
function isLinkLocal(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

/** The address without its `%zone`. */
function withoutZone(address: string): string {
  const percent = address.indexOf('%');
  return percent < 0 ? address : address.slice(0, percent);
}

/** The addresses a socket answers on. */
export function addressesOfSocket(socket: ListeningSocket, local: readonly LocalAddress[]): LocalAddress[] {
  if (!isWildcard(socket.localAddress)) {
    if (!isLinkLocal(socket.localAddress)) return [{ address: socket.localAddress, family: socket.family }];
    if (socket.interface) return [{ address: `${socket.localAddress}%${socket.interface}`, family: socket.family }];
    // lsof and /proc print no zone; without one the probe would go to a bare
    // fe80::, which the kernel cannot route. Take it from the local address list.
    const zoned = local.filter((a) => a.family === 6 && withoutZone(a.address) === socket.localAddress);
    return zoned.length > 0 ? zoned.map((a) => ({ address: a.address, family: a.family })) : [{ address: socket.localAddress, family: socket.family }];
  }
  // An IPv6 wildcard that also accepts IPv4 answers on both families. Only ss
  // says whether it does; unknown (netstat, /proc, lsof) is a "maybe", and a
  // probe sent to a family the socket does not take costs one unanswered datagram.
  return local.filter((a) => a.family === socket.family || (socket.family === 6 && socket.dualStack !== false && a.family === 4));
}

export function probeEndpointsForSockets(sockets: readonly ListeningSocket[], local: readonly LocalAddress[]): Endpoint[] {
  const endpoints = new Map<string, Endpoint>();
  for (const socket of sockets) {
    if (socket.protocol !== 'udp') continue;
    for (const address of addressesOfSocket(socket, local)) {
      const endpoint: Endpoint = { address: address.address, family: address.family, port: socket.localPort };
      endpoints.set(endpointKey(endpoint), endpoint);
    }
  }
  return [...endpoints.values()];
}
