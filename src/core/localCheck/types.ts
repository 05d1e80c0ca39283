// The result of "check listening ports": every listening socket, the
// BitTorrent suspects with their reasons, and which of them a KRPC reply
// confirmed as DHT nodes.
import type { DhtNodeFinding, SweepSummary } from '../probe/types';
import type { SocketVerdict, SocketSummary } from '../sockets/classify';
import type { SocketListing } from '../sockets/types';
import type { ProgramFacts } from '../programs/types';

/** What a finding rests on: proof first, then hints. */
export type FindingBasis = 'krpc-reply' | 'process-name' | 'executable' | 'command-line' | 'port';

export interface CheckedSocket {
  readonly verdict: SocketVerdict;
  /** KRPC replies from this socket's port on the addresses it listens on, where no more specific socket took them. */
  readonly dhtReplies: readonly DhtNodeFinding[];
  readonly basis: readonly FindingBasis[];
  /** Whether the probe asked this socket at all. */
  readonly probed: boolean;
}

/** Package and service behind a suspect process, for remediation. */
export interface OwnerInfo {
  readonly pid: number;
  readonly executable?: string;
  readonly packageManager: string;
  readonly packages: readonly string[];
  readonly packageNote?: string;
  readonly serviceManager: string;
  readonly service?: string;
  readonly serviceNote?: string;
  /** The real program behind the process, how it was installed and what starts it (owner lookup). */
  readonly program?: ProgramFacts;
}

export interface LocalCheckResult {
  readonly checkedAt: string;
  readonly hostname: string;
  readonly listing: SocketListing;
  readonly summary: SocketSummary;
  readonly sockets: readonly CheckedSocket[];
  readonly probe?: SweepSummary;
  readonly owners: readonly OwnerInfo[];
  /** Counts for the headline. */
  readonly counts: {
    readonly sockets: number;
    readonly suspects: number;
    readonly confirmedDhtNodes: number;
    readonly probedEndpoints: number;
  };
}
