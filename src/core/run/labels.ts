// Short labels for sockets, processes and DHT clients, shared by the
// baseline comparison and the reports so that all of them name a thing the
// same way. Plain text: callers escape for their format.
import type { DhtNodeFinding } from '../probe/types';
import { holdersOf } from '../sockets/parserSupport';
import type { ListeningSocket } from '../sockets/types';

/** protocol/address:port, the identity of a socket across process restarts (pids change, this does not). */
export function socketId(socket: ListeningSocket): string {
  const zone = socket.interface === undefined ? '' : `%${socket.interface}`;
  const address = socket.localAddress.includes(':') ? `[${socket.localAddress}${zone}]` : `${socket.localAddress}${zone}`;
  return `${socket.protocol}/${address}:${socket.localPort}`;
}

/** "qbittorrent-nox (pid 812, user alice)", several holders joined; undefined when no tool saw the owner. */
export function processOf(socket: ListeningSocket): string | undefined {
  const holders = holdersOf(socket);
  if (holders.length === 0) return undefined;
  return holders.map((p) => `${p.name ?? '?'} (pid ${p.pid}${p.user === undefined ? '' : `, user ${p.user}`})`).join(', ');
}

/** "libtorrent (Rasterbar) 2.0.8", "client \"XY\"", or undefined when the reply had no `v` key. */
export function clientOf(finding: DhtNodeFinding): string | undefined {
  const client = finding.client;
  if (client === undefined) return undefined;
  const name = client.name ?? `client "${client.code}"`;
  return client.version === undefined ? name : `${name} ${client.version}`;
}
