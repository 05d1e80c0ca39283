// Where runbooks come from: the extension's own `runbooks/` and the
// workspace (`.runbooks/*.md` and `**/*.runbook.md`). Each is parsed; its
// mistakes go to the Problems panel with their lines.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { parseRunbook } from '../../core/runbook/parseRunbook';
import type { Runbook, RunbookDiagnostic } from '../../core/runbook/model';
import { getLog } from '../log';

export const WORKSPACE_RUNBOOK_GLOB = '{.runbooks/*.md,**/*.runbook.md}';

export interface CatalogEntry {
  readonly uri: vscode.Uri;
  readonly source: 'bundled' | 'workspace';
  /** Path shown to people and kept in run records. */
  readonly path: string;
  readonly text: string;
  readonly contentHash: string;
  readonly runbook: Runbook | undefined;
  readonly diagnostics: readonly RunbookDiagnostic[];
}

export class RunbookCatalog implements vscode.Disposable {
  private entries: CatalogEntry[] = [];
  private readonly problems = vscode.languages.createDiagnosticCollection('runbook');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher: vscode.FileSystemWatcher;
  readonly onDidChange = this.changed.event;

  constructor(private readonly extensionUri: vscode.Uri) {
    this.watcher = vscode.workspace.createFileSystemWatcher(WORKSPACE_RUNBOOK_GLOB);
    const reload = () => { void this.refresh(); };
    this.watcher.onDidCreate(reload);
    this.watcher.onDidChange(reload);
    this.watcher.onDidDelete(reload);
  }

  all(): readonly CatalogEntry[] {
    return this.entries;
  }

  byId(id: string): CatalogEntry | undefined {
    return this.entries.find((e) => e.runbook?.id === id);
  }

  async refresh(): Promise<readonly CatalogEntry[]> {
    const bundledDir = vscode.Uri.joinPath(this.extensionUri, 'runbooks');
    const bundled = (await vscode.workspace.fs.readDirectory(bundledDir))
      .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md'))
      .map(([name]) => vscode.Uri.joinPath(bundledDir, name));
    const workspace = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(WORKSPACE_RUNBOOK_GLOB, '**/node_modules/**', 200) : [];
    const read = async (uri: vscode.Uri, source: 'bundled' | 'workspace') => this.load(uri, source);
    this.entries = [
      ...(await Promise.all(bundled.map((uri) => read(uri, 'bundled')))),
      ...(await Promise.all(workspace.map((uri) => read(uri, 'workspace')))),
    ];
    this.publishProblems();
    this.changed.fire();
    return this.entries;
  }

  private async load(uri: vscode.Uri, source: 'bundled' | 'workspace'): Promise<CatalogEntry> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const { runbook, diagnostics } = parseRunbook(text);
    const path = source === 'bundled' ? `runbooks/${uri.path.split('/').pop() ?? ''}` : vscode.workspace.asRelativePath(uri);
    if (diagnostics.length > 0) getLog().warn(`Runbook ${path}: ${diagnostics.length} problem(s)`);
    return { uri, source, path, text, contentHash: createHash('sha256').update(text).digest('hex'), runbook, diagnostics };
  }

  private publishProblems(): void {
    this.problems.clear();
    for (const entry of this.entries) {
      if (entry.diagnostics.length === 0) continue;
      this.problems.set(entry.uri, entry.diagnostics.map((d) => {
        const range = new vscode.Range(d.line, 0, d.line, Number.MAX_SAFE_INTEGER);
        const diagnostic = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'runbook';
        diagnostic.code = d.code;
        return diagnostic;
      }));
    }
  }

  dispose(): void {
    this.problems.dispose();
    this.changed.dispose();
    this.watcher.dispose();
  }
}
