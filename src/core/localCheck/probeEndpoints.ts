// Which endpoints to probe for a set of UDP sockets. A socket bound to one
// address is probed there; a wildcard socket (0.0.0.0, ::) on every local
// address of its family, loopback included, because most real clients ignore
// DHT queries that come from loopback (../shared/docs/real-dht-peers.md).
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

/** The addresses a socket answers on. */
export function addressesOfSocket(socket: ListeningSocket, local: readonly LocalAddress[]): LocalAddress[] {
  if (!isWildcard(socket.localAddress)) {
    const zone = socket.interface && socket.localAddress.startsWith('fe80') ? `%${socket.interface}` : '';
    return [{ address: `${socket.localAddress}${zone}`, family: socket.family }];
  }
  // An IPv6 wildcard that also accepts IPv4 answers on both families.
  return local.filter((a) => a.family === socket.family || (socket.dualStack === true && a.family === 4));
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
