// Which checks of a record count: every attempt of a phase (the detection
// baseline), or the latest attempt of each step (verification after a re-run,
// and what the SARIF export reports as the state now).
import type { LocalCheckResult } from '../localCheck/types';
import type { SweepSummary } from '../probe/types';
import type { PhaseChecks } from './baseline';
import type { ActionResult, RunPhaseId, RunRecord, StepRecord } from './types';

export type Attempts = 'all' | 'latest-per-step';

/** The step records of one phase, in runbook order. */
export function phaseStepRecords(record: RunRecord, phase: RunPhaseId): StepRecord[] {
  return Object.values(record.steps).filter((step) => step.phase === phase);
}

export function phaseChecks(record: RunRecord, phase: RunPhaseId, attempts: Attempts): PhaseChecks {
  return checksOfSteps(Object.values(record.steps).filter((step) => step.phase === phase), attempts);
}

/**
 * The state the run saw last: the latest attempt of each step in the last
 * phase that ran a check (verification once it ran, else detection). A
 * record whose steps carry no phase falls back to every step.
 */
export function latestChecks(record: RunRecord): PhaseChecks & { readonly phase?: RunPhaseId } {
  const steps = Object.values(record.steps);
  if (steps.every((step) => step.phase === undefined)) return checksOfSteps(steps, 'latest-per-step');
  for (const phase of ['verification', 'detection'] as const) {
    const checks = phaseChecks(record, phase, 'latest-per-step');
    if (checks.checks.length + checks.probes.length > 0) return { ...checks, phase };
  }
  return { checks: [], probes: [] };
}

function checksOfSteps(steps: readonly StepRecord[], attempts: Attempts): PhaseChecks {
  const checks: LocalCheckResult[] = [];
  const probes: SweepSummary[] = [];
  for (const step of steps) {
    const ports = step.results.filter(isKind('check-listening-ports'));
    const sweeps = step.results.filter(isKind('probe-dht'));
    checks.push(...pick(ports, attempts).map((r) => r.result));
    probes.push(...pick(sweeps, attempts).map((r) => r.summary));
  }
  return { checks, probes };
}

function pick<T>(results: readonly T[], attempts: Attempts): readonly T[] {
  if (attempts === 'all') return results;
  const last = results.at(-1);
  return last === undefined ? [] : [last];
}

function isKind<K extends ActionResult['kind']>(kind: K) {
  return (result: ActionResult): result is Extract<ActionResult, { kind: K }> => result.kind === kind;
}
