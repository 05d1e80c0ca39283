// The only ways a run record changes. Each transition is pure: it takes the
// record and the time (an ISO string the caller read from its clock) and
// returns a new record with the revision bumped, so the store can tell a
// stale writer from a current one.
import type { ActionResult, FindingStepRecord, Operator, RunbookRef, RunPhaseId, RunRecord, RunTargets, StepRecord, StepStatus, Verdict } from './types';
import { RUN_RECORD_SCHEMA } from './types';

export class RunStateError extends Error {
  override readonly name = 'RunStateError';
}

export interface StepOutline {
  readonly id: string;
  readonly phase: RunPhaseId;
  readonly title: string;
}

export interface NewRun {
  readonly runId: string;
  readonly runbook: RunbookRef;
  readonly targets: RunTargets;
  readonly operator: Operator;
  readonly origin: 'editor' | 'cli';
  /** Every step of the runbook, in runbook order: each starts pending. */
  readonly steps: readonly StepOutline[];
  readonly at: string;
}

export function createRun(run: NewRun): RunRecord {
  const steps: Record<string, StepRecord> = {};
  for (const step of run.steps) {
    if (Object.hasOwn(steps, step.id)) throw new RunStateError(`Step id "${step.id}" appears twice in the runbook.`);
    steps[step.id] = { phase: step.phase, title: step.title, status: 'pending', results: [] };
  }
  return {
    schema: RUN_RECORD_SCHEMA,
    runId: run.runId,
    revision: 1,
    runbook: run.runbook,
    targets: run.targets,
    operator: run.operator,
    startedAt: run.at,
    updatedAt: run.at,
    steps,
    origin: run.origin,
  };
}

/** Marks a step running. Starting it again (a re-run) keeps its earlier results. */
export function startStep(record: RunRecord, stepId: string, at: string): RunRecord {
  return updateStep(record, stepId, at, (step) => ({ ...without(step, 'endedAt', 'skipReason'), status: 'running', startedAt: at }));
}

export type FinishedStatus = Extract<StepStatus, 'passed' | 'failed' | 'attention'>;

/** Ends a step with its outcome and, usually, the result that decided it. */
export function finishStep(record: RunRecord, stepId: string, status: FinishedStatus, at: string, result?: ActionResult): RunRecord {
  return updateStep(record, stepId, at, (step) => ({
    ...without(step, 'skipReason'),
    status,
    startedAt: step.startedAt ?? at,
    endedAt: at,
    results: result === undefined ? step.results : [...step.results, result],
  }));
}

/**
 * Gives a step that repeats for each finding a pending part for each finding
 * it does not have yet, so that its own status counts every finding, not only
 * those someone already acted on.
 */
export function addFindingParts(record: RunRecord, stepId: string, findingIds: readonly string[], at: string): RunRecord {
  const step = Object.hasOwn(record.steps, stepId) ? record.steps[stepId] : undefined;
  if (step === undefined) throw new RunStateError(`Run ${record.runId} has no step "${stepId}".`);
  const known = step.findings ?? {};
  const missing = findingIds.filter((id) => !Object.hasOwn(known, id));
  if (missing.length === 0) return record;
  assertOpen(record);
  const findings: Record<string, FindingStepRecord> = { ...known };
  for (const id of missing) findings[id] = { status: 'pending', results: [] };
  return { ...record, steps: { ...record.steps, [stepId]: summarise({ ...step, findings }, at) }, revision: record.revision + 1, updatedAt: at };
}

/** Adds a result without changing the step's status (a probe that finished while the step stays open). */
export function addResult(record: RunRecord, stepId: string, result: ActionResult, at: string): RunRecord {
  return updateStep(record, stepId, at, (step) => ({ ...step, results: [...step.results, result] }));
}

export function skipStep(record: RunRecord, stepId: string, reason: string, at: string): RunRecord {
  if (reason.trim() === '') throw new RunStateError(`Skipping step "${stepId}" needs a reason; it goes into the report.`);
  return updateStep(record, stepId, at, (step) => ({ ...step, status: 'skipped', skipReason: reason, endedAt: at }));
}

