// Runs a phase's automatic steps without the editor (the CLI's `run`), saving
// the record after every step. Steps that need a person stay pending, with a
// note saying so; steps whose condition was answered otherwise are skipped.
import { latestDecision } from '../../core/run/runResults';
import { addResult, finishStep, setNote, setVerdict, skipStep, startStep } from '../../core/run/runState';
import { statusOfResult, worstStatus } from '../../core/run/stepStatus';
import type { RunRecord, StepStatus } from '../../core/run/types';
import type { PhaseId, Runbook } from '../../core/runbook/model';
import { isAutomatic, runAutomaticAction, type ProbeDefaults } from './runAutomaticAction';
import type { RunStore } from './runStore';

export interface HeadlessPhaseOptions {
  readonly runbook: Runbook;
  readonly phase: PhaseId;
  readonly probe: ProbeDefaults;
  readonly store: RunStore;
  readonly signal?: AbortSignal;
  readonly onStep?: (stepId: string, status: string) => void;
}

export async function runPhaseHeadless(start: RunRecord, options: HeadlessPhaseOptions): Promise<RunRecord> {
  const now = () => new Date().toISOString();
  let record = start;
  const phase = options.runbook.phases.find((p) => p.id === options.phase);
  if (!phase) throw new Error(`the runbook has no ${options.phase} phase`);
  for (const step of phase.steps) {
    if (options.signal?.aborted) break;
    if (step.condition) {
      const decision = latestDecision(record, step.condition.decisionStep);
      if (decision && decision.answer !== step.condition.answer && (record.steps[step.id]?.status ?? 'pending') === 'pending') {
        record = await options.store.save(skipStep(record, step.id, `Not needed: the answer to "${step.condition.decisionStep}" was "${decision.answer}".`, now()));
        options.onStep?.(step.id, 'skipped');
        continue;
      }
    }
    const automatic = step.actions.filter(isAutomatic);
    if (automatic.length === 0 || automatic.length !== step.actions.length) {
      if (step.actions.length > 0 && record.steps[step.id]?.status === 'pending' && !record.steps[step.id]?.note) {
        record = await options.store.save(setNote(record, step.id, 'Needs a person (a decision, a confirmation or a command): walk this step in the editor.', now()));
      }
      continue;
    }
    // The start is saved with the outcome, so a crash mid-step leaves the step as it was.
    record = startStep(record, step.id, now());
    const statuses: StepStatus[] = [];
    for (const action of automatic) {
      const result = await runAutomaticAction(action, { record, phase: options.phase, probe: options.probe, now, ...(options.signal ? { signal: options.signal } : {}) });
      statuses.push(statusOfResult(result, options.phase));
      record = addResult(record, step.id, result, now());
      if (result.kind === 'compare-baseline' && result.verdict) record = setVerdict(record, result.verdict, now());
    }
    const status = worstStatus(statuses);
    record = await options.store.save(finishStep(record, step.id, status === 'failed' || status === 'attention' ? status : 'passed', now()));
    options.onStep?.(step.id, record.steps[step.id]?.status ?? status);
  }
  return record;
}
