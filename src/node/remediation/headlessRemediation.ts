// Headless remediation (`run --phase remediation`): for each finding, record
// the decision given on the command line, then run the commands it calls for
// as argument lists (no shell), recording exit code and output. Without
// `apply` nothing is written and nothing runs: the caller prints the plan.
import type { Finding } from '../../core/findings/types';
import { planCommand, type CommandContext, type CommandPlan } from '../../core/remediation/commandPlan';
import { appendOutputLine, endToCheck, type EndCheck, type EndSeen } from '../../core/remediation/commandEnd';
import { checkCommandEnd } from './checkCommandEnd';
import { conditionState, itemStatus, recordItemResults, runFindings, workItems, type WorkItem } from '../../core/run/stepRunner';
import { setNote, skipStep } from '../../core/run/runState';
import type { ActionResult, RunRecord } from '../../core/run/types';
import type { Action, CommandAction, Runbook } from '../../core/runbook/model';
import type { RunStore } from '../run/runStore';
import { runArgv, type ArgvOutcome } from './runArgv';

export interface RemediationChoice {
  /** The answer every finding's decision gets, e.g. "not permitted". */
  readonly decision: string;
  readonly justification: string;
  /** Run the commands; without it, only plan. */
  readonly apply: boolean;
  /** Step ids whose commands may run; all when undefined. */
  readonly steps?: readonly string[];
  readonly by: string;
}

export interface PlannedCommand {
  readonly item: WorkItem;
  readonly action: CommandAction;
  readonly plan: CommandPlan;
  /** Why it will not run although offered (not chosen with --steps, process changed, needs a person). */
  readonly held?: string;
}

export interface RemediationOptions {
  readonly runbook: Runbook;
  readonly store: RunStore;
  readonly context: CommandContext;
  readonly choice: RemediationChoice;
  readonly signal?: AbortSignal;
  /** Before a command acts on a pid: undefined when it is still the process detection saw, else why not. */
  readonly checkProcess?: (finding: Finding) => Promise<string | undefined>;
  /** After a command marked `ends:` exits 0: whether its end was seen (default: checkCommandEnd, on this machine). */
  readonly checkEnd?: (check: EndCheck, signal?: AbortSignal) => Promise<EndSeen>;
  readonly run?: (argv: readonly string[], signal?: AbortSignal) => Promise<ArgvOutcome>;
  /** `afterwards`: what the check of a command marked `ends:` saw, also the last line of the outcome's output. */
  readonly onCommand?: (planned: PlannedCommand, outcome?: ArgvOutcome, afterwards?: EndSeen) => void;
  readonly now?: () => string;
}

export interface RemediationOutcome {
  readonly record: RunRecord;
  readonly findings: readonly Finding[];
  readonly planned: readonly PlannedCommand[];
  /** Commands that ran and did not exit 0. */
  readonly failed: number;
  readonly ran: number;
  /** Chosen commands that could not run (a value missing or refused, the process changed). */
  readonly notRun: number;
}

