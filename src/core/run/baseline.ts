// Verification against detection. Sockets are identified by
// protocol/address:port, never by pid: a service restarted during the
// remediation keeps its sockets but not its pid. The comparison never guesses:
// what verification could not see is marked unverified, with why, and the
// verdict is then inconclusive.
import { isWildcard } from '../localCheck/probeEndpoints';
import type { LocalCheckResult } from '../localCheck/types';
import type { DhtNodeFinding, SweepSummary } from '../probe/types';
import { endpointKey } from '../probe/types';
import type { ListeningSocket } from '../sockets/types';
import { clientOf, processOf, socketId } from './labels';
import type { BaselineComparison } from './types';

export { decideVerdict, type PolicyDecision, type VerdictOptions } from './verdict';

export interface PhaseChecks {
  readonly checks: readonly LocalCheckResult[];
  readonly probes: readonly SweepSummary[];
}

const NOT_CHECKED = 'not checked again at verification';

type Entry = BaselineComparison['otherServices'][number];
type DhtEntry = BaselineComparison['dhtEndpoints'][number];

/**
 * `detection`: every attempt of the phase (anything seen then is the baseline).
 * `verification`: the latest attempt of each step (phaseChecks does that), so a
 * re-run after a second fix replaces the first try. Verification sweeps are
 * taken to cover the targets detection's sweeps covered: the runbook re-runs
 * the same probes; a probe step skipped at verification leaves no sweep and
 * its endpoints unverified.
 */
export function compareWithBaseline(detection: PhaseChecks, verification: PhaseChecks): BaselineComparison {
  const caveats = verificationCaveats(verification);
  const before = dhtFindings(detection);
  const now = dhtFindings(verification);
  const listings = verification.checks.filter((check) => check.listing.error === undefined);
  const sweepsCover = verification.probes.some((sweep) => !sweep.cancelled);

  const bySweep = dhtFindings({ checks: [], probes: detection.probes });
  const byCheck = dhtFindings({ checks: detection.checks, probes: [] });

  const dhtEndpoints: DhtEntry[] = [...before].map(([key, finding]) => {
    const client = clientOf(finding);
    const entry = { endpoint: key, ...(client === undefined ? {} : { client }), before: true as const };
    if (now.has(key)) return { ...entry, now: true };
    // A sweep's endpoint is re-checked by a sweep; a local socket's by a listing.
    const unverified = bySweep.has(key) && sweepsCover
      ? undefined
      : byCheck.has(key) ? whyUnverified(finding, listings) : NOT_CHECKED;
    return unverified === undefined ? { ...entry, now: false } : { ...entry, now: false, unverified };
  });

  const detectionSockets = socketsOf(detection.checks);
  const verificationSockets = new Set(listings.flatMap((check) => check.sockets.map((s) => socketId(s.verdict.socket))));
  const noListing = listings.length === 0 ? 'verification listed no sockets' : undefined;
  const stillThere = (socket: ListeningSocket): Entry => {
    const process = processOf(socket);
    return {
      socket: socketId(socket),
      ...(process === undefined ? {} : { process }),
      stillListening: verificationSockets.has(socketId(socket)),
      ...(noListing === undefined ? {} : { unverified: noListing }),
    };
  };
  const otherServices = detectionSockets.filter((s) => !s.suspect).map((s) => stillThere(s.socket));
  const suspectSockets = detectionSockets.filter((s) => s.suspect).map((s) => stillThere(s.socket));
  if (noListing !== undefined && detectionSockets.length > 0) {
    caveats.push('Verification did not list the listening sockets, so the services seen at detection could not be checked.');
  }

  return {
    dhtEndpoints,
    newDhtEndpoints: [...now.keys()].filter((key) => !before.has(key)),
    otherServices,
    suspectSockets,
    caveats,
  };
}

/** Every DHT node a phase proved, by endpoint, the first finding kept (it names the client). */
function dhtFindings(phase: PhaseChecks): Map<string, DhtNodeFinding> {
  const found = new Map<string, DhtNodeFinding>();
  const add = (finding: DhtNodeFinding): void => {
    const key = endpointKey(finding.endpoint);
    const known = found.get(key);
    if (known === undefined || (known.client === undefined && finding.client !== undefined)) found.set(key, finding);
  };
  for (const check of phase.checks) {
    check.sockets.forEach((socket) => socket.dhtReplies.forEach(add));
    check.probe?.findings.forEach(add);
  }
  phase.probes.forEach((sweep) => sweep.findings.forEach(add));
  return found;
}

/** Undefined when verification looked and saw nothing; otherwise why it could not tell. */
function whyUnverified(finding: DhtNodeFinding, listings: readonly LocalCheckResult[]): string | undefined {
  if (listings.length === 0) return NOT_CHECKED;
  const matching = listings.flatMap((check) => check.sockets.filter((s) => socketCovers(s.verdict.socket, finding)));
  // No UDP socket on that port any more: nothing there can answer.
  if (matching.length === 0) return undefined;
  if (matching.every((s) => s.probed)) return undefined;
  return `a UDP socket still listens on port ${finding.endpoint.port} but verification did not probe it`;
}

/** Whether a listening socket can be the one that answered at the finding's endpoint (generous on purpose: a match only ever makes the result less certain). */
function socketCovers(socket: ListeningSocket, finding: DhtNodeFinding): boolean {
  if (socket.protocol !== 'udp' || socket.localPort !== finding.endpoint.port) return false;
  const address = finding.endpoint.address.replace(/%.*$/, '');
  return isWildcard(socket.localAddress) || socket.localAddress === address;
}

interface SeenSocket {
  readonly socket: ListeningSocket;
  /** A BitTorrent suspect or a confirmed DHT node; everything else is "another service". */
  readonly suspect: boolean;
}

/** Every socket detection saw, once each, a suspect in any attempt staying a suspect. */
function socketsOf(checks: readonly LocalCheckResult[]): SeenSocket[] {
  const seen = new Map<string, SeenSocket>();
  for (const check of checks) {
    for (const checked of check.sockets) {
      const id = socketId(checked.verdict.socket);
      const suspect = checked.verdict.suspect || checked.dhtReplies.length > 0 || seen.get(id)?.suspect === true;
      seen.set(id, { socket: seen.get(id)?.socket ?? checked.verdict.socket, suspect });
    }
  }
  return [...seen.values()];
}

function verificationCaveats(verification: PhaseChecks): string[] {
  const caveats: string[] = [];
  if (verification.checks.length === 0 && verification.probes.length === 0) {
    caveats.push('Verification ran no check: nothing was compared.');
  }
  for (const check of verification.checks) {
    if (check.listing.error !== undefined) caveats.push(`Listing the sockets of ${check.hostname} at verification failed: ${check.listing.error}`);
    if (check.probe?.cancelled === true) caveats.push(`The probe of ${check.hostname}'s sockets at verification was cancelled before it finished.`);
  }
  for (const sweep of verification.probes) {
    if (sweep.cancelled) caveats.push('A DHT sweep at verification was cancelled before it finished.');
    const refused = Object.values(sweep.sendFailures).reduce((sum, n) => sum + n, 0);
    if (refused > 0) caveats.push(`The OS refused ${refused} of a verification sweep's queries: those endpoints were not asked.`);
  }
  return caveats;
}
