import * as vscode from 'vscode';
import { getLog } from './log';
import { RunbookPanel } from './runbookPanel';
import { probeHostCommand, type ProbeHostArgs } from './probe/probeHostCommand';
import { checkPortsCommand, type CheckPortsArgs } from './checkPorts/checkPortsCommand';

export const BUNDLED_RUNBOOK = 'bittorrent-mainline-dht.md';

export function activate(context: vscode.ExtensionContext): void {
  const log = getLog();
  context.subscriptions.push(log);
  log.info(`Activated ${context.extension.id} ${String(context.extension.packageJSON.version)}`);

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
