// Reading results back out of a run: what detection found, what verification
// found, which decision was taken. Pure lookups over the record.
import type { LocalCheckResult } from '../localCheck/types';
import type { SweepSummary } from '../probe/types';
import type { PhaseId, Runbook } from '../runbook/model';
import type { ActionResult, RunRecord } from './types';

export interface PhaseChecks {
  readonly checks: LocalCheckResult[];
  readonly probes: SweepSummary[];
}

function stepsOf(runbook: Runbook, phase: PhaseId): string[] {
  return runbook.phases.find((p) => p.id === phase)?.steps.map((s) => s.id) ?? [];
}

/** The latest result of each kind per step in a phase: re-runs replace, not add up. */
export function phaseChecks(record: RunRecord, runbook: Runbook, phase: PhaseId): PhaseChecks {
  const checks: LocalCheckResult[] = [];
  const probes: SweepSummary[] = [];
  for (const stepId of stepsOf(runbook, phase)) {
    const results = record.steps[stepId]?.results ?? [];
    const lastCheck = [...results].reverse().find((r): r is Extract<ActionResult, { kind: 'check-listening-ports' }> => r.kind === 'check-listening-ports');
    const lastProbe = [...results].reverse().find((r): r is Extract<ActionResult, { kind: 'probe-dht' }> => r.kind === 'probe-dht');
    if (lastCheck) checks.push(lastCheck.result);
    if (lastProbe) probes.push(lastProbe.summary);
  }
  return { checks, probes };
}

/** The most recent listing of this machine in the run, from any phase up to `phase`. */
export function latestListing(record: RunRecord, runbook: Runbook, phase: PhaseId): LocalCheckResult | undefined {
  const order: PhaseId[] = ['detection', 'remediation', 'verification'];
  for (const id of order.slice(0, order.indexOf(phase) + 1).reverse()) {
    const { checks } = phaseChecks(record, runbook, id);
    if (checks.length > 0) return checks[checks.length - 1];
  }
  return undefined;
}

/** The latest answer to a decision in the run, if any. */
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
