// Where runbooks come from: the extension's own `runbooks/` and the
// workspace (`.runbooks/*.md` and `**/*.runbook.md`). Each is parsed; its
// mistakes go to the Problems panel with their lines.
//
// A workspace runbook is untrusted and may be large: each file is parsed
// again only when its modification time or size changed, a file event
// re-reads only its own file, and a large runbook is parsed in a worker
// thread (src/node/runbook/parseInWorker.ts), never on the extension host's
// main path.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseRunbook } from '../../core/runbook/parseRunbook';
import type { ParseRunbookResult, Runbook, RunbookDiagnostic } from '../../core/runbook/model';
import { parseRunbookOffThread } from '../../node/runbook/parseInWorker';
import { getLog } from '../log';
import { readRunbookFile, type RunbookFileSystem } from './readRunbookFile';

export const WORKSPACE_RUNBOOK_GLOB = '{.runbooks/*.md,**/*.runbook.md}';
const MAX_WORKSPACE_RUNBOOKS = 200;

const workspaceFs: RunbookFileSystem<vscode.Uri> = {
  stat: async (uri) => {
    const stat = await vscode.workspace.fs.stat(uri);
    return { isFile: (stat.type & vscode.FileType.File) !== 0, size: stat.size, mtime: stat.mtime };
  },
  readFile: (uri) => Promise.resolve(vscode.workspace.fs.readFile(uri)),
};

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

interface Cached {
  /** Modification time and size when the file was read: the entry stands while they do. */
  stamp: string;
  entry: CatalogEntry;
}

export class RunbookCatalog implements vscode.Disposable {
  private entries: CatalogEntry[] = [];
  private readonly cache = new Map<string, Cached>();
  private readonly problems = vscode.languages.createDiagnosticCollection('runbook');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly workerScript: string;
  /** Refreshes and file events run one at a time, in order, so none undoes another. */
  private queue: Promise<unknown> = Promise.resolve();
  readonly onDidChange = this.changed.event;

  constructor(private readonly extensionUri: vscode.Uri) {
    this.workerScript = vscode.Uri.joinPath(extensionUri, 'dist', 'runbookParseWorker.js').fsPath;
    this.watcher = vscode.workspace.createFileSystemWatcher(WORKSPACE_RUNBOOK_GLOB);
    const update = (uri: vscode.Uri) => { void this.enqueue(() => this.updateOne(uri)).catch((error: unknown) => getLog().error(`Reading runbook ${uri.fsPath} failed: ${String(error)}`)); };
    this.watcher.onDidCreate(update);
    this.watcher.onDidChange(update);
    this.watcher.onDidDelete((uri) => { void this.enqueue(async () => this.remove(uri)); });
  }

  all(): readonly CatalogEntry[] {
    return this.entries;
  }

  byId(id: string): CatalogEntry | undefined {
    return this.entries.find((e) => e.runbook?.id === id);
  }

  /** Lists every runbook again; each file is stat'ed, and only those whose time or size changed are read and parsed. */
  refresh(): Promise<readonly CatalogEntry[]> {
    return this.enqueue(async () => {
      const bundledDir = vscode.Uri.joinPath(this.extensionUri, 'runbooks');
      const bundled = (await vscode.workspace.fs.readDirectory(bundledDir))
        .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md'))
        .map(([name]) => vscode.Uri.joinPath(bundledDir, name));
      const workspace = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(WORKSPACE_RUNBOOK_GLOB, '**/node_modules/**', MAX_WORKSPACE_RUNBOOKS) : [];
      // One file at a time: a workspace of large runbooks starts one parsing worker at a time, not two hundred.
      const entries: CatalogEntry[] = [];
      for (const uri of bundled) entries.push(await this.load(uri, 'bundled'));
      for (const uri of workspace) entries.push(await this.load(uri, 'workspace'));
      this.entries = entries;
      const listed = new Set(this.entries.map((entry) => entry.uri.toString()));
      for (const key of this.cache.keys()) if (!listed.has(key)) this.cache.delete(key);
      this.publishProblems();
      this.changed.fire();
      return this.entries;
    });
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A file event: that file alone is read again. */
  private async updateOne(uri: vscode.Uri): Promise<void> {
    // The event says the file changed, even if its time and size did not (two writes in one millisecond).
    this.cache.delete(uri.toString());
    const entry = await this.load(uri, 'workspace');
    const index = this.entries.findIndex((e) => e.uri.toString() === uri.toString());
    if (index >= 0) this.entries = this.entries.map((e, i) => (i === index ? entry : e));
    else if (this.entries.filter((e) => e.source === 'workspace').length < MAX_WORKSPACE_RUNBOOKS) this.entries = [...this.entries, entry];
    else return;
    this.publishProblemsOf(entry);
    this.changed.fire();
  }

  private remove(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.uri.toString() !== uri.toString());
    this.problems.delete(uri);
    if (this.entries.length !== before) this.changed.fire();
  }

  private async load(uri: vscode.Uri, source: 'bundled' | 'workspace'): Promise<CatalogEntry> {
    const path = source === 'bundled' ? `runbooks/${uri.path.split('/').pop() ?? ''}` : vscode.workspace.asRelativePath(uri);
    const cached = this.cache.get(uri.toString());
    const usable = cached?.entry.source === source ? cached : undefined;
    // Stat first: the file is read only when its time or size moved from the cached entry's.
    const file = await readRunbookFile(workspaceFs, uri, usable?.stamp, vscode.l10n.t);
    // Unchanged means the stamp equals the one passed, so there is a cached entry.
    if (file.unchanged) return usable!.entry;
    const { runbook, diagnostics } = file.text !== undefined ? await this.parse(file.text) : { runbook: undefined, diagnostics: file.diagnostics };
    const text = file.text ?? '';
    if (diagnostics.length > 0) getLog().warn(`Runbook ${path}: ${diagnostics.length} problem(s)`);
    const entry: CatalogEntry = { uri, source, path, text, contentHash: createHash('sha256').update(text).digest('hex'), runbook, diagnostics };
    this.cache.set(uri.toString(), { stamp: file.stamp, entry });
    return entry;
  }

  private parse(text: string): Promise<ParseRunbookResult> {
    // Without the worker's script (a build that left it out), parse here rather than fail every large runbook.
    if (!existsSync(this.workerScript)) {
      getLog().warn(`The runbook parser's worker (${this.workerScript}) is missing; parsing on the main thread.`);
      return Promise.resolve(parseRunbook(text));
    }
    return parseRunbookOffThread(text, { workerScript: this.workerScript });
  }

  private publishProblems(): void {
    this.problems.clear();
    for (const entry of this.entries) this.publishProblemsOf(entry);
  }

  private publishProblemsOf(entry: CatalogEntry): void {
    if (entry.diagnostics.length === 0) {
      this.problems.delete(entry.uri);
      return;
    }
    this.problems.set(entry.uri, entry.diagnostics.map((d) => {
      const range = new vscode.Range(d.line, 0, d.line, Number.MAX_SAFE_INTEGER);
      const diagnostic = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'runbook';
      diagnostic.code = d.code;
      return diagnostic;
    }));
  }

  dispose(): void {
    this.problems.dispose();
    this.changed.dispose();
    this.watcher.dispose();
  }
}
