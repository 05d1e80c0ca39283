// What a DHT sweep reports. Plain data: it goes to the log, the webview, the
// CLI's JSON and the run record unchanged.
import type { ClientVersion } from '../krpc/clientVersion';
import type { CompactEndpoint } from '../krpc/compactEndpoint';
import type { Endpoint } from '../targets/expandTargets';

export type { Endpoint };

/** The raw exchange behind a finding, so a reviewer can re-check the verdict. */
export interface ProbeEvidence {
  readonly to: string;
  readonly from: string;
  /** The query we sent, as hex. */
  readonly sentHex: string;
  /** The datagram that answered it, as hex. */
  readonly receivedHex: string;
  readonly sentAt: string;
  readonly receivedAt: string;
}

/** A DHT node proven by a valid KRPC reply to our query, from the address we asked. */
export interface DhtNodeFinding {
  readonly endpoint: Endpoint;
  /** 'response': a ping reply; 'error': a KRPC error, still a DHT speaking. */
  readonly replyKind: 'response' | 'error';
  readonly nodeIdHex?: string;
  readonly client?: ClientVersion;
  /** BEP 42 `ip`: the address the node says it sees us as. */
  readonly observedAddress?: CompactEndpoint;
  readonly readOnly: boolean;
  readonly error?: { readonly code: number; readonly message: string };
  readonly roundTripMs: number;
  readonly evidence: ProbeEvidence;
}

/** Datagrams that reached the prober and were not taken as findings, by reason. */
export type IgnoredCounts = Record<string, number>;

export interface SweepSummary {
  /** Distinct endpoints the sweep sent at least one query to (or tried to). */
  readonly endpointsProbed: number;
  readonly packetsSent: number;
  /** Sends the OS refused, by error code (EACCES for a broadcast address, ...). */
  readonly sendFailures: Record<string, number>;
  readonly findings: readonly DhtNodeFinding[];
  readonly ignored: IgnoredCounts;
  readonly ignoredTotal: number;
  readonly cancelled: boolean;
  readonly durationMs: number;
  /** Our random node id for this sweep, as hex. */
  readonly nodeIdHex: string;
  readonly settings: SweepSettings;
  /**
   * Addresses with at least one refused send: how many queries went to each
   * and how many the OS refused, by error code. An address whose every send
   * failed was never reached (unreachable, not silent). Absent when no send
   * failed, and in records made before it existed.
   */
  readonly addressSendFailures?: readonly { readonly address: string; readonly sent: number; readonly failed: number; readonly codes: Readonly<Record<string, number>> }[];
  /** Set when the sweep had more addresses than it counts sends for (65,536): addresses past that are in no count. */
  readonly addressSendsTruncated?: boolean;
}

export interface SweepSettings {
  /** How long an unanswered query waits for its reply, in milliseconds. */
  readonly timeoutMs: number;
  /** Further queries to an endpoint that has not answered. */
  readonly retries: number;
  /** Packets per second at most. */
  readonly ratePerSecond: number;
}

export interface SweepProgress {
  readonly packetsSent: number;
  readonly endpointsProbed: number;
  readonly found: number;
  readonly ignored: number;
  readonly pass: number;
}

export function endpointKey(endpoint: Pick<Endpoint, 'address' | 'port'>): string {
  return endpoint.address.includes(':') ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}
