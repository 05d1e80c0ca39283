// `run <runbook> --phase remediation --run ID`: headless remediation for
// unattended use. Every finding of the run's detection gets the decision given
// with --decision (and --justification); with --apply the commands that
// decision calls for run as argument lists, no shell, their exit codes and
// output recorded. Without --apply nothing is written and nothing runs: the
// plan is printed, each finding with the commands it would run.
import type { Finding } from '../core/findings/types';
import type { RunRecord } from '../core/run/types';
import type { Runbook } from '../core/runbook/model';
import { checkSameProcess } from '../node/sockets/sameProcess';
import type { EndSeen } from '../core/remediation/commandEnd';
import { currentCommandContext } from '../node/remediation/commandEnvironment';
import { remediateHeadless, type PlannedCommand, type RemediationChoice } from '../node/remediation/headlessRemediation';
import type { ArgvOutcome } from '../node/remediation/runArgv';
import { currentOperator } from '../node/run/operator';
import type { RunStore } from '../node/run/runStore';
import { EXIT_CLEAN, EXIT_FOUND } from './exitCodes';
import { writeLines, writeNote } from './output';
import type { CliStreams } from './runCli';

export const REMEDIATION_USAGE = `  --decision <answer>   with --phase remediation: the policy answer for every finding ("not permitted", "permitted")
  --justification <text>  why; recorded with the decision (required)
  --apply               run the commands; without it, print the plan and change nothing
  --steps <ids>         only these steps' commands run, comma-separated (e.g. stop-process)
`;

export const REMEDIATION_OPTIONS = {
  decision: { type: 'string' },
  justification: { type: 'string' },
  apply: { type: 'boolean' },
  steps: { type: 'string' },
} as const;

export class RemediationInputError extends Error {}

/** The choice from the command line, checked against the runbook before anything runs. */
export function readRemediationChoice(values: { decision?: string; justification?: string; apply?: boolean; steps?: string }, runbook: Runbook): RemediationChoice {
  const decisions = runbook.phases.flatMap((p) => p.steps).flatMap((s) => s.actions).filter((a) => a.kind === 'decision');
  const answers = [...new Set(decisions.flatMap((d) => d.answers))];
  if (values.decision === undefined) throw new RemediationInputError(`--phase remediation needs --decision: one of ${answers.map((a) => `"${a}"`).join(', ')}.`);
  if (!answers.includes(values.decision)) throw new RemediationInputError(`--decision "${values.decision}" is not an answer of this runbook; its answers are ${answers.map((a) => `"${a}"`).join(', ')}.`);
  const justification = values.justification?.trim() ?? '';
  if (justification === '') throw new RemediationInputError('--phase remediation needs --justification <text>: why this decision; it goes into the record and the report.');
  const stepIds = runbook.phases.find((p) => p.id === 'remediation')?.steps.map((s) => s.id) ?? [];
  const steps = values.steps?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = steps?.filter((s) => !stepIds.includes(s)) ?? [];
  if (unknown.length > 0) throw new RemediationInputError(`--steps: no remediation step ${unknown.map((s) => `"${s}"`).join(', ')}; the steps are ${stepIds.join(', ')}.`);
  return { decision: values.decision, justification, apply: values.apply === true, by: currentOperator().user, ...(steps === undefined ? {} : { steps }) };
}

export async function runRemediationPhase(start: RunRecord, runbook: Runbook, store: RunStore, choice: RemediationChoice, io: CliStreams, signal: AbortSignal): Promise<{ record: RunRecord; exitCode: number }> {
  const outcome = await remediateHeadless(start, {
    // Headless: nobody answers a command's questions, so its `unattended` options are part of the plan shown and of what runs.
    runbook, store, choice, signal, context: { ...currentCommandContext('posix'), unattended: true },
    checkProcess: (finding) => stillTheSame(finding),
    onCommand: (planned, result, afterwards) => { if (choice.apply) writeNote(io, describe(planned, result, afterwards)); },
  });
  if (outcome.findings.length === 0) writeLines(io, 'No finding in this run\'s detection: nothing to remediate.');
  if (!choice.apply) writeLines(io, planText(outcome.findings, outcome.planned));
  else writeLines(io, `${outcome.ran} command${outcome.ran === 1 ? '' : 's'} ran, ${outcome.failed} failed, ${outcome.notRun} could not run.`);
  const exitCode = outcome.failed + outcome.notRun > 0 ? EXIT_FOUND : EXIT_CLEAN;
  return { record: outcome.record, exitCode };
}

/** Before a command acts on a pid: the same process (start time and name) as at detection, else why not. */
async function stillTheSame(finding: Finding): Promise<string | undefined> {
  if (finding.pid === undefined) return undefined;
  const same = await checkSameProcess(finding.pid, finding.processName, '/proc', process.platform, finding.program?.process.startTicks);
  return same.verdict === 'same' ? undefined
    : same.verdict === 'gone' ? `process ${finding.pid} has ended since detection`
    : same.verdict === 'different' ? `process ${finding.pid} is now "${same.now ?? '?'}"${same.nowStartTicks === undefined ? '' : `, started at tick ${same.nowStartTicks}`}, not the process detection saw; run detection again`
    : `process ${finding.pid} could not be checked; run detection again`;
}

function describe(planned: PlannedCommand, result: ArgvOutcome | undefined, afterwards?: EndSeen): string {
  const who = planned.item.finding?.title ?? 'run';
  const text = planned.plan.offered ? planned.plan.text : planned.plan.why;
  if (result === undefined) return `  ${who}: ${planned.item.step.id}: not run: ${planned.held ?? (planned.plan.offered && !planned.plan.ready ? planned.plan.problems.join('; ') : 'not offered')}`;
  return `  ${who}: ${planned.item.step.id}: ${text} -> ${result.exitCode === undefined ? result.error ?? 'no exit code' : `exit ${result.exitCode}`}${afterwards === undefined ? '' : ` ${afterwards.line}`}`;
}

function planText(findings: readonly Finding[], planned: readonly PlannedCommand[]): string {
  const lines = ['Plan (nothing was run or written; add --apply to run it):'];
  for (const finding of findings) {
    lines.push('', `${finding.title}${finding.pid === undefined ? '' : ` (pid ${finding.pid})`} on ${finding.host}: ${finding.endpoints.map((e) => e.label).join(', ') || finding.dhtEndpoints.join(', ')}`);
    const mine = planned.filter((p) => p.item.finding?.id === finding.id);
    if (mine.length === 0) lines.push(finding.where === 'remote' ? `  remediate on ${finding.host}: this machine cannot act there` : '  no command applies');
    for (const p of mine) {
      if (!p.plan.offered) continue;
      const state = p.held !== undefined ? ` (held: ${p.held})` : p.plan.ready ? '' : ` (cannot run: ${p.plan.problems.join('; ')})`;
      lines.push(`  ${p.item.step.id}: ${p.plan.text}${state}`);
    }
  }
  return lines.join('\n');
}
