// The rules for running a step, in one place for the editor and the CLI:
// which work items a phase has (a step, or a step for each finding), whether
// a condition lets one run, what its results make of its status, and which
// pending items an answer rules out. Pure: the callers do the I/O.
import { findingsOf } from '../findings/findingsOf';
import type { Finding } from '../findings/types';
import type { Phase, PhaseId, Runbook, Step } from '../runbook/model';
import { phaseStepRecords } from './runEvidence';
import { addFindingParts, addResult, finishStep, setVerdict, skipStep, startStep, stepKey } from './runState';
import { statusOfStep } from './stepStatus';
import type { ActionResult, FindingStepRecord, RunRecord, StepRecord, StepStatus } from './types';

/** One thing to do: a step, or a step's part for one finding. */
export interface WorkItem {
  readonly phase: Phase;
  readonly step: Step;
  readonly finding?: Finding;
  /** Where its results go in the record (`stepKey`). */
  readonly key: string;
}

export type ConditionState =
  | { readonly state: 'met' }
  | { readonly state: 'unanswered'; readonly decisionStep: string; readonly answer: string }
  | { readonly state: 'ruled-out'; readonly reason: string };

/** The findings of the run's detection, one per program or remote node. */
export function runFindings(record: RunRecord): Finding[] {
  const steps = phaseStepRecords(record, 'detection');
  const checks = steps.flatMap((s) => latestOf(s.results, 'check-listening-ports').map((r) => r.result));
  const probes = steps.flatMap((s) => latestOf(s.results, 'probe-dht').map((r) => ({ summary: r.summary, thisMachine: r.targets.startsWith('this machine') })));
  return findingsOf({ checks, probes, hostname: record.operator.host });
}

/** The work items of a phase (or all phases), per finding where a step repeats. */
export function workItems(runbook: Runbook, record: RunRecord, phaseId?: PhaseId, findings: readonly Finding[] = runFindings(record)): WorkItem[] {
  const items: WorkItem[] = [];
  for (const phase of runbook.phases) {
    if (phaseId !== undefined && phase.id !== phaseId) continue;
    for (const step of phase.steps) {
      if (step.forEach === 'finding') {
        for (const finding of findings) items.push({ phase, step, finding, key: stepKey(step.id, finding.id) });
      } else {
        items.push({ phase, step, key: step.id });
      }
    }
  }
  return items;
}

/** The record of one work item (a finding's part starts pending). */
export function itemRecord(record: RunRecord, stepId: string, findingId?: string): StepRecord | FindingStepRecord | undefined {
  const step = Object.hasOwn(record.steps, stepId) ? record.steps[stepId] : undefined;
  if (findingId === undefined || step === undefined) return step;
  const findings = step.findings ?? {};
  return Object.hasOwn(findings, findingId) ? findings[findingId] : { status: 'pending', results: [] };
}

export function itemStatus(record: RunRecord, item: Pick<WorkItem, 'step' | 'finding'>): StepStatus {
  return itemRecord(record, item.step.id, item.finding?.id)?.status ?? 'pending';
}

/** The latest answer of a decision step, for one finding when that decision repeats per finding. */
export function decisionOf(record: RunRecord, runbook: Runbook, decisionStep: string, findingId?: string): Extract<ActionResult, { kind: 'decision' }> | undefined {
  const step = runbook.phases.flatMap((p) => p.steps).find((s) => s.id === decisionStep);
  const perFinding = step?.forEach === 'finding';
  const results = itemRecord(record, decisionStep, perFinding ? findingId : undefined)?.results ?? [];
  return results.filter((r): r is Extract<ActionResult, { kind: 'decision' }> => r.kind === 'decision').at(-1);
}

