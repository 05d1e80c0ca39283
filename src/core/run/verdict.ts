// The run's verdict from the baseline comparison, the policy decision and
// whatever went wrong on the way. Order matters: a policy exception closes the
// finding whatever the checks say; otherwise any doubt is inconclusive before
// any claim of exposure or success, and success needs every condition.
import type { BaselineComparison, Verdict } from './types';
import { capitalise, plural, withoutFullStop } from '../text/sentences';

export interface PolicyDecision {
  /** 'permitted' or 'not-permitted' (the runbook's "not permitted" is read the same). */
  readonly answer: 'permitted' | 'not-permitted' | string;
  readonly justification: string;
}

export interface VerdictOptions {
  /** The runbook's compare step lists `gone: suspect-sockets`: every BitTorrent suspect must have stopped listening too. */
  readonly suspectsMustBeGone?: boolean;
}

export function decideVerdict(
  comparison: BaselineComparison,
  policyDecision: PolicyDecision | undefined,
  problems: readonly string[],
  options: VerdictOptions = {},
): Verdict {
  const answer = policyDecision === undefined ? undefined : normaliseAnswer(policyDecision.answer);
  if (answer === 'permitted') {
    const justification = policyDecision?.justification.trim() ?? '';
    if (justification === '') return inconclusive('the client was marked permitted by policy, but no justification was recorded');
    const still = comparison.dhtEndpoints.filter((e) => e.now).length + comparison.newDhtEndpoints.length;
    return {
      outcome: 'accepted-risk',
      because: `The client is permitted by policy; ${still === 0 ? 'no DHT endpoint answers now' : `${plural(still, 'DHT endpoint')} still ${still === 1 ? 'answers' : 'answer'}, as accepted`}.`,
      justification,
    };
  }
  if (answer !== undefined && answer !== 'not-permitted') {
    return inconclusive(`the policy decision ${JSON.stringify(policyDecision?.answer)} is neither "permitted" nor "not permitted"`);
  }

  const doubts = [...problems, ...(comparison.caveats ?? [])];
  const unverified = [...comparison.dhtEndpoints, ...comparison.otherServices, ...(comparison.suspectSockets ?? [])]
    .filter((e) => e.unverified !== undefined);
  if (doubts.length > 0) return inconclusive(doubts.map(withoutFullStop).join('; '));
  if (unverified.length > 0) {
    return inconclusive(`verification could not check ${unverified.map((e) => `${'endpoint' in e ? e.endpoint : e.socket} (${e.unverified})`).join(', ')}`);
  }

  const answering = comparison.dhtEndpoints.filter((e) => e.now).map((e) => e.endpoint);
  if (answering.length > 0 || comparison.newDhtEndpoints.length > 0) {
    const parts = [
      ...(answering.length > 0 ? [`${answering.join(', ')} still ${answering.length === 1 ? 'answers' : 'answer'} as a DHT node`] : []),
      ...(comparison.newDhtEndpoints.length > 0 ? [`${comparison.newDhtEndpoints.join(', ')} ${comparison.newDhtEndpoints.length === 1 ? 'answers' : 'answer'} now and did not at detection`] : []),
    ];
    return { outcome: 'still-exposed', because: `${capitalise(parts.join('; '))}.` };
  }
  const lingering = (comparison.suspectSockets ?? []).filter((s) => s.stillListening);
  if (options.suspectsMustBeGone === true && lingering.length > 0) {
    return { outcome: 'still-exposed', because: `No DHT node answers, but BitTorrent suspects still listen: ${lingering.map(label).join(', ')}.` };
  }
  if (nothingToRemove(comparison)) return NOTHING_TO_REMOVE;
  const missing = comparison.otherServices.filter((s) => !s.stillListening);
  if (missing.length > 0) {
    return inconclusive(`the DHT endpoints are gone, but services that listened at detection are missing: ${missing.map(label).join(', ')} (check that the remediation stopped only the client)`);
  }
  const services = comparison.otherServices.length;
  const kept = services === 0 ? 'no other service was listening before'
    : services === 1 ? 'the other service still listens' : `all ${services} other services still listen`;
  const gone = comparison.dhtEndpoints.length;
  return {
    outcome: 'remediated',
    because: `${capitalise(plural(gone, 'DHT endpoint'))} confirmed at detection no longer ${gone === 1 ? 'answers' : 'answer'}, none is new, and ${kept}.`,
  };
}

/**
 * Nothing for remediation to remove: detection confirmed no DHT node, none
 * answers now, and verification had no caveat and checked every socket.
 */
export function nothingToRemove(comparison: BaselineComparison): boolean {
  return comparison.dhtEndpoints.length === 0 && comparison.newDhtEndpoints.length === 0
    && (comparison.caveats ?? []).length === 0
    && ![...comparison.otherServices, ...(comparison.suspectSockets ?? [])].some((e) => e.unverified !== undefined);
}

/**
 * The verdict is inconclusive only because there was nothing to remove, as
 * decideVerdict says for such a comparison: no step's error, caveat or policy
 * answer made it so. (The fleet shows such a host as clean.)
 */
export function isNothingToRemoveVerdict(verdict: Verdict, comparison: BaselineComparison): boolean {
  return nothingToRemove(comparison) && verdict.outcome === NOTHING_TO_REMOVE.outcome && verdict.because === NOTHING_TO_REMOVE.because;
}

/** "not permitted", "Not_Permitted" and "not-permitted" read the same. */
export function normaliseAnswer(answer: string): string {
  return answer.trim().toLowerCase().replace(/[\s_-]+/g, '-');
}

function inconclusive(why: string): Verdict {
  return { outcome: 'inconclusive', because: `Inconclusive: ${why}.` };
}

const NOTHING_TO_REMOVE = inconclusive('detection confirmed no DHT node, so there was nothing to remove (run detection on the host the scanner named)');

function label(entry: { socket: string; process?: string }): string {
  return entry.process === undefined ? entry.socket : `${entry.socket} (${entry.process})`;
}
