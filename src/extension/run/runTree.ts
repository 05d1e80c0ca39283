// The "Runbook" view: the runbooks there are, and the current run's phases
// and steps with status icons. Selecting a step reveals it in the panel.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings/types';
import type { HostRow, HostState } from '../../core/hosts/types';
import type { Phase, Step } from '../../core/runbook/model';
import { hostStateLabel, hostVerdictLabel, STATE_BADGE } from './hostTableHtml';
import type { CatalogEntry } from '../runbooks/runbookCatalog';
import type { RunManager } from './runManager';
import { phaseStateLabel, statusLabel } from './runPanelHtml';
import { phaseItemStatuses, phaseProgress, type PhaseState } from './runProgress';

type Node =
  | { kind: 'runbooks' }
  | { kind: 'runbook'; entry: CatalogEntry }
  | { kind: 'run' }
  | { kind: 'phase'; phase: Phase }
  | { kind: 'step'; step: Step }
  | { kind: 'finding-item'; step: Step; finding: Finding }
  | { kind: 'hosts' }
  | { kind: 'host'; host: HostRow };

const STATUS_ICONS: Record<PhaseState, [string, string | undefined]> = {
  partial: ['pie-chart', 'progressBar.background'],
  pending: ['circle-large-outline', undefined],
  running: ['loading~spin', undefined],
  passed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  skipped: ['debug-step-over', 'disabledForeground'],
  attention: ['warning', 'list.warningForeground'],
};

/** The same meaning as the host table's badges: answering is a warning, silence a pass. */
function hostStateIcon(state: HostState): [string, string | undefined] {
  return STATUS_ICONS[STATE_BADGE[state]];
}

