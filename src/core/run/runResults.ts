// Reading decisions and listings back out of a run. Which checks make up a
// phase is runEvidence's job (phaseChecks, latestChecks); this adds the two
// lookups the runner needs on top.
import type { LocalCheckResult } from '../localCheck/types';
import { phaseChecks } from './runEvidence';
import type { ActionResult, RunPhaseId, RunRecord } from './types';

const PHASE_ORDER: readonly RunPhaseId[] = ['detection', 'remediation', 'verification'];

/** The most recent listing of this machine in the run, from any phase up to `phase`. */
export function latestListing(record: RunRecord, phase: RunPhaseId): LocalCheckResult | undefined {
  for (const id of PHASE_ORDER.slice(0, PHASE_ORDER.indexOf(phase) + 1).reverse()) {
    const { checks } = phaseChecks(record, id, 'latest-per-step');
    if (checks.length > 0) return checks[checks.length - 1];
  }
  return undefined;
}

/** The latest answer to a decision in the run (in one step, or anywhere), if any. */
export function latestDecision(record: RunRecord, stepId?: string): Extract<ActionResult, { kind: 'decision' }> | undefined {
  const stepIds = stepId ? [stepId] : Object.keys(record.steps);
  let latest: Extract<ActionResult, { kind: 'decision' }> | undefined;
  for (const id of stepIds) {
    for (const result of record.steps[id]?.results ?? []) {
      if (result.kind === 'decision' && (!latest || result.at >= latest.at)) latest = result;
    }
  }
  return latest;
}