/** Whether a step's `when:` lets it run now, for this item. */
export function conditionState(record: RunRecord, runbook: Runbook, item: Pick<WorkItem, 'step' | 'finding'>): ConditionState {
  const condition = item.step.condition;
  if (condition === undefined) return { state: 'met' };
  const decision = decisionOf(record, runbook, condition.decisionStep, item.finding?.id);
  if (decision === undefined) return { state: 'unanswered', decisionStep: condition.decisionStep, answer: condition.answer };
  if (decision.answer === condition.answer) return { state: 'met' };
  return { state: 'ruled-out', reason: ruledOutReason(stepTitle(runbook, condition.decisionStep), decision.answer) };
}

/** Why a step was skipped, in the words of the runbook: the decision's heading, never its id. */
export function ruledOutReason(decisionTitle: string, answer: string): string {
  return `Not needed: the answer to "${decisionTitle}" was "${answer}".`;
}

function stepTitle(runbook: Runbook, stepId: string): string {
  return runbook.phases.flatMap((p) => p.steps).find((s) => s.id === stepId)?.title ?? stepId;
}

/**
 * Records a finished item: its start, every result, the verdict a comparison
 * gave, and its status from the latest result of each of its actions. An
 * answer also skips, with the reason, the pending items it rules out.
 */
export function recordItemResults(record: RunRecord, runbook: Runbook, item: WorkItem, results: readonly ActionResult[], startedAt: string, now: () => string): RunRecord {
  let next = startStep(record, item.key, startedAt);
  for (const result of results) {
    next = addResult(next, item.key, result, now());
    if (result.kind === 'compare-baseline' && result.verdict) next = setVerdict(next, result.verdict, now());
  }
  const latest = itemRecord(next, item.step.id, item.finding?.id)?.results ?? [];
  const status = statusOfStep(item.step, latest, item.phase.id);
  next = finishStep(next, item.key, status === 'failed' || status === 'attention' ? status : 'passed', now());
  const answer = results.filter((r) => r.kind === 'decision').at(-1);
  if (answer?.kind === 'decision') next = skipRuledOut(next, runbook, item, answer.answer, now());
  if (item.phase.id === 'detection') next = materialiseFindings(next, runbook, now());
  return next;
}

/** After detection: every step that repeats per finding gets a pending part for each finding found. */
export function materialiseFindings(record: RunRecord, runbook: Runbook, at: string): RunRecord {
  const ids = runFindings(record).map((f) => f.id);
  let next = record;
  for (const step of runbook.phases.flatMap((p) => p.steps)) {
    if (step.forEach === 'finding' && ids.length > 0) next = addFindingParts(next, step.id, ids, at);
  }
  return next;
}

/** Pending items whose condition names this decision (for the same finding) and another answer are skipped. */
export function skipRuledOut(record: RunRecord, runbook: Runbook, decisionItem: Pick<WorkItem, 'step' | 'finding'>, answer: string, at: string): RunRecord {
  let next = record;
  for (const item of workItems(runbook, record)) {
    const condition = item.step.condition;
    if (condition?.decisionStep !== decisionItem.step.id || condition.answer === answer) continue;
    // A per-finding decision rules out only that finding's items.
    if (decisionItem.finding !== undefined && item.finding?.id !== decisionItem.finding.id) continue;
    if (itemStatus(next, item) !== 'pending') continue;
    next = skipStep(next, item.key, ruledOutReason(decisionItem.step.title, answer), at);
  }
  return next;
}

/** A step runs by itself when every action of it is automatic (checks, probes, the comparison). */
export function isAutomaticStep(step: Step, isAutomatic: (action: Step['actions'][number]) => boolean): boolean {
  return step.actions.length > 0 && step.actions.every(isAutomatic);
}

function latestOf<K extends 'check-listening-ports' | 'probe-dht'>(results: readonly ActionResult[], kind: K): Extract<ActionResult, { kind: K }>[] {
  const last = results.filter((r): r is Extract<ActionResult, { kind: K }> => r.kind === kind).at(-1);
  return last === undefined ? [] : [last];
}
