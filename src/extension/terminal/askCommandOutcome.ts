// Without shell integration the extension cannot see how a command ended, so
// the person who watched the terminal says it, and the record says it was
// their statement. The question stays open when focus moves to the terminal
// (where they may be typing a sudo password).
import * as vscode from 'vscode';
import type { NoIntegrationReason } from '../../core/terminal/terminalOutcome';

export type PersonAnswer = 'succeeded' | 'failed' | 'not-run';

export async function askCommandOutcome(terminalName: string, commandLine: string, reason: NoIntegrationReason, token?: vscode.CancellationToken): Promise<PersonAnswer | undefined> {
  const items: (vscode.QuickPickItem & { answer: PersonAnswer })[] = [
    { label: vscode.l10n.t('$(check) It succeeded'), detail: vscode.l10n.t('Recorded as your statement: the step passes.'), answer: 'succeeded' },
    { label: vscode.l10n.t('$(error) It failed'), detail: vscode.l10n.t('Recorded as your statement: the step fails.'), answer: 'failed' },
    { label: vscode.l10n.t('$(close) I did not run it / cancel'), detail: vscode.l10n.t('Nothing is recorded.'), answer: 'not-run' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('How did the command in terminal "{0}" end?', terminalName),
    placeHolder: vscode.l10n.t('{0} Answer once it has finished: {1}', whyNotSeen(reason), commandLine),
    ignoreFocusOut: true,
  }, token);
  return picked?.answer;
}

function whyNotSeen(reason: NoIntegrationReason): string {
  switch (reason) {
    case 'unsupported-shell': return vscode.l10n.t('This shell has no VS Code shell integration, so the extension cannot see the exit code.');
    case 'disabled-by-setting': return vscode.l10n.t('Shell integration is turned off (terminal.integrated.shellIntegration.enabled), so the extension cannot see the exit code.');
    case 'script-not-found': return vscode.l10n.t('This VS Code keeps its shell integration script elsewhere, so the extension cannot see the exit code.');
    case 'not-activated': return vscode.l10n.t('Shell integration did not start in this terminal, so the extension cannot see the exit code.');
    case 'execution-not-reported': return vscode.l10n.t('Shell integration did not report this command starting, so the extension cannot see the exit code.');
    case 'multi-line-command': return vscode.l10n.t('VS Code does not report the end of a command of several lines, so the extension cannot see the exit code.');
  }
}
