// Palette commands for walking a run; each acts on the current run and asks
// for the step or phase when the caller did not name one.
import * as vscode from 'vscode';
import type { RunTargets } from '../../core/run/types';
import type { PhaseId } from '../../core/runbook/model';
import { RunPanel } from './runPanel';
import { exportRunReport } from './exportReport';
import { RunComparisonProvider } from './compareRuns';
import { runIdOf, type RunsTreeProvider } from './runsTree';
import { verdictText } from './resultCards';
import type { RunRecord } from '../../core/run/types';
import type { RunManager } from './runManager';

async function pickRecord(manager: RunManager, title: string, filter: (r: RunRecord) => boolean = () => true): Promise<RunRecord | undefined> {
  const { records } = await manager.store().list();
  const candidates = records.filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No run to choose from.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(candidates.map((record) => ({
    label: `${record.runbook.title} — ${new Date(record.startedAt).toLocaleString()}`,
    description: record.verdict ? verdictText(record.verdict) : record.endedAt ? vscode.l10n.t('ended') : vscode.l10n.t('in progress'),
    detail: record.runId,
    record,
  })), { title, matchOnDescription: true, matchOnDetail: true });
  return picked?.record;
}

function sameTargets(a: RunRecord, b: RunRecord): boolean {
  return JSON.stringify(a.targets) === JSON.stringify(b.targets) && a.runId !== b.runId;
}

export function registerRunCommands(manager: RunManager, runsView: RunsTreeProvider): vscode.Disposable[] {
  const withSession = (act: (session: NonNullable<RunManager['activeSession']>) => Promise<unknown>) => async () => {
    const session = await manager.sessionForCommand();
    if (session) await act(session);
  };
  const comparisons = new RunComparisonProvider();
  return [
    comparisons.register(),
    runsView.watchRecords(),
    vscode.commands.registerCommand('runbook.startRun', (args?: { runbookId?: string; targets?: RunTargets }) => manager.startRun(args)),
    vscode.commands.registerCommand('runbook.openRun', (runId?: string) => (runId ? manager.openRun(runId) : withSession(async (s) => manager.openRun(s.runId))())),
    vscode.commands.registerCommand('runbook.revealStep', async (stepId: string, findingId?: string) => {
      const session = await manager.sessionForCommand();
      if (!session) return;
      await manager.openRun(session.runId);
      RunPanel.forRun(session.runId)?.reveal(stepId, typeof findingId === 'string' ? findingId : undefined);
    }),
    vscode.commands.registerCommand('runbook.revealHost', async (host: unknown) => {
      const session = await manager.sessionForCommand();
      if (!session || typeof host !== 'string' || !session.hasHost(host)) return;
      await manager.openRun(session.runId);
      RunPanel.forRun(session.runId)?.revealHost(host);
    }),
    vscode.commands.registerCommand('runbook.runStep', async (target?: unknown) => withSession(async (session) => {
      const { stepId, findingId } = stepTarget(target);
      const id = stepId ?? await manager.pickStep(session);
      if (id) await session.runStep(id, findingId === undefined ? {} : { findingId });
    })()),
    vscode.commands.registerCommand('runbook.runPhase', async (phaseId?: PhaseId) => withSession(async (session) => {
      const id = phaseId ?? await manager.pickPhase(session);
      if (id) await session.runPhase(id);
    })()),
    vscode.commands.registerCommand('runbook.skipStep', async (target?: unknown) => withSession(async (session) => {
      const { stepId, findingId } = stepTarget(target);
      const id = stepId ?? await manager.pickStep(session);
      if (id) await manager.skipStep(session, id, findingId);
    })()),
    vscode.commands.registerCommand('runbook.addNote', async (target?: unknown) => withSession(async (session) => {
      const { stepId, findingId } = stepTarget(target);
      const id = stepId ?? await manager.pickStep(session);
      if (id) await manager.editNote(session, id, findingId);
    })()),
    vscode.commands.registerCommand('runbook.answerDecision', async (stepId?: string) => withSession(async (session) => {
      const id = stepId ?? await manager.pickStep(session, (kinds) => kinds.includes('decision'));
      if (id) await session.runStep(id);
    })()),
    vscode.commands.registerCommand('runbook.exportReport', async (target?: unknown) => {
      const runId = runIdOf(target) ?? manager.activeSession?.runId;
      const record = runId ? await manager.store().load(runId).catch(() => undefined) : await pickRecord(manager, vscode.l10n.t('Export the report of which run?'));
      if (!record) return undefined;
      return exportRunReport(record, manager.recordsDir());
    }),
    vscode.commands.registerCommand('runbook.compareRuns', async (target?: unknown) => {
      const first = runIdOf(target) ? await manager.store().load(runIdOf(target)!).catch(() => undefined) : await pickRecord(manager, vscode.l10n.t('Compare which run?'));
      if (!first) return undefined;
      const second = await pickRecord(manager, vscode.l10n.t('Compare with which run of the same targets?'), (r) => sameTargets(r, first));
      if (!second) return undefined;
      const [older, newer] = first.startedAt <= second.startedAt ? [first, second] : [second, first];
      return comparisons.show(older, newer);
    }),
    vscode.commands.registerCommand('runbook.refreshRuns', () => runsView.refresh()),
  ];
}

/** A step id given by a caller, or the Runbook view's node (a step, or a finding's part of one) its menu was opened on. */
function stepTarget(target: unknown): { stepId?: string; findingId?: string } {
  if (typeof target === 'string') return { stepId: target };
  if (typeof target !== 'object' || target === null) return {};
  const node = target as { step?: { id?: unknown }; finding?: { id?: unknown } };
  const stepId = typeof node.step?.id === 'string' ? node.step.id : undefined;
  const findingId = typeof node.finding?.id === 'string' ? node.finding.id : undefined;
  return { ...(stepId === undefined ? {} : { stepId }), ...(findingId === undefined ? {} : { findingId }) };
}
