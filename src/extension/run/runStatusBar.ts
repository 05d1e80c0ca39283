// A status bar item for the current run: where it stands, one click to open it.
import * as vscode from 'vscode';
import type { RunManager } from './runManager';
import { verdictText } from './resultCards';
import { isFinished, phaseItemStatuses } from './runProgress';

export function createRunStatusBar(manager: RunManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('runbook.currentRun', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Runbook: current run');
  const update = () => {
    const session = manager.activeSession;
    if (!session) { item.hide(); return; }
    // Items as the panel's stepper counts them: a step that repeats counts once per finding.
    const statuses = session.runbook.phases.flatMap((p) => phaseItemStatuses(p, session.findings(), (id, f) => session.statusOf(id, f)));
    const done = statuses.filter(isFinished).length;
    const verdict = session.record.verdict;
    item.text = verdict
      ? `$(checklist) ${verdictText(verdict)}`
      : `$(checklist) ${vscode.l10n.t('{0}/{1} steps', done, statuses.length)}`;
    item.tooltip = vscode.l10n.t('{0}: run {1}. Click to open it.', session.runbook.title, session.runId);
    item.command = { command: 'runbook.openRun', title: vscode.l10n.t('Open Run'), arguments: [session.runId] };
    item.show();
  };
  const listener = manager.onDidChange(update);
  update();
  return vscode.Disposable.from(item, listener);
}
