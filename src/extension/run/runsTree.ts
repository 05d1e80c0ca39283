// The "Runs" view: past runs, newest first. Each row starts with what a
// person scans for: the date and the verdict, then the targets (the
// runbook's title, the same on every row, comes last). Damaged or older
// records are listed too, with what to do, never hidden. A watcher on the
// records folder refreshes the view when the CLI or another window writes a
// record; an empty view shows its welcome (package.json viewsWelcome).
//
// Listing reads and validates every record, so it is done as rarely as the
// view allows: a burst of file events lists once, and that one listing serves
// both the context key and the view's redraw.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import type { RunRecord } from '../../core/run/types';
import type { RunList } from '../../node/run/runStore';
import type { RunManager } from './runManager';
import { verdictText } from './resultCards';

/** Context key: at least one run record exists (package.json menus.commandPalette). */
export const HAS_RUNS = 'runbook.hasRuns';

type Node = { kind: 'run'; record: RunRecord } | { kind: 'problem'; file: string; message: string };

const VERDICT_ICONS: Record<string, [string, string]> = {
  remediated: ['pass', 'testing.iconPassed'],
  'accepted-risk': ['shield', 'testing.iconPassed'],
  'still-exposed': ['error', 'testing.iconFailed'],
  inconclusive: ['question', 'list.warningForeground'],
};

