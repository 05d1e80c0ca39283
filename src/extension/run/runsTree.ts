// The "Runs" view: past runs, newest first, with their verdicts and dates.
// Damaged or older records are listed too, with what to do, never hidden.
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/run/types';
import type { RunManager } from './runManager';
import { verdictText } from './resultCards';

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

  constructor(private readonly manager: RunManager) {
    manager.onDidChange(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node) return [];
    const { records, problems } = await this.manager.store().list();
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
    const item = new vscode.TreeItem(`${record.runbook.title} — ${new Date(record.startedAt).toLocaleString()}`);
    const targets = record.targets.mode === 'this-machine' ? vscode.l10n.t('this machine') : record.targets.text;
    item.description = `${record.verdict ? verdictText(record.verdict) : record.endedAt ? vscode.l10n.t('ended') : vscode.l10n.t('in progress')} · ${targets} · ${record.origin}`;
    item.tooltip = new vscode.MarkdownString(`**${record.runId}**\n\n${record.verdict ? `${verdictText(record.verdict)}: ${record.verdict.because}` : vscode.l10n.t('No verdict yet.')}`);
    const [icon, color] = record.verdict ? VERDICT_ICONS[record.verdict.outcome] ?? ['circle-large-outline', 'foreground'] : ['circle-large-outline', 'foreground'];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.contextValue = 'run';
    item.id = `run:${record.runId}`;
    item.command = { command: 'runbook.openRun', title: vscode.l10n.t('Open Run'), arguments: [record.runId] };
    return item;
  }
}

/** The run id a Runs-view command was invoked on (a node) or with (an id). */
export function runIdOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (typeof argument === 'object' && argument !== null && 'record' in argument) return (argument as { record: RunRecord }).record.runId;
  return undefined;
}
