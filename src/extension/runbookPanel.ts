import * as vscode from 'vscode';
import { renderMarkdown } from '../core/markdown/renderMarkdown';
import { parseRunbook, runbookMarkdownBody } from '../core/runbook/parseRunbook';
import { escapeHtml, webviewPage } from './webviewHtml';
import { getLog } from './log';

export const RUNBOOK_VIEW_TYPE = 'runbook.runbookView';

/**
 * Shows one bundled runbook, rendered, in a webview beside the editor, with a
 * button that starts a run of it. The button is a command link (the webview
 * allows that one command only), so the page needs no script of its own for it.
 */
export class RunbookPanel {
  private static current: RunbookPanel | undefined;

  static async show(extensionUri: vscode.Uri, runbookUri: vscode.Uri): Promise<RunbookPanel> {
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(runbookUri));
    const runbook = parseRunbook(source).runbook;
    const title = runbook?.title ?? vscode.l10n.t('Runbook');
    if (RunbookPanel.current) {
      RunbookPanel.current.update(title, source, runbook?.id);
      RunbookPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      return RunbookPanel.current;
    }
    const mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(RUNBOOK_VIEW_TYPE, title, vscode.ViewColumn.Beside, {
      enableScripts: true,
      enableCommandUris: ['runbook.startRun'],
      localResourceRoots: [mediaRoot],
    });
    RunbookPanel.current = new RunbookPanel(panel, mediaRoot);
    RunbookPanel.current.update(title, source, runbook?.id);
    getLog().info(`Opened runbook ${runbookUri.toString()}`);
    return RunbookPanel.current;
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly mediaRoot: vscode.Uri) {
    panel.onDidDispose(() => {
      if (RunbookPanel.current === this) RunbookPanel.current = undefined;
    });
  }

  private update(title: string, source: string, runbookId: string | undefined): void {
    this.panel.title = title;
    const start = runbookId === undefined ? '' : startRunOffer(runbookId);
    this.panel.webview.html = webviewPage(this.panel.webview, this.mediaRoot, {
      title,
      // The front matter is data, not prose: markdown-it would show it as a rule and a heading.
      body: `<main id="runbook-root" class="runbook">${start}${renderMarkdown(runbookMarkdownBody(source))}${start}</main>`,
      script: 'runbook.js',
      style: 'runbook.css',
    });
  }
}

/** "Start a run of this runbook": the page's primary action, at its top and its end. */
function startRunOffer(runbookId: string): string {
  const args = encodeURIComponent(JSON.stringify([{ runbookId }]));
  return `<p class="start-run-offer"><a class="button-link primary" role="button" data-command="startRun" href="command:runbook.startRun?${args}">${escapeHtml(vscode.l10n.t('Start a run of this runbook'))}</a> <span class="muted">${escapeHtml(vscode.l10n.t('Walks it phase by phase on this machine or on hosts you name, recording every step.'))}</span></p>`;
}
