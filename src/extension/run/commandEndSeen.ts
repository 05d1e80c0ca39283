// In the editor, as in the CLI: after a command marked `ends:` exits 0 in the
// terminal, check that its end came (the finding's process gone, or the
// program's file gone) and put what was seen in the record. Waiting for a
// process shows a notification the person can cancel; the record then says
// honestly that it still ran when they stopped waiting.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings/types';
import { appendOutputLine, endToCheck, type EndSeen } from '../../core/remediation/commandEnd';
import type { CommandAction } from '../../core/runbook/model';
import type { TerminalOutcome } from '../../core/terminal/terminalOutcome';
import { checkCommandEnd } from '../../node/remediation/checkCommandEnd';

export async function withCommandEndSeen(action: CommandAction, finding: Finding | undefined, outcome: TerminalOutcome): Promise<{ outcome: TerminalOutcome; seen?: EndSeen }> {
  if (outcome.how !== 'shell-integration') return { outcome };
  const check = endToCheck(action, finding, outcome.exitCode);
  if (check === undefined) return { outcome };
  const seen = check.ends === 'program'
    ? await checkCommandEnd(check)
    : await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Waiting for process {0} ({1}) to end', check.finding.pid, check.finding.processName ?? '?'),
      cancellable: true,
    }, async (_progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        return await checkCommandEnd(check, controller.signal);
      } finally {
        cancel.dispose();
      }
    });
  return { outcome: { ...outcome, output: appendOutputLine(outcome.output, seen.line) }, seen };
}
