import * as vscode from 'vscode';
import { getLog } from './log';
import { RunbookPanel } from './runbookPanel';
import { probeHostCommand, type ProbeHostArgs } from './probe/probeHostCommand';
import { checkPortsCommand, type CheckPortsArgs } from './checkPorts/checkPortsCommand';
import { RunbookCatalog } from './runbooks/runbookCatalog';
import { RunManager } from './run/runManager';
import { RunTreeProvider } from './run/runTree';
import { registerRunCommands } from './run/runCommands';
import { RunsTreeProvider } from './run/runsTree';
import { createRunStatusBar } from './run/runStatusBar';
import { registerScanReport } from './scanReport/registerScanReport';

export const BUNDLED_RUNBOOK = 'bittorrent-mainline-dht.md';

export function activate(context: vscode.ExtensionContext): void {
  const log = getLog();
  context.subscriptions.push(log);
  log.info(`Activated ${context.extension.id} ${String(context.extension.packageJSON.version)}`);

  const catalog = new RunbookCatalog(context.extensionUri);
  const runs = new RunManager(context, catalog);
  const runsView = new RunsTreeProvider(runs);
  context.subscriptions.push(
    catalog,
    runs,
    runs.registerSerializer(),
    vscode.window.createTreeView('runbook.runView', { treeDataProvider: new RunTreeProvider(runs), showCollapseAll: true }),
    vscode.window.createTreeView('runbook.runsView', { treeDataProvider: runsView }),
    createRunStatusBar(runs),
    ...registerRunCommands(runs, runsView),
    ...registerScanReport(),
  );
  // Parse the runbooks in the background: their problems show up without waiting for a run.
  void catalog.refresh().catch((error: unknown) => log.error(`Reading runbooks failed: ${String(error)}`));

  context.subscriptions.push(
    vscode.commands.registerCommand('runbook.openRunbook', async () => {
      const runbookUri = vscode.Uri.joinPath(context.extensionUri, 'runbooks', BUNDLED_RUNBOOK);
      await RunbookPanel.show(context.extensionUri, runbookUri);
    }),
    vscode.commands.registerCommand('runbook.probeHost', (args?: ProbeHostArgs) => probeHostCommand(context, args)),
    vscode.commands.registerCommand('runbook.checkListeningPorts', (args?: CheckPortsArgs) => checkPortsCommand(context, args)),
    vscode.commands.registerCommand('runbook.showLog', () => log.show()),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