export class RunsTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** A listing made for a file event, set aside for the redraw it asked for; the next getChildren takes it. */
  private pendingListing: Promise<RunList> | undefined;
  /** Each setting of HAS_RUNS takes a number; an answer that arrives after a later one was asked for is dropped. */
  private hasRunsAsked = 0;

  constructor(private readonly manager: RunManager) {
    // A run changes many times while it runs, and its own save also reaches the records watcher:
    // both wait out the same short burst, so the folder is listed once for it, not once per change.
    manager.onDidChange(() => this.refreshSoon());
  }

  refresh(): void {
    this.pendingListing = undefined;
    this.changed.fire();
  }

  /** A record written in bursts (temporary file, rename), or a run changing step by step, refreshes the view once. */
  private refreshSoon(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => { this.refreshTimer = undefined; this.recordsChanged(); }, 150);
  }

  /**
   * The records on disk changed: list them once, for the context key (which
   * must follow the records even while the view is hidden and never asks for
   * its children) and for the view's redraw, which takes the same listing.
   */
  private recordsChanged(): void {
    const listing = this.manager.store().list();
    this.setHasRuns(listing.then(({ records }) => records.length > 0));
    this.pendingListing = listing;
    this.changed.fire();
  }

  private setHasRuns(has: Promise<boolean>): void {
    const asked = ++this.hasRunsAsked;
    has
      .then((value) => (asked === this.hasRunsAsked ? vscode.commands.executeCommand('setContext', HAS_RUNS, value) : undefined))
      .then(undefined, () => undefined);
  }

  /** Watches the records folder (it follows runbook.records.location) and refreshes on every record created, changed or deleted. */
  watchRecords(): vscode.Disposable {
    let watcher: vscode.FileSystemWatcher | undefined;
    const watch = () => {
      watcher?.dispose();
      watcher = vscode.workspace.createFileSystemWatcher(recordsPattern(this.manager.recordsDir()));
      watcher.onDidCreate(() => this.refreshSoon());
      watcher.onDidChange(() => this.refreshSoon());
      watcher.onDidDelete(() => this.refreshSoon());
    };
    watch();
    // At activation, whether there is any record file is enough, and needs no record read (the view's listing, when shown, makes it exact).
    this.setHasRuns(countRecordFiles(this.manager.recordsDir().fsPath).then((count) => count > 0));
    const setting = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('runbook.records.location')) { watch(); this.recordsChanged(); }
    });
    return new vscode.Disposable(() => {
      watcher?.dispose();
      setting.dispose();
      if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    });
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node) return [];
    const listing = this.pendingListing ?? this.manager.store().list();
    this.pendingListing = undefined;
    // Compare Runs and Export Run Report are offered in the palette only when there is a run to pick.
    this.setHasRuns(listing.then(({ records }) => records.length > 0));
    const { records, problems } = await listing;
    return [
      ...records.map((record): Node => ({ kind: 'run', record })),
      ...problems.map((p): Node => ({ kind: 'problem', file: p.file, message: p.message })),
    ];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.file);
      item.description = vscode.l10n.t('cannot be read');
      item.tooltip = node.message;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      return item;
    }
    const { record } = node;
    const { label, description, accessible } = runRowText(record);
    const item = new vscode.TreeItem(label);
    item.description = description;
    item.accessibilityInformation = { label: accessible };
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(record.runbook.title)}**\n\n`);
    tooltip.appendText(`${record.runId}\n\n${record.verdict ? `${verdictText(record.verdict)}: ${record.verdict.because}` : vscode.l10n.t('No verdict yet.')}`);
    item.tooltip = tooltip;
    const [icon, color] = record.verdict ? VERDICT_ICONS[record.verdict.outcome] ?? ['circle-large-outline', 'foreground'] : ['circle-large-outline', 'foreground'];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.contextValue = 'run';
    item.id = `run:${record.runId}`;
    item.command = { command: 'runbook.openRun', title: vscode.l10n.t('Open Run'), arguments: [record.runId] };
    return item;
  }
}

/**
 * How many names in the records folder are record files (`*.json`, not hidden:
 * the ones RunStore.list reads), without reading any; 0 when the folder does
 * not exist yet.
 */
async function countRecordFiles(dir: string): Promise<number> {
  try {
    return (await fsp.readdir(dir)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * The records folder as a watch pattern. Inside a workspace folder the pattern
 * is based on that folder, which the workbench already watches recursively, so
 * it holds even while `.runbook-runs/` does not exist yet (before the first run).
 */
function recordsPattern(dir: vscode.Uri): vscode.RelativePattern {
  const folder = vscode.workspace.getWorkspaceFolder(dir);
  if (folder) {
    const relative = dir.path.slice(folder.uri.path.length).replace(/^\/+/, '');
    return new vscode.RelativePattern(folder, relative === '' ? '*.json' : `${relative}/*.json`);
  }
  return new vscode.RelativePattern(dir, '*.json');
}

/** The row's words, most useful first: date and verdict, then targets, then which runbook and where it ran. */
export function runRowText(record: RunRecord): { label: string; description: string; accessible: string } {
  const date = new Date(record.startedAt).toLocaleString();
  const state = record.verdict ? verdictText(record.verdict) : record.endedAt ? vscode.l10n.t('ended') : vscode.l10n.t('in progress');
  const targets = targetsInBrief(record);
  const origin = record.origin === 'cli' ? vscode.l10n.t('CLI') : vscode.l10n.t('editor');
  return {
    label: `${date} · ${state}`,
    description: `${targets} · ${record.runbook.title} · ${origin}`,
    accessible: vscode.l10n.t('{0}, {1}, on {2}, {3}, from the {4}', date, state, targets, record.runbook.title, origin),
  };
}

/** A row names its targets in a few words: a report's or a fleet's hundreds of hosts would push everything else off the row. */
function targetsInBrief(record: RunRecord): string {
  if (record.fleet !== undefined) return vscode.l10n.t('fleet of {0} hosts', record.fleet.hosts.length);
  if (record.targets.mode === 'this-machine') return vscode.l10n.t('this machine');
  if (record.targets.fromReport !== undefined) return vscode.l10n.t('{0} hosts from {1}', record.targets.fromReport.hosts.length, record.targets.fromReport.name);
  const typed = record.targets.text.replace(/\s+/g, ' ').trim();
  return typed.length <= TARGETS_IN_BRIEF ? typed : `${typed.slice(0, TARGETS_IN_BRIEF - 1)}…`;
}

const TARGETS_IN_BRIEF = 60;

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** The run id a Runs-view command was invoked on (a node) or with (an id). */
export function runIdOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (typeof argument === 'object' && argument !== null && 'record' in argument) return (argument as { record: RunRecord }).record.runId;
  return undefined;
}
