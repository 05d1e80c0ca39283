// In the editor, as in the CLI: after a command that ends the finding's
// process (`ends: process`) exits 0 in the terminal, wait for that very
// process to be gone, and put what was seen in the recorded output. The
// record then says whether the client really stopped, not only that `kill`
// returned; the person can stop waiting, and the record says so honestly.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings/types';
import { appendOutputLine, processToAwait } from '../../core/remediation/processEnd';
import type { CommandAction } from '../../core/runbook/model';
import type { TerminalOutcome } from '../../core/terminal/terminalOutcome';
import { awaitProcessExit, describeProcessExit } from '../../node/remediation/awaitProcessExit';

export async function withProcessExitSeen(action: CommandAction, finding: Finding | undefined, outcome: TerminalOutcome): Promise<TerminalOutcome> {
  if (outcome.how !== 'shell-integration') return outcome;
  const ended = processToAwait(action, finding, outcome.exitCode);
  if (ended?.pid === undefined) return outcome;
  const pid = ended.pid;
  const wait = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: vscode.l10n.t('Waiting for process {0} ({1}) to end', pid, ended.processName ?? '?'),
    cancellable: true,
  }, async (_progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      return await awaitProcessExit(pid, ended.processName, ended.program?.process.startTicks, { signal: controller.signal });
    } finally {
      cancel.dispose();
    }
  });
  return { ...outcome, output: appendOutputLine(outcome.output, describeProcessExit(wait)) };
}
