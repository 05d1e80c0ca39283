// The actions that need a person: a decision with its justification, a
// manual confirmation, and a command that runs in a visible terminal only
// after the person has read its exact text and clicked. A command's values
// come from the finding its work item is for (planCommand), never from some
// other process detection saw; its outcome is the exit code and output that
// shell integration reported, or the person's own statement.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings/types';
import { planCommand, type CommandContext } from '../../core/remediation/commandPlan';
import type { ActionResult } from '../../core/run/types';
import type { Action, CommandAction, Step } from '../../core/runbook/model';
import { currentCommandContext } from '../../node/remediation/commandEnvironment';
import { checkSameProcess } from '../../node/sockets/sameProcess';
import { runInVisibleTerminal } from '../terminal/runInVisibleTerminal';
import { chooseShellForTerminal, type TerminalShellChoice } from '../terminal/terminalShellChoice';
import { withCommandEndSeen } from './commandEndSeen';
import { commandResult, operatorName } from './commandResult';

const INTEGRATION_WAIT_MS = 15_000;

export interface InteractiveContext {
  readonly step: Step;
  /** The finding this work item is for, when the step repeats for each finding. */
  readonly finding?: Finding;
  /** An answer already chosen in the panel. */
  readonly answer?: string;
  /** The person clicked the confirmation's own button in the panel: that click is the confirmation. */
  readonly confirmedInPanel?: boolean;
}

/** A two-item pick: the safe answer is the easy one (Escape cancels). */
async function askToProceed(title: string, proceed: string, detail: string): Promise<boolean> {
  const go = { label: proceed, detail };
  const picked = await vscode.window.showQuickPick([go, { label: vscode.l10n.t('$(close) Cancel') }], { title, ignoreFocusOut: true });
  return picked === go;
}

/** The shell remediation terminals run, and the plan context that quotes for exactly it. */
export function terminalCommandContext(): { shell: TerminalShellChoice; context: CommandContext } {
  const shell = chooseShellForTerminal();
  return { shell, context: currentCommandContext(shell.kind) };
}

export async function runInteractiveAction(action: Action, context: InteractiveContext): Promise<ActionResult | undefined> {
  const at = () => new Date().toISOString();
  const about = context.finding === undefined ? '' : ` (${context.finding.title})`;
  switch (action.kind) {
    case 'decision': {
      const answer = context.answer !== undefined && action.answers.includes(context.answer)
        ? context.answer
        : await vscode.window.showQuickPick(action.answers, { title: `${action.question}${about}`, placeHolder: vscode.l10n.t('Choose the answer to record'), ignoreFocusOut: true });
      if (answer === undefined) return undefined;
      const justification = await vscode.window.showInputBox({
        title: `${action.question}${about}`,
        prompt: vscode.l10n.t('Why "{0}"? This justification goes into the run record and the report.', answer),
        ignoreFocusOut: true,
        validateInput: (text) => (action.justification === 'required' && text.trim() === '' ? vscode.l10n.t('A justification is required for this decision.') : undefined),
      });
      if (justification === undefined) return undefined;
      return { kind: 'decision', at: at(), question: action.question, answer, justification: justification.trim(), by: operatorName() };
    }
    case 'confirm': {
      const confirmed = context.confirmedInPanel === true
        || await askToProceed(`${action.prompt}${about}`, vscode.l10n.t('$(check) Confirm'), vscode.l10n.t('Your confirmation is recorded with your user name and the time.'));
      return confirmed ? { kind: 'confirm', at: at(), statement: action.prompt, by: operatorName() } : undefined;
    }
    case 'command':
      return runCommand(action, context, at);
    default:
      return undefined;
  }
}

/**
 * Before a command acts on a pid: whether the pid still runs the program
 * detection saw (pids are reused, and `kill` on a reused pid hits an innocent
 * process). `stop` says why the command must not run; `caution` says the
 * check could not be made here (no /proc), which the confirmation shows.
 */
export async function checkFindingProcess(finding: Finding): Promise<{ stop?: string; caution?: string }> {
  if (finding.pid === undefined) return {};
  // The start time detection saw settles it: a reused pid has another one.
  const same = await checkSameProcess(finding.pid, finding.processName, '/proc', process.platform, finding.program?.process.startTicks);
  switch (same.verdict) {
    case 'gone':
      return { stop: vscode.l10n.t('Process {0} ({1}) found at detection is no longer running: nothing to stop. Run detection again to see what listens now.', finding.pid, finding.processName ?? '?') };
    case 'different':
      return { stop: vscode.l10n.t('Process {0} is now "{1}", not "{2}" as at detection: the pid was reused, so the command was not run. Run detection again.', finding.pid, same.now ?? '?', finding.processName ?? '?') };
    case 'unknown':
      return { caution: vscode.l10n.t('Could not check that process {0} is still the one detection saw ({1}): make sure before you run this.', finding.pid, finding.processName ?? '?') };
    case 'same':
      return {};
  }
}

async function runCommand(action: CommandAction, context: InteractiveContext, at: () => string): Promise<ActionResult | undefined> {
  const { shell, context: commandContext } = terminalCommandContext();
  const plan = planCommand(action, context.finding, commandContext);
  if (!plan.offered) {
    void vscode.window.showWarningMessage(vscode.l10n.t('This command is not offered here: {0}.', plan.why));
    return undefined;
  }
  if (!plan.ready) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The command cannot run as it is: {0}. The command: {1}', plan.problems.join('; '), plan.template));
    return undefined;
  }
  const actsOnPid = context.finding !== undefined && plan.template.includes('{{process.pid}}');
  const before = actsOnPid ? await checkFindingProcess(context.finding!) : {};
  if (before.stop !== undefined) {
    void vscode.window.showWarningMessage(before.stop);
    return undefined;
  }
  const question = vscode.l10n.t('Run this command in a terminal?');
  if (!(await askToProceed(before.caution === undefined ? question : `${question} ${before.caution}`, vscode.l10n.t('$(terminal) Run in terminal'), plan.text))) return undefined;
  // The confirmation may have stayed open a long while: check again, as late as we can.
  const after = actsOnPid ? await checkFindingProcess(context.finding!) : {};
  if (after.stop !== undefined) {
    void vscode.window.showWarningMessage(after.stop);
    return undefined;
  }
  const terminalName = context.finding === undefined
    ? vscode.l10n.t('Runbook: {0}', context.step.title)
    : vscode.l10n.t('Runbook: {0} ({1})', context.step.title, context.finding.title);
  // A fresh bash with VS Code's integration script can take several seconds to
  // report in on a busy machine; waiting longer costs nothing when it does, and
  // giving up early would ask the person what the exit code would have told.
  const outcome = await runInVisibleTerminal({ commandLine: plan.text, terminalName, shell, integrationWaitMs: INTEGRATION_WAIT_MS });
  if (outcome === undefined) return undefined; // The person said they did not run it: nothing to record.
  const checked = await withCommandEndSeen(action, context.finding, outcome);
  return commandResult(checked.outcome, commandContext.os, at(), checked.seen?.effect);
}
