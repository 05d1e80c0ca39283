// Where a run stands, for the panel's phase stepper, the tree and the
// status bar, and what the person should do next. One place, so the three
// never disagree (the tree once showed a check mark on a phase whose steps
// all needed attention). Free of 'vscode': unit-tested as plain functions.
import type { Finding } from '../../core/findings/types';
import { conditionState, workItems, type WorkItem } from '../../core/run/stepRunner';
import type { RunRecord, StepStatus } from '../../core/run/types';
import type { Phase, PhaseId, Runbook, Step } from '../../core/runbook/model';

/** A step's status, or a finding's part of it, as the window sees it ("running" exists only there). */
export type StatusOf = (stepId: string, findingId?: string) => StepStatus;

/** A phase's state: a step status, or "in progress" when some of its items are done and some wait. */
export type PhaseState = StepStatus | 'partial';

/** Statuses that say an item's work was done (or consciously not done). */
export function isFinished(status: StepStatus): boolean {
  return status === 'passed' || status === 'failed' || status === 'skipped' || status === 'attention';
}

/** The items a phase counts: one per step, or one per finding for a step that repeats (the step itself while there is none). */
export function phaseItemStatuses(phase: Phase, findings: readonly Finding[], statusOf: StatusOf): StepStatus[] {
  return phase.steps.flatMap((step) => (step.forEach === 'finding' && findings.length > 0
    ? findings.map((f) => statusOf(step.id, f.id))
    : [statusOf(step.id)]));
}

export interface PhaseProgress {
  readonly done: number;
  readonly total: number;
  readonly state: PhaseState;
  /** How many items have each status, for the stepper's text. */
  readonly counts: Readonly<Record<StepStatus, number>>;
}

/**
 * The truth about a phase from its items: running while any runs; when all are
 * done, the worst outcome (failed, then needs attention), skipped when every
 * item was skipped, else passed; "in progress" while some are done and some wait.
 */
export function phaseProgress(statuses: readonly StepStatus[]): PhaseProgress {
  const counts: Record<StepStatus, number> = { pending: 0, running: 0, passed: 0, failed: 0, skipped: 0, attention: 0 };
  for (const s of statuses) counts[s] += 1;
  const total = statuses.length;
  const done = total - counts.pending - counts.running;
  let state: PhaseState;
  if (counts.running > 0) state = 'running';
  else if (done === 0) state = 'pending';
  else if (done < total) state = counts.failed > 0 ? 'failed' : 'partial';
  else if (counts.failed > 0) state = 'failed';
  else if (counts.attention > 0) state = 'attention';
  else if (counts.skipped === total) state = 'skipped';
  else state = 'passed';
  return { done, total, state, counts };
}

/** What moves the run on now: a phase's automatic steps, one item's first open action, or nothing. */
export type NextMove =
  | { readonly kind: 'phase'; readonly phase: PhaseId }
  | { readonly kind: 'item'; readonly stepId: string; readonly findingId?: string };

export interface NextMoveInput {
  readonly runbook: Runbook;
  readonly record: RunRecord;
  readonly findings: readonly Finding[];
  readonly statusOf: StatusOf;
  /** Whether a step runs by itself (probe, socket list, comparison) rather than asking a person. */
  readonly isAutomaticStep: (step: Step) => boolean;
  /** Actions off (Restricted Mode, an ended run): then nothing is the next move. */
  readonly actionsDisabled: boolean;
}

/**
 * The first item, in runbook order, that still waits and may run now. An
 * automatic one makes the phase's "run automatic steps" button the next move
 * (it runs that item and the automatic ones after it); one that needs a person
 * is itself the next move. While anything runs, the next move is to wait.
 */
export function nextMove(input: NextMoveInput): NextMove | undefined {
  if (input.actionsDisabled) return undefined;
  const items = workItems(input.runbook, input.record, undefined, input.findings);
  const status = (item: WorkItem) => input.statusOf(item.step.id, item.finding?.id);
  if (items.some((item) => status(item) === 'running')) return undefined;
  for (const item of items) {
    if (status(item) !== 'pending') continue;
    if (conditionState(input.record, input.runbook, item).state !== 'met') continue;
    if (input.isAutomaticStep(item.step)) return { kind: 'phase', phase: item.phase.id };
    return { kind: 'item', stepId: item.step.id, ...(item.finding ? { findingId: item.finding.id } : {}) };
  }
  return undefined;
}

export function isNextItem(move: NextMove | undefined, stepId: string, findingId?: string): boolean {
  return move?.kind === 'item' && move.stepId === stepId && move.findingId === findingId;
}
