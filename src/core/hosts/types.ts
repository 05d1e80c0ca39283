// A run over many hosts, host by host: what detection found on each (a DHT
// node answering, silence, or no way to reach it), what the scanner report
// said about it, and whether verification found its endpoints gone.
// Derived from the run record on demand; never stored (the record holds the
// evidence, this is a view of it).

/** What detection's probe found on a host. */
export type HostState =
  /** A valid KRPC reply came from it: a DHT node runs there. */
  | 'answering'
  /** Probed, and nothing answered. */
  | 'silent'
  /** Every query to it was refused by the OS (no route, blocked): it was never reached. */
  | 'unreachable'
  /** No probe of the run's targets ran, or it was cancelled before the end. */
  | 'not-probed';

/** What verification says about a host. */
export type HostVerdict =
  /** Answered at detection, nothing answers now. */
  | 'remediated'
  /** A DHT endpoint on it answers now. */
  | 'still-exposed'
  /** Nothing answered, at detection or now. */
  | 'clean'
  /** Verification did not probe it (not run yet, cancelled, or unreachable). */
  | 'not-checked'
  /** Fleet runs: the host's client is permitted by policy, with the recorded justification. */
  | 'accepted-risk'
  /** Fleet runs: the host's own verdict is inconclusive for another reason than "nothing found" (a check failed, a service went missing). */
  | 'inconclusive';

export interface HostRow {
  readonly address: string;
  /** The report's name for it (FQDN, NetBIOS name). */
  readonly name?: string;
  readonly state: HostState;
  /** Why, in a sentence: the endpoints that answered, the send errors, or what did not run. */
  readonly because: string;
  /** Client and version from the DHT replies ("Transmission 4.0.5"). */
  readonly client?: string;
  /** `address:port` of every endpoint that answered at detection. */
  readonly endpoints: readonly string[];
  /**
   * Ids of the run's findings on this host (src/core/findings), for the
   * per-finding steps. In a fleet run they are qualified by the host
   * (`<host>/<finding id>`), so two hosts' ids never collide.
   */
  readonly findingIds: readonly string[];
  /** The same findings with their titles and clients, in the same order as findingIds. */
  readonly findings: readonly HostFinding[];
  /** Fleet runs: the host's own run id (its record is in the fleet record's `fleet.hosts`). */
  readonly runId?: string;
  /** What the scanner report said: ports, plugins, severity (absent for typed targets). */
  readonly report?: { readonly ports: readonly number[]; readonly pluginIds: readonly string[]; readonly severity?: string; readonly scanTime?: string };
  /** OS refusals of sends to it, by error code. */
  readonly sendFailures?: Readonly<Record<string, number>>;
  readonly verification: {
    readonly verdict: HostVerdict; readonly because: string; readonly stillAnswering: readonly string[];
    /** For 'accepted-risk': the justification recorded with the policy decision. */
    readonly justification?: string;
  };
}

export interface HostFinding {
  /** As in HostRow.findingIds. */
  readonly id: string;
  readonly title: string;
  readonly client?: string;
}

export interface HostsOverview {
  readonly hosts: readonly HostRow[];
  readonly counts: Readonly<Record<HostState, number>>;
  /** The run's verdict over its hosts; absent before verification probed. */
  readonly verdict?: { readonly outcome: HostVerdict; readonly because: string };
}