export async function remediateHeadless(start: RunRecord, options: RemediationOptions): Promise<RemediationOutcome> {
  const now = options.now ?? (() => new Date().toISOString());
  const run = options.run ?? ((argv, signal) => runArgv(argv, signal === undefined ? {} : { signal }));
  const findings = runFindings(start);
  let record = start;
  const planned: PlannedCommand[] = [];
  let failed = 0;
  let ran = 0;
  let notRun = 0;
  const save = async (next: RunRecord) => { record = options.choice.apply ? await options.store.save(next) : next; };

  for (const item of workItems(options.runbook, record, 'remediation', findings)) {
    if (options.signal?.aborted) break;
    const status = itemStatus(record, item);
    const decision = item.step.actions.find((a) => a.kind === 'decision');
    if (decision !== undefined) {
      if (status !== 'pending' || !decision.answers.includes(options.choice.decision)) continue;
      const result: ActionResult = { kind: 'decision', at: now(), question: decision.question, answer: options.choice.decision, justification: options.choice.justification, by: options.choice.by, actionId: decision.id };
      await save(recordItemResults(record, options.runbook, item, [result], now(), now));
      continue;
    }
    const condition = conditionState(record, options.runbook, item);
    if (condition.state === 'ruled-out') {
      if (status === 'pending') await save(skipStep(record, item.key, condition.reason, now()));
      continue;
    }
    if (condition.state === 'unanswered' || status !== 'pending') continue;
    const commands = item.step.actions.filter((a): a is CommandAction => a.kind === 'command');
    if (commands.length === 0 || item.step.actions.some((a) => a.kind !== 'command')) {
      if (item.step.actions.some(needsPerson)) await save(setNote(record, item.key, 'Needs a person: confirm this step in the editor.', now()));
      continue;
    }
    const plans = commands.map((action) => ({ action, plan: planCommand(action, item.finding, options.context) }));
    const offered = plans.filter((p) => p.plan.offered);
    if (offered.length === 0) {
      const why = [...new Set(plans.map((p) => (p.plan.offered ? '' : p.plan.why)))].join('; ');
      await save(skipStep(record, item.key, `No command of this step applies to ${item.finding?.title ?? 'this run'}: ${why}.`, now()));
      continue;
    }
    const chosen = options.choice.steps === undefined || options.choice.steps.includes(item.step.id);
    const results: ActionResult[] = [];
    const startedAt = now();
    for (const { action, plan } of offered) {
      const held = !chosen ? `not chosen (--steps ${options.choice.steps?.join(',')})`
        : plan.offered && plan.ready && plan.argv === undefined ? 'needs a shell: run it from the editor'
        : plan.offered && plan.ready && item.finding !== undefined && usesPid(action, options.context) && options.checkProcess !== undefined ? await options.checkProcess(item.finding)
        : undefined;
      const entry: PlannedCommand = { item, action, plan, ...(held === undefined ? {} : { held }) };
      planned.push(entry);
      if (!options.choice.apply || !chosen) { options.onCommand?.(entry); continue; }
      if (!plan.offered) continue;
      if (!plan.ready) {
        notRun += 1;
        results.push({ kind: 'error', at: now(), action: action.id, message: `Not run: ${plan.problems.join('; ')}.`, actionId: action.id });
        options.onCommand?.(entry);
        continue;
      }
      if (held !== undefined || plan.argv === undefined) {
        notRun += 1;
        results.push({ kind: 'error', at: now(), action: action.id, message: `Not run: ${held ?? 'needs a shell'}.`, actionId: action.id });
        options.onCommand?.(entry);
        continue;
      }
      const result = await run(plan.argv, options.signal);
      const check = endToCheck(action, item.finding, result.exitCode);
      const afterwards = check === undefined ? undefined : await (options.checkEnd ?? checkCommandEnd)(check, options.signal);
      const outcome = afterwards === undefined ? result : { ...result, output: appendOutputLine(result.output, afterwards.line) };
      ran += 1;
      if (outcome.exitCode !== 0 || afterwards?.effect.seen === 'no') failed += 1;
      options.onCommand?.(entry, outcome, afterwards);
      results.push({
        kind: 'command', at: now(), platform: options.context.os, commandLine: plan.text, terminalName: 'headless', by: options.choice.by,
        argv: plan.argv, reportedBy: 'process', output: outcome.error === undefined ? outcome.output : appendOutputLine(outcome.output, `[${outcome.error}]`),
        ...(outcome.exitCode === undefined ? { outcome: outcome.error === 'interrupted' ? 'interrupted' as const : 'failed' as const } : { exitCode: outcome.exitCode }),
        ...(afterwards === undefined ? {} : { effect: afterwards.effect }),
        actionId: action.id,
      });
    }
    if (options.choice.apply && chosen && results.length > 0) {
      await save(recordItemResults(record, options.runbook, { ...item, step: { ...item.step, actions: offered.map((o) => o.action) } }, results, startedAt, now));
    }
  }
  return { record, findings, planned, failed, ran, notRun };
}

function needsPerson(action: Action): boolean {
  return action.kind === 'confirm' || action.kind === 'decision';
}

function usesPid(action: CommandAction, context: CommandContext): boolean {
  return action.commands[context.os]?.includes('{{process.pid}}') ?? false;
}
