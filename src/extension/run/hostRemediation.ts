// A host's remediation status, from the per-finding items of the findings on
// that host: how many of the remediation steps' parts are done, and the worst
// status among them. In a run over hosts the items are the run's own; in a
// fleet run they are in the host's own record (fleet.hosts), under the
// finding's id without the `<host>/` prefix. Free of 'vscode'.
import type { HostRow } from '../../core/hosts/types';
import { itemRecord } from '../../core/run/stepRunner';
import { worstStatus } from '../../core/run/stepStatus';
import type { RunRecord, StepStatus } from '../../core/run/types';
import type { Runbook } from '../../core/runbook/model';
import { hostItemsOf } from './hostItems';

export interface HostRemediation {
  /** Parts passed or skipped. */
  readonly done: number;
  readonly total: number;
  /** The status that stands out: failed, then attention, then running; undefined when none does. */
  readonly worst?: 'failed' | 'attention' | 'running';
}

/** The remediation steps that repeat for each finding, in runbook order. */
export function perFindingRemediationSteps(runbook: Runbook): string[] {
  return runbook.phases.filter((p) => p.id === 'remediation').flatMap((p) => p.steps).filter((s) => s.forEach === 'finding').map((s) => s.id);
}

/**
 * `statusOf` is the window's view of the run's own items (it knows what is
 * running); a fleet host's items are read from its record.
 */
export function hostRemediation(row: HostRow, stepIds: readonly string[], record: RunRecord, statusOf: (stepId: string, findingId: string) => StepStatus): HostRemediation {
  const { hostRecord, findingIds } = hostItemsOf(record, row);
  const statuses: StepStatus[] = [];
  for (const findingId of findingIds) {
    for (const stepId of stepIds) {
      statuses.push(hostRecord ? itemRecord(hostRecord, stepId, findingId)?.status ?? 'pending' : statusOf(stepId, findingId));
    }
  }
  const done = statuses.filter((s) => s === 'passed' || s === 'skipped').length;
  // The step runner's ranking; only a status worse than passed stands out.
  const ranked = worstStatus(statuses);
  const worst = ranked === 'failed' || ranked === 'attention' || ranked === 'running' ? ranked : undefined;
  return { done, total: statuses.length, ...(worst === undefined ? {} : { worst }) };
}
