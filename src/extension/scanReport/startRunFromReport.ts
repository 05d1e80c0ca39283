// "Runbook: Start Run from Scan Report…": picks a .nessus file, a Nessus CSV
// export or a host list (or takes the one the CodeLens names), reads it whole,
// and starts a run of the bundled runbook whose targets are the report's
// hosts (RunManager.startRun with the targets, as the palette's Start Run
// does). A report that cannot be read starts nothing and says why.
import * as vscode from 'vscode';
import type { RunTargets } from '../../core/run/types';
import { importProblemMessage } from '../../node/scanReport/importScanReport';
import { runTargetsFromReport } from '../../node/scanReport/runTargetsFromReport';
import { getLog } from '../log';
import { formatImport } from '../../core/scanReport/formatImport';

const BUNDLED_RUNBOOK = 'bittorrent-mainline-dht';

export async function startRunFromReport(uri?: vscode.Uri): Promise<unknown> {
  const file = uri ?? await pickReport();
  if (!file) return undefined;
  if (file.scheme !== 'file') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Scan reports are read from local files; {0} is not one.', file.toString()));
    return undefined;
  }
  let targets: RunTargets;
  try {
    const imported = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the scan report {0}…', vscode.workspace.asRelativePath(file)) },
      () => runTargetsFromReport(file.fsPath),
    );
    getLog().info(formatImport(imported.report));
    targets = imported.targets;
  } catch (error) {
    const message = importProblemMessage(error);
    getLog().warn(`Scan report ${file.fsPath}: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('No run was started: {0}', message));
    return undefined;
  }
  return vscode.commands.executeCommand('runbook.startRun', { runbookId: BUNDLED_RUNBOOK, targets });
}

async function pickReport(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Start Run'),
    title: vscode.l10n.t('Scan report: a .nessus file, a Nessus CSV export or a list of hosts'),
    filters: { [vscode.l10n.t('Scan reports')]: ['nessus', 'csv', 'txt'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}
