import * as vscode from 'vscode';
import { hostname } from 'node:os';
import type { SweepSummary } from '../../core/probe/types';
import type { ProbePlan } from '../../node/probe/probePlan';
import { webviewPage } from '../webviewHtml';
import { probeResultsBody } from './probeResultsHtml';

export const PROBE_RESULTS_VIEW_TYPE = 'runbook.probeResults';

/** One panel for the latest probe result; a new probe replaces its content. */
export class ProbeResultsPanel {
  private static current: vscode.WebviewPanel | undefined;

  static show(extensionUri: vscode.Uri, plan: ProbePlan, summary: SweepSummary, thisMachine: boolean): void {
    const mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
    let panel = ProbeResultsPanel.current;
    if (!panel) {
      panel = vscode.window.createWebviewPanel(PROBE_RESULTS_VIEW_TYPE, vscode.l10n.t('DHT Probe Results'), vscode.ViewColumn.Beside, {
        enableScripts: false,
        localResourceRoots: [mediaRoot],
      });
      panel.onDidDispose(() => { ProbeResultsPanel.current = undefined; });
      ProbeResultsPanel.current = panel;
    }
    const title = vscode.l10n.t('DHT Probe Results');
    const body = probeResultsBody({ description: plan.description, thisMachine, hostname: hostname() }, summary, (m, ...a) => vscode.l10n.t(m, ...a));
    panel.webview.html = webviewPage(panel.webview, mediaRoot, { title, body, style: 'results.css' });
    panel.reveal(vscode.ViewColumn.Beside, true);
  }
}
