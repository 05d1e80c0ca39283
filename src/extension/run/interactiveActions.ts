// The actions that need a person: a decision with its justification, a
// manual confirmation, and a command that runs in a visible terminal only
// after the person has read it and clicked.
import * as vscode from 'vscode';
import { userInfo } from 'node:os';
import { holdersOf } from '../../core/sockets/parserSupport';
import { latestListing } from '../../core/run/runResults';
import type { ActionResult, RunRecord } from '../../core/run/types';
import type { Action, CommandOs, Step } from '../../core/runbook/model';
import { fillCommand, shellForOs } from '../../core/runbook/placeholders';
import { checkSameProcess } from '../../node/sockets/sameProcess';

export interface InteractiveContext {
  readonly record: RunRecord;
  readonly step: Step;
  /** An answer already chosen in the panel. */
  readonly answer?: string;
  /** The platform whose command was clicked. */
  readonly os?: string;
  /** The person clicked the confirmation's own button in the panel: that click is the confirmation. */
  readonly confirmedInPanel?: boolean;
}

/** A two-item pick: the safe answer is the easy one (Escape cancels). */
async function askToProceed(title: string, proceed: string, detail: string): Promise<boolean> {
  const go = { label: proceed, detail };
  const picked = await vscode.window.showQuickPick([go, { label: vscode.l10n.t('$(close) Cancel') }], { title, ignoreFocusOut: true });
  return picked === go;
}

function operatorName(): string {
  try { return userInfo().username; } catch { return process.env.USER ?? process.env.USERNAME ?? 'unknown'; }
}

export async function runInteractiveAction(action: Action, context: InteractiveContext): Promise<ActionResult | undefined> {
  const at = () => new Date().toISOString();
  switch (action.kind) {
    case 'decision': {
      const answer = context.answer !== undefined && action.answers.includes(context.answer)
        ? context.answer
        : await vscode.window.showQuickPick(action.answers, { title: action.question, placeHolder: vscode.l10n.t('Choose the answer to record'), ignoreFocusOut: true });
      if (answer === undefined) return undefined;
      const justification = await vscode.window.showInputBox({
        title: action.question,
        prompt: vscode.l10n.t('Why "{0}"? This justification goes into the run record and the report.', answer),
        ignoreFocusOut: true,
        validateInput: (text) => (action.justification === 'required' && text.trim() === '' ? vscode.l10n.t('A justification is required for this decision.') : undefined),
      });
      if (justification === undefined) return undefined;
      return { kind: 'decision', at: at(), question: action.question, answer, justification: justification.trim(), by: operatorName() };
    }
    case 'confirm': {
      const confirmed = context.confirmedInPanel === true
        || await askToProceed(action.prompt, vscode.l10n.t('$(check) Confirm'), vscode.l10n.t('Your confirmation is recorded with your user name and the time.'));
      return confirmed ? { kind: 'confirm', at: at(), statement: action.prompt, by: operatorName() } : undefined;
    }
    case 'command':
      return runCommand(action, context, at);
    default:
      return undefined;
  }
}

function currentOs(): CommandOs {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'linux';
}

/** Values for `{{process.pid}}` and friends, from the latest listing's confirmed or suspect process. */
export function placeholderValues(record: RunRecord): Record<string, string | undefined> {
  const listing = latestListing(record, 'remediation');
  if (!listing) return {};
  const candidates = listing.sockets.filter((s) => s.dhtReplies.length > 0).concat(listing.sockets.filter((s) => s.dhtReplies.length === 0 && s.verdict.suspect));
  const holder = candidates.flatMap((s) => holdersOf(s.verdict.socket))[0];
  if (!holder) return {};
  const owner = listing.owners.find((o) => o.pid === holder.pid);
  return {
    'process.name': holder.name,
    'process.pid': String(holder.pid),
    'process.executable': holder.executable ?? owner?.executable,
    package: owner?.packages[0],
    service: owner?.service,
  };
}

/** The command as it would run now, or the template with what is still missing. */
export function previewCommand(template: string, os: string, record: RunRecord): { text: string; problems: string[] } {
  const filled = fillCommand(template, placeholderValues(record), shellForOs(os as CommandOs));
  return { text: filled.text, problems: commandProblems(filled) };
}

function commandProblems(filled: { missing: readonly string[]; rejected: readonly { name: string; reason: string }[] }): string[] {
  return [
    ...filled.missing.map((name) => vscode.l10n.t('{{{0}}} is unknown: detection found no value for it (run the detection phase, or run the command by hand)', name)),
    ...filled.rejected.map((r) => vscode.l10n.t('{{{0}}} was not filled in: {1}', r.name, r.reason)),
  ];
}

async function runCommand(action: Extract<Action, { kind: 'command' }>, context: InteractiveContext, at: () => string): Promise<ActionResult | undefined> {
  const os = (context.os ?? currentOs()) as CommandOs;
  const template = action.commands[os];
  if (!template) {
    void vscode.window.showWarningMessage(vscode.l10n.t('This step has no command for {0}.', os));
    return undefined;
  }
  const filled = fillCommand(template, placeholderValues(context.record), shellForOs(os));
  if (filled.missing.length > 0 || filled.rejected.length > 0) {
    const problems = commandProblems(filled);
    void vscode.window.showWarningMessage(vscode.l10n.t('The command cannot run as it is: {0}. The command: {1}', problems.join('; '), template));
    return undefined;
  }
  const values = placeholderValues(context.record);
  if (template.includes('{{process.pid}}') && values['process.pid'] !== undefined && os === currentOs()) {
    const same = await checkSameProcess(Number(values['process.pid']), values['process.name']);
    if (same.verdict === 'gone' || same.verdict === 'different') {
      void vscode.window.showWarningMessage(same.verdict === 'gone'
        ? vscode.l10n.t('Process {0} ({1}) found at detection is no longer running: nothing to stop. Run the listing step again to see what listens now.', values['process.pid'], values['process.name'] ?? '?')
        : vscode.l10n.t('Process {0} is now "{1}", not "{2}" as at detection: the pid was reused, so the command was not run. Run the listing step again.', values['process.pid'], same.now ?? '?', values['process.name'] ?? '?'));
      return undefined;
    }
  }
  const warning = os === currentOs() ? '' : vscode.l10n.t('This is the {0} command, and this machine is not {0}. ', os);
  if (!(await askToProceed(vscode.l10n.t('{0}Run this command in a terminal?', warning), vscode.l10n.t('$(terminal) Run in terminal'), filled.text))) return undefined;
  // A fresh terminal each time: typing into one that still waits at a sudo or
  // package-manager prompt would answer that prompt with this command.
  const terminalName = vscode.l10n.t('Runbook: {0}', context.step.title);
  const terminal = vscode.window.createTerminal({ name: terminalName });
  terminal.show();
  terminal.sendText(filled.text, true);
  return { kind: 'command', at: at(), platform: os, commandLine: filled.text, terminalName, by: operatorName() };
}
