// What an action's result means for its step, by phase: finding a DHT node
// at detection is expected ("needs attention": there is work to do); finding
// one at verification means the remediation failed.
import type { PhaseId } from '../runbook/model';
import type { ActionResult, StepStatus } from './types';

const RANK: Record<StepStatus, number> = { pending: 0, skipped: 1, passed: 2, running: 3, attention: 4, failed: 5 };

export function statusOfResult(result: ActionResult, phase: PhaseId): StepStatus {
  switch (result.kind) {
    case 'check-listening-ports': {
      if (result.result.listing.error) return 'failed';
      const found = result.result.counts.confirmedDhtNodes > 0 || (phase !== 'verification' && result.result.counts.suspects > 0);
      if (!found) return 'passed';
      return phase === 'verification' ? 'failed' : 'attention';
    }
    case 'probe-dht':
      if (result.summary.cancelled) return 'failed';
      if (result.summary.findings.length === 0) return 'passed';
      return phase === 'verification' ? 'failed' : 'attention';
    case 'compare-baseline':
      switch (result.verdict?.outcome) {
        case 'remediated': case 'accepted-risk': return 'passed';
        case 'still-exposed': return 'failed';
        default: return 'attention';
      }
    case 'decision':
    case 'confirm':
    case 'command':
      return 'passed';
    case 'error':
      return 'failed';
  }
}

/** The step's status from the latest result of each of its actions: the worst one wins. */
export function worstStatus(statuses: readonly StepStatus[]): StepStatus {
  return statuses.reduce<StepStatus>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'passed');
}
