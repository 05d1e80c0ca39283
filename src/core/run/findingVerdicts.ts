// Verdicts per finding, and the run's verdict when decisions were made per
// finding: a client permitted by policy is an accepted risk and its endpoints
// are left out of "must be gone"; every other finding must be gone.
import type { Finding } from '../findings/types';
import { decideVerdict, normaliseAnswer, type VerdictOptions } from './verdict';
import type { ActionResult, BaselineComparison, FindingVerdict, RunRecord, Verdict } from './types';

type Decision = Extract<ActionResult, { kind: 'decision' }>;

/** The latest decision recorded for each finding, in any step that repeats per finding. */
export function findingDecisions(record: RunRecord): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  for (const step of Object.values(record.steps)) {
    for (const [findingId, part] of Object.entries(step.findings ?? {})) {
      for (const result of part.results) {
        const known = decisions.get(findingId);
        if (result.kind === 'decision' && (known === undefined || result.at >= known.at)) decisions.set(findingId, result);
      }
    }
  }
  return decisions;
}

export function isPermitted(decision: Decision | undefined): boolean {
  return decision !== undefined && normaliseAnswer(decision.answer) === 'permitted';
}

export function findingVerdicts(findings: readonly Finding[], comparison: BaselineComparison, decisions: ReadonlyMap<string, Decision>, problems: readonly string[]): FindingVerdict[] {
  return findings.map((finding) => ({ findingId: finding.id, title: finding.title, verdict: verdictOfFinding(finding, comparison, decisions.get(finding.id), problems) }));
}

function verdictOfFinding(finding: Finding, comparison: BaselineComparison, decision: Decision | undefined, problems: readonly string[]): Verdict {
  if (isPermitted(decision)) {
    const justification = decision?.justification.trim() ?? '';
    return justification === ''
      ? { outcome: 'inconclusive', because: 'Inconclusive: marked permitted by policy, but no justification was recorded.' }
      : { outcome: 'accepted-risk', because: `${finding.title} is permitted by policy.`, justification };
  }
  const doubts = [...problems, ...(comparison.caveats ?? [])];
  if (doubts.length > 0) return { outcome: 'inconclusive', because: `Inconclusive: ${doubts.join('; ')}.` };
  const dht = comparison.dhtEndpoints.filter((e) => finding.dhtEndpoints.includes(e.endpoint));
  const labels = new Set(finding.endpoints.map((e) => e.label));
  const sockets = (comparison.suspectSockets ?? []).filter((s) => labels.has(s.socket));
  const still = [...dht.filter((e) => e.now).map((e) => e.endpoint), ...sockets.filter((s) => s.stillListening).map((s) => s.socket)];
  if (still.length > 0) return { outcome: 'still-exposed', because: `${finding.title} still listens or answers on ${still.join(', ')}.` };
  const unverified = [...dht.filter((e) => e.unverified !== undefined).map((e) => `${e.endpoint} (${e.unverified})`), ...sockets.filter((s) => s.unverified !== undefined).map((s) => `${s.socket} (${s.unverified})`)];
  if (unverified.length > 0) return { outcome: 'inconclusive', because: `Inconclusive: verification could not check ${unverified.join(', ')}.` };
  if (dht.length + sockets.length === 0) return { outcome: 'inconclusive', because: `Inconclusive: no endpoint of ${finding.title} was compared at verification.` };
  return { outcome: 'remediated', because: `${finding.title} no longer answers or listens on ${[...dht.map((e) => e.endpoint), ...sockets.map((s) => s.socket)].join(', ')}.` };
}

/**
 * The run's verdict. Without per-finding decisions it is the comparison's
 * verdict under the run's one decision; with them, the permitted findings'
 * endpoints are left out of the comparison, and a run whose other findings
 * are all remediated is an accepted risk.
 */
export function runVerdict(
  comparison: BaselineComparison, findings: readonly Finding[], decisions: ReadonlyMap<string, Decision>,
  problems: readonly string[], options: VerdictOptions, runDecision: Decision | undefined,
): Verdict {
  if (decisions.size === 0) {
    return decideVerdict(comparison, runDecision === undefined ? undefined : { answer: runDecision.answer, justification: runDecision.justification }, problems, options);
  }
  const accepted = findings.filter((f) => isPermitted(decisions.get(f.id)));
  const justification = accepted.map((f) => `${f.title}: ${decisions.get(f.id)?.justification.trim() ?? ''}`).join('; ');
  if (accepted.length === findings.length) return decideVerdict(comparison, { answer: 'permitted', justification: accepted.length === 0 ? '' : justification }, problems, options);
  const acceptedEndpoints = new Set(accepted.flatMap((f) => f.dhtEndpoints));
  const acceptedSockets = new Set(accepted.flatMap((f) => f.endpoints.map((e) => e.label)));
  const rest: BaselineComparison = {
    ...comparison,
    dhtEndpoints: comparison.dhtEndpoints.filter((e) => !acceptedEndpoints.has(e.endpoint)),
    ...(comparison.suspectSockets === undefined ? {} : { suspectSockets: comparison.suspectSockets.filter((s) => !acceptedSockets.has(s.socket)) }),
  };
  const verdict = decideVerdict(rest, { answer: 'not permitted', justification: '' }, problems, options);
  if (verdict.outcome !== 'remediated' || accepted.length === 0) return verdict;
  return {
    outcome: 'accepted-risk',
    because: `${verdict.because} ${accepted.map((f) => f.title).join(', ')} ${accepted.length === 1 ? 'is' : 'are'} permitted by policy and still ${accepted.length === 1 ? 'runs' : 'run'}.`,
    justification,
  };
}
