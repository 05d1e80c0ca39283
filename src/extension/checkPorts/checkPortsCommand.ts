// "Runbook: Check Listening Ports": the local check with cancellable progress,
// its result in a panel, a notification, and the log.
import * as vscode from 'vscode';
import { formatLocalCheck } from '../../core/localCheck/formatLocalCheck';
import type { LocalCheckResult } from '../../core/localCheck/types';
import { checkLocal } from '../../node/localCheck/checkLocal';
import { getLog } from '../log';
import { readProbeSettings } from '../settings';
import { webviewPage } from '../webviewHtml';
import { checkPortsBody, checkPortsHeadline } from './checkPortsHtml';
import { checkGroups } from './checkPortsGroups';

/** vscode.l10n.t, as the HTML modules take it. */
const t = (message: string, ...args: (string | number | boolean)[]): string => vscode.l10n.t(message, ...args);

export interface CheckPortsArgs {
  readonly allUdp?: boolean;
}

let panel: vscode.WebviewPanel | undefined;

export async function checkPortsCommand(context: vscode.ExtensionContext, args?: CheckPortsArgs): Promise<LocalCheckResult | undefined> {
  const settings = readProbeSettings();
  const allUdp = args?.allUdp ?? vscode.workspace.getConfiguration('runbook.checkPorts').get<boolean>('probeAllUdp', false);
  const result = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: vscode.l10n.t('Checking listening ports'),
    cancellable: true,
  }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      return await checkLocal({
        allUdp, signal: controller.signal,
        timeoutMs: settings.timeoutMs, retries: settings.retries, ratePerSecond: settings.ratePerSecond,
        onStage: (stage) => progress.report({
          message: stage === 'listing' ? vscode.l10n.t('listing sockets and their processes')
            : stage === 'probing' ? vscode.l10n.t('asking UDP suspects for a DHT reply')
              : vscode.l10n.t('finding packages and services'),
        }),
      });
    } finally {
      cancel.dispose();
    }
  });
  getLog().info(formatLocalCheck(result));
  showPanel(context.extensionUri, result);
  const { counts } = result;
  // In programs, as the panel says it: four sockets of one process are one suspect.
  const message = checkPortsHeadline(result, checkGroups(result), t);
  if (counts.confirmedDhtNodes > 0 || counts.suspects > 0) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
  return result;
}

function showPanel(extensionUri: vscode.Uri, result: LocalCheckResult): void {
  const mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
  if (!panel) {
    panel = vscode.window.createWebviewPanel('runbook.checkPorts', vscode.l10n.t('Listening Ports'), vscode.ViewColumn.Beside, { enableScripts: true, localResourceRoots: [mediaRoot] });
    panel.onDidDispose(() => { panel = undefined; });
  }
  panel.webview.html = webviewPage(panel.webview, mediaRoot, { title: vscode.l10n.t('Listening Ports'), body: checkPortsBody(result, t), script: 'checkPorts.js', style: 'results.css' });
  panel.reveal(vscode.ViewColumn.Beside, true);
}
