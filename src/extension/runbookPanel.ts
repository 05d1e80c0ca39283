import * as vscode from 'vscode';
import { renderMarkdown } from '../core/markdown/renderMarkdown';
import { parseRunbook, runbookMarkdownBody } from '../core/runbook/parseRunbook';
import { webviewPage } from './webviewHtml';
import { getLog } from './log';

export const RUNBOOK_VIEW_TYPE = 'runbook.runbookView';

/** Shows one bundled runbook, rendered, in a webview beside the editor. */
export class RunbookPanel {
  private static current: RunbookPanel | undefined;

  static async show(extensionUri: vscode.Uri, runbookUri: vscode.Uri): Promise<RunbookPanel> {
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(runbookUri));
    const title = parseRunbook(source).runbook?.title ?? vscode.l10n.t('Runbook');
    if (RunbookPanel.current) {
      RunbookPanel.current.update(title, source);
      RunbookPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      return RunbookPanel.current;
    }
    const mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(RUNBOOK_VIEW_TYPE, title, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [mediaRoot],
    });
    RunbookPanel.current = new RunbookPanel(panel, mediaRoot);
    RunbookPanel.current.update(title, source);
    getLog().info(`Opened runbook ${runbookUri.toString()}`);
    return RunbookPanel.current;
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly mediaRoot: vscode.Uri) {
    panel.onDidDispose(() => {
      if (RunbookPanel.current === this) RunbookPanel.current = undefined;
    });
  }

  private update(title: string, source: string): void {
    this.panel.title = title;
    this.panel.webview.html = webviewPage(this.panel.webview, this.mediaRoot, {
      title,
      // The front matter is data, not prose: markdown-it would show it as a rule and a heading.
      body: `<main id="runbook-root" class="runbook">${renderMarkdown(runbookMarkdownBody(source))}</main>`,
      script: 'runbook.js',
      style: 'runbook.css',
    });
  }
}
