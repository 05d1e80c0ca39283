// What an action's result means for its step, by phase: finding a DHT node
// at detection is expected ("needs attention": there is work to do); finding
// one at verification means the remediation failed.
import type { Action, PhaseId, Step } from '../runbook/model';
import type { ActionResult, StepStatus } from './types';

const RANK: Record<StepStatus, number> = { pending: 0, skipped: 1, passed: 2, running: 3, attention: 4, failed: 5 };

export function statusOfResult(result: ActionResult, phase: PhaseId): StepStatus {
  switch (result.kind) {
    case 'check-listening-ports': {
      if (result.result.listing.error || result.result.probe?.cancelled) return 'failed';
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
      return 'passed';
    case 'command':
      return statusOfCommand(result);
    case 'error':
      return 'failed';
  }
}

/**
 * A command passes only on evidence that it worked: exit code 0, or the
 * person's own statement when no exit code could be read. A command whose
 * outcome nobody reported needs attention, never a hopeful "passed".
 */
function statusOfCommand(result: Extract<ActionResult, { kind: 'command' }>): StepStatus {
  if (result.outcome === 'interrupted') return 'failed';
  // Exit code 0, yet the process still ran or the program's file is still there: it did not do its job.
  if (result.effect?.seen === 'no') return 'failed';
  if (result.exitCode !== undefined) return result.exitCode === 0 ? 'passed' : 'failed';
  if (result.reportedBy === 'person') return result.outcome === 'succeeded' ? 'passed' : 'failed';
  return 'attention';
}

/** The step's status from the latest result of each of its actions: the worst one wins. */
export function worstStatus(statuses: readonly StepStatus[]): StepStatus {
  return statuses.reduce<StepStatus>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'passed');
}

/**
 * A step's status from the latest result of each of its actions. A step
 * whose actions have not all run yet needs attention: there is work left.
 * Results without an action id (older records) count for every action of
 * their kind.
 */
export function statusOfStep(step: Step, results: readonly ActionResult[], phase: PhaseId): StepStatus {
  const statuses: StepStatus[] = [];
  let missing = false;
  for (const action of step.actions) {
    const latest = latestResultOf(results, action);
    if (latest) statuses.push(statusOfResult(latest, phase));
    else missing = true;
  }
  if (statuses.length === 0) return 'pending';
  return worstStatus(missing ? [...statuses, 'attention'] : statuses);
}

/** The latest result of this very action (by action id; older records without ids match by kind). */
export function latestResultOf(results: readonly ActionResult[], action: Action): ActionResult | undefined {
  return [...results].reverse().find((r) => r.actionId === action.id || (r.actionId === undefined && (r.kind === action.kind || (r.kind === 'error' && r.action === action.kind))));
}
