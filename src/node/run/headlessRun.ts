// Runs a phase's automatic steps without the editor (the CLI's `run`), saving
// the record after every step, by the same rules as the editor (stepRunner).
// Steps that need a person stay pending, with a note saying so; steps whose
// condition was answered otherwise are skipped with the reason.
import { conditionState, isAutomaticStep, itemRecord, itemStatus, recordItemResults, workItems } from '../../core/run/stepRunner';
import { setNote, skipStep } from '../../core/run/runState';
import type { ActionResult, RunRecord } from '../../core/run/types';
import type { PhaseId, Runbook } from '../../core/runbook/model';
import { isAutomatic, runAutomaticAction, type ProbeDefaults } from './runAutomaticAction';
import type { RunStore } from './runStore';

export interface HeadlessPhaseOptions {
  readonly runbook: Runbook;
  readonly phase: PhaseId;
  readonly probe: ProbeDefaults;
  readonly store: RunStore;
  readonly signal?: AbortSignal;
  readonly onStep?: (stepKey: string, status: string) => void;
}

export const NEEDS_A_PERSON = 'Needs a person (a decision, a confirmation or a command): walk this step in the editor, or use `run --phase remediation` for commands.';

export async function runPhaseHeadless(start: RunRecord, options: HeadlessPhaseOptions): Promise<RunRecord> {
  const now = () => new Date().toISOString();
  let record = start;
  if (!options.runbook.phases.some((p) => p.id === options.phase)) throw new Error(`the runbook has no ${options.phase} phase`);
  for (const item of workItems(options.runbook, record, options.phase)) {
    if (options.signal?.aborted) break;
    const status = itemStatus(record, item);
    const condition = conditionState(record, options.runbook, item);
    if (condition.state === 'ruled-out') {
      if (status === 'pending') {
        record = await options.store.save(skipStep(record, item.key, condition.reason, now()));
        options.onStep?.(item.key, 'skipped');
      }
      continue;
    }
    if (!isAutomaticStep(item.step, isAutomatic)) {
      if (item.step.actions.length > 0 && status === 'pending' && !itemRecord(record, item.step.id, item.finding?.id)?.note) {
        record = await options.store.save(setNote(record, item.key, NEEDS_A_PERSON, now()));
      }
      continue;
    }
    if (condition.state === 'unanswered') continue;
    // The start is saved with the outcome, so a crash mid-step leaves the step as it was.
    const startedAt = now();
    const results: ActionResult[] = [];
    for (const action of item.step.actions.filter(isAutomatic)) {
      const result = await runAutomaticAction(action, { record, phase: options.phase, probe: options.probe, now, ...(options.signal ? { signal: options.signal } : {}) });
      results.push({ ...result, actionId: action.id });
    }
    record = await options.store.save(recordItemResults(record, options.runbook, item, results, startedAt, now));
    options.onStep?.(item.key, itemRecord(record, item.step.id, item.finding?.id)?.status ?? 'passed');
  }
  return record;
}
