// A finding is one program that answered as a DHT node (or, unconfirmed, is a
// strong BitTorrent suspect): the unit a sysadmin decides on and removes.
// Several sockets and addresses of one process are one finding, not one card
// each; a DHT node seen only on another host is a finding of that host.
import type { ProgramFacts } from '../programs/types';

export interface FindingEndpoint {
  /** `udp/0.0.0.0:6881` for a local socket, `198.18.0.2:6881` for a probed endpoint. */
  readonly label: string;
  readonly protocol: 'udp' | 'tcp';
  /** A valid KRPC reply came from it. */
  readonly confirmed: boolean;
}

export interface Finding {
  /**
   * Stable across a re-run of detection while the same process runs:
   * `local-<pid>-<start ticks>` (or `local-<pid>` when the start time is
   * unknown), `remote-<address>-<node id prefix>` for another host's node.
   */
  readonly id: string;
  /** Where remediation happens: here, or on the host that answered. */
  readonly where: 'this-machine' | 'remote';
  /** This machine's name, or the remote node's address. */
  readonly host: string;
  /** 'krpc-reply' when a DHT reply proves it; 'suspect' when only names and ports point at it. */
  readonly basis: 'krpc-reply' | 'suspect';
  /** A short name for people: the process name, or the client and host for a remote node. */
  readonly title: string;
  readonly pid?: number;
  readonly processName?: string;
  readonly user?: string;
  /** The client and version its DHT replies named, e.g. "libtorrent (Rasterbar) 2.0.8". */
  readonly client?: string;
  readonly nodeIdHex?: string;
  readonly endpoints: readonly FindingEndpoint[];
  /** `address:port` of every KRPC reply it gave, as the baseline comparison names DHT endpoints. */
  readonly dhtEndpoints: readonly string[];
  /** What the owner lookup found: the real program, how it was installed, what starts it. */
  readonly program?: ProgramFacts;
  /** Package, service and why-notes from the owner lookup, for runs whose records predate `program`. */
  readonly owner?: { readonly packages: readonly string[]; readonly packageManager: string; readonly packageNote?: string; readonly service?: string; readonly serviceNote?: string; readonly executable?: string };
}