export class RunTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly manager: RunManager) {
    manager.onDidChange(() => this.changed.fire(undefined));
    manager.catalog.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    const session = this.manager.activeSession;
    if (!node) return session ? [{ kind: 'run' }, { kind: 'runbooks' }] : [{ kind: 'runbooks' }];
    switch (node.kind) {
      case 'runbooks': return this.manager.catalog.all().map((entry) => ({ kind: 'runbook', entry }));
      case 'run': {
        // A run over hosts (or a fleet run) is grouped by host first.
        const hosts: Node[] = (session?.hosts()?.hosts.length ?? 0) > 0 ? [{ kind: 'hosts' }] : [];
        return [...hosts, ...(session?.runbook.phases.map((phase): Node => ({ kind: 'phase', phase })) ?? [])];
      }
      case 'hosts': return (session?.hosts()?.hosts ?? []).map((host) => ({ kind: 'host', host }));
      case 'phase': return node.phase.steps.map((step) => ({ kind: 'step', step }));
      // A step that repeats for each finding shows each finding's part with its own status.
      case 'step': return node.step.forEach === 'finding' ? (session?.findings() ?? []).map((finding) => ({ kind: 'finding-item', step: node.step, finding })) : [];
      default: return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const session = this.manager.activeSession;
    switch (node.kind) {
      case 'runbooks': {
        const item = new vscode.TreeItem(vscode.l10n.t('Runbooks'), vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('book');
        return item;
      }
      case 'runbook': {
        const item = new vscode.TreeItem(node.entry.runbook?.title ?? node.entry.path, vscode.TreeItemCollapsibleState.None);
        item.description = node.entry.source === 'bundled' ? vscode.l10n.t('bundled') : node.entry.path;
        item.tooltip = node.entry.diagnostics.length > 0 ? vscode.l10n.t('{0} problems: see the Problems panel', node.entry.diagnostics.length) : node.entry.path;
        item.iconPath = new vscode.ThemeIcon(node.entry.diagnostics.some((d) => d.severity === 'error') ? 'warning' : 'notebook');
        item.contextValue = 'runbook';
        if (node.entry.runbook) item.command = { command: 'runbook.startRun', title: vscode.l10n.t('Start Run'), arguments: [{ runbookId: node.entry.runbook.id }] };
        return item;
      }
      case 'run': {
        const item = new vscode.TreeItem(vscode.l10n.t('Current run: {0}', session?.runbook.title ?? ''), vscode.TreeItemCollapsibleState.Expanded);
        item.description = session?.record.runId;
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.command = session ? { command: 'runbook.openRun', title: vscode.l10n.t('Open Run'), arguments: [session.runId] } : undefined;
        return item;
      }
      case 'hosts': {
        const overview = session?.hosts();
        const item = new vscode.TreeItem(vscode.l10n.t('Hosts'), vscode.TreeItemCollapsibleState.Expanded);
        item.description = vscode.l10n.t('{0} hosts', overview?.hosts.length ?? 0);
        item.iconPath = new vscode.ThemeIcon('server-environment');
        item.id = 'hosts';
        item.contextValue = 'hosts';
        return item;
      }
      case 'host': {
        const { host } = node;
        const [icon, color] = hostStateIcon(host.state);
        const item = new vscode.TreeItem(host.name === undefined ? host.address : `${host.address} (${host.name})`, vscode.TreeItemCollapsibleState.None);
        item.description = hostVerdictLabel(host.verification.verdict, vscode.l10n.t);
        item.tooltip = vscode.l10n.t('{0}: {1}. {2} Verdict: {3}. {4}', host.address, hostStateLabel(host.state, vscode.l10n.t), host.because, hostVerdictLabel(host.verification.verdict, vscode.l10n.t), host.verification.because);
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.id = `host:${host.address}`;
        item.contextValue = 'host';
        item.command = { command: 'runbook.revealHost', title: vscode.l10n.t('Reveal Host'), arguments: [host.address] };
        return item;
      }
      case 'phase': {
        // The icon tells the truth about the phase's items: all needing attention is a warning, not a check mark.
        const progress = phaseProgress(session ? phaseItemStatuses(node.phase, session.findings(), (id, f) => session.statusOf(id, f)) : node.phase.steps.map(() => 'pending'));
        const [icon, color] = STATUS_ICONS[progress.state];
        const item = new vscode.TreeItem(node.phase.title, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${phaseStateLabel(progress.state)} · ${vscode.l10n.t('{0}/{1}', progress.done, progress.total)}`;
        item.tooltip = vscode.l10n.t('{0}: {1}, {2} of {3} items done', node.phase.title, phaseStateLabel(progress.state), progress.done, progress.total);
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.contextValue = 'phase';
        return item;
      }
      case 'step': {
        const status = session?.statusOf(node.step.id) ?? 'pending';
        const [icon, color] = STATUS_ICONS[status];
        const perFinding = node.step.forEach === 'finding' && (session?.findings().length ?? 0) > 0;
        const item = new vscode.TreeItem(node.step.title, perFinding ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.description = statusLabel(status);
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.id = `step:${node.step.id}`;
        item.contextValue = 'step';
        item.command = { command: 'runbook.revealStep', title: vscode.l10n.t('Reveal Step'), arguments: [node.step.id] };
        return item;
      }
      case 'finding-item': {
        const status = session?.statusOf(node.step.id, node.finding.id) ?? 'pending';
        const [icon, color] = STATUS_ICONS[status];
        const item = new vscode.TreeItem(node.finding.title, vscode.TreeItemCollapsibleState.None);
        item.description = node.finding.pid === undefined ? `${statusLabel(status)} · ${node.finding.host}` : `${statusLabel(status)} · pid ${node.finding.pid}`;
        item.tooltip = node.finding.where === 'remote'
          ? vscode.l10n.t('{0} on {1}: remediation happens on that host', node.finding.title, node.finding.host)
          : `${node.finding.title}${node.finding.client ? ` (${node.finding.client})` : ''}: ${node.finding.endpoints.map((p) => p.label).join(', ')}`;
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.id = `step:${node.step.id}@${node.finding.id}`;
        item.contextValue = 'finding-item';
        item.command = { command: 'runbook.revealStep', title: vscode.l10n.t('Reveal Step'), arguments: [node.step.id, node.finding.id] };
        return item;
      }
    }
  }
}