/** Sets or, with an empty note, clears the step's note. Allowed after the run ended: a reviewer may annotate. */
export function setNote(record: RunRecord, stepId: string, note: string, at: string): RunRecord {
  return updateStep(record, stepId, at, (step) => (note === '' ? without(step, 'note') : { ...step, note }), { afterEnd: true });
}

export function setVerdict(record: RunRecord, verdict: Verdict, at: string): RunRecord {
  assertOpen(record);
  return { ...record, verdict, revision: record.revision + 1, updatedAt: at };
}

export function endRun(record: RunRecord, at: string): RunRecord {
  assertOpen(record);
  return { ...record, endedAt: at, revision: record.revision + 1, updatedAt: at };
}

/**
 * Where a change lands: a step (`stop-process`), or one finding's part of a
 * step that repeats for each finding (`stop-process@local-812-4711`). Step
 * ids and finding ids never hold "@".
 */
export function stepKey(stepId: string, findingId?: string): string {
  return findingId === undefined ? stepId : `${stepId}@${findingId}`;
}

export function splitStepKey(key: string): { stepId: string; findingId?: string } {
  const at = key.indexOf('@');
  return at < 0 ? { stepId: key } : { stepId: key.slice(0, at), findingId: key.slice(at + 1) };
}

function updateStep(
  record: RunRecord,
  key: string,
  at: string,
  change: (step: StepRecord) => StepRecord,
  options: { afterEnd?: boolean } = {},
): RunRecord {
  if (!options.afterEnd) assertOpen(record);
  const { stepId, findingId } = splitStepKey(key);
  const step = Object.hasOwn(record.steps, stepId) ? record.steps[stepId] : undefined;
  if (step === undefined) throw new RunStateError(`Run ${record.runId} has no step "${stepId}".`);
  let next: StepRecord;
  if (findingId === undefined) {
    next = change(step);
  } else {
    const findings = step.findings ?? {};
    const current: FindingStepRecord = Object.hasOwn(findings, findingId) ? findings[findingId] as FindingStepRecord : { status: 'pending', results: [] };
    const changed = change(current as StepRecord) as FindingStepRecord;
    next = summarise({ ...step, findings: { ...findings, [findingId]: changed } }, at);
  }
  return { ...record, steps: { ...record.steps, [stepId]: next }, revision: record.revision + 1, updatedAt: at };
}

/**
 * A per-finding step's own status sums up its findings: the worst outcome
 * wins, work left on any finding needs attention, and a step skipped for
 * every finding is skipped.
 */
function summarise(step: StepRecord, at: string): StepRecord {
  const parts = Object.values(step.findings ?? {});
  const statuses = parts.map((p) => p.status);
  const has = (status: StepStatus) => statuses.includes(status);
  const status: StepStatus = statuses.length === 0 || statuses.every((s) => s === 'pending') ? 'pending'
    : has('running') ? 'running'
    : has('failed') ? 'failed'
    : has('attention') || has('pending') ? 'attention'
    : statuses.every((s) => s === 'skipped') ? 'skipped'
    : 'passed';
  const base = without(step, 'endedAt', 'skipReason');
  if (status === 'pending') return { ...base, status };
  if (status === 'running') return { ...base, status, startedAt: step.startedAt ?? at };
  const done = { ...base, status, endedAt: at };
  return status === 'skipped' ? { ...done, skipReason: parts.map((p) => p.skipReason).find((r) => r !== undefined) ?? 'Skipped for every finding.' } : done;
}

/** A copy without the optional fields named: the record stores absent fields as absent, never as undefined. */
function without(step: StepRecord, ...keys: readonly ('endedAt' | 'skipReason' | 'note')[]): StepRecord {
  const copy: Record<string, unknown> = { ...step };
  for (const key of keys) delete copy[key];
  return copy as unknown as StepRecord;
}

function assertOpen(record: RunRecord): void {
  if (record.endedAt !== undefined) {
    throw new RunStateError(`Run ${record.runId} ended at ${record.endedAt}; start a new run to record more.`);
  }
}
