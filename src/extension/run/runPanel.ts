// The webview panel that shows one run. Messages from the page are checked
// against what the runbook really has before anything runs; the page itself
// only reports clicks (media/runPanel.js).
import * as vscode from 'vscode';
import { getLog } from '../log';
import { webviewPage } from '../webviewHtml';
import { runPanelBody } from './runPanelHtml';
import { currentOs } from '../../node/remediation/commandEnvironment';
import { planCommand, type CommandContext } from '../../core/remediation/commandPlan';
import { terminalCommandContext } from './interactiveActions';
import type { RunSession } from './runSession';
import { validatePanelMessage, type PanelMessage, type PanelUpdate } from './panelMessages';

export type { PanelMessage };

export const RUN_PANEL_VIEW_TYPE = 'runbook.runPanel';

export class RunPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, RunPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  /**
   * The plan context the terminal's shell quotes for. Choosing the shell
   * checks files and PATH, so it is done once per panel, and again only when
   * the terminal settings it reads change.
   */
  private commandContext: CommandContext = terminalCommandContext().context;

  static show(extensionUri: vscode.Uri, session: RunSession, handlers: PanelHandlers): RunPanel {
    const existing = RunPanel.panels.get(session.runId);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, session.runbook.title, vscode.ViewColumn.Beside, RunPanel.options(extensionUri));
    return new RunPanel(panel, extensionUri, session, handlers);
  }

  /** Restores a panel after a window reload (WebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, session: RunSession, handlers: PanelHandlers): RunPanel {
    panel.webview.options = RunPanel.options(extensionUri);
    return new RunPanel(panel, extensionUri, session, handlers);
  }

  static forRun(runId: string): RunPanel | undefined {
    return RunPanel.panels.get(runId);
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, readonly session: RunSession, private readonly handlers: PanelHandlers) {
    RunPanel.panels.set(session.runId, this);
    handlers.panelOpened(session);
    panel.title = session.runbook.title;
    panel.webview.html = this.page();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // The panel in front is the run the palette commands, the tree and the status bar follow.
      panel.onDidChangeViewState((event) => { if (event.webviewPanel.active) handlers.panelOpened(session); }),
      panel.webview.onDidReceiveMessage((raw: unknown) => { void this.onMessage(raw); }),
      session.onDidChange(() => { this.post({ type: 'render', html: this.body() }); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => { this.post({ type: 'render', html: this.body() }); }),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration('terminal.integrated')) this.commandContext = terminalCommandContext().context;
      }),
    );
  }

  reveal(stepId: string, findingId?: string): void {
    this.panel.reveal(undefined, false);
    this.post({ type: 'reveal', stepId, ...(findingId === undefined ? {} : { findingId }) });
  }

  /** Scrolls to a host's row in the host table and focuses it. */
  revealHost(host: string): void {
    this.panel.reveal(undefined, false);
    this.post({ type: 'revealHost', host });
  }

  /** Every message to the page goes through the typed map (panelMessages.ts). */
  private post(update: PanelUpdate): void {
    void this.panel.webview.postMessage(update);
  }

  private body(): string {
    const blocked = this.session.actionsDisabledBecause();
    // The same plan the click will run: this machine's OS, the shell the terminal will have, root or sudo.
    const context = this.commandContext;
    return runPanelBody({
      runbook: this.session.runbook, record: this.session.record, runbookPath: this.session.runbookPath,
      os: currentOs(),
      findings: this.session.findings(),
      hosts: this.session.hosts(),
      plan: (action, finding) => planCommand(action, finding, context),
      statusOf: (stepId, findingId) => this.session.statusOf(stepId, findingId),
      ...(blocked ? { actionsDisabledBecause: blocked } : {}),
    });
  }

  private page(): string {
    return webviewPage(this.panel.webview, vscode.Uri.joinPath(this.extensionUri, 'media'), {
      title: this.session.runbook.title, body: this.body(), script: 'runPanel.js', style: 'runbook.css',
    });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = validatePanelMessage(raw, this.session);
    if (typeof message === 'string') {
      getLog().warn(`Ignored a message from the run panel: ${message}`);
      return;
    }
    if (message.command === 'ready') {
      // A hidden panel is rebuilt from its first HTML when shown again: bring it up to date.
      this.post({ type: 'render', html: this.body() });
      return;
    }
    try {
      await this.handlers.handle(this.session, message);
    } catch (error) {
      getLog().error(`Run panel ${message.command}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }

  /** The sessions whose panel is open, most recently opened last. */
  static openSessions(): RunSession[] {
    return [...RunPanel.panels.values()].map((p) => p.session);
  }

  dispose(): void {
    RunPanel.panels.delete(this.session.runId);
    for (const d of this.disposables) d.dispose();
    this.handlers.panelClosed(this.session);
  }
}

export interface PanelHandlers {
  handle(session: RunSession, message: PanelMessage): Promise<void>;
  /** A panel of this run was opened, restored or brought to the front. */
  panelOpened(session: RunSession): void;
  /** The panel of this run was closed (the run stays on disk, in the Runs view). */
  panelClosed(session: RunSession): void;
}
