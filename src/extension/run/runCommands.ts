// Palette commands for walking a run; each acts on the current run and asks
// for the step or phase when the caller did not name one.
import * as vscode from 'vscode';
import type { RunTargets } from '../../core/run/types';
import type { PhaseId } from '../../core/runbook/model';
import { RunPanel } from './runPanel';
import type { RunManager } from './runManager';

export function registerRunCommands(manager: RunManager): vscode.Disposable[] {
  const withSession = (act: (session: NonNullable<RunManager['activeSession']>) => Promise<unknown>) => async () => {
    const session = await manager.sessionForCommand();
    if (session) await act(session);
  };
  return [
    vscode.commands.registerCommand('runbook.startRun', (args?: { runbookId?: string; targets?: RunTargets }) => manager.startRun(args)),
    vscode.commands.registerCommand('runbook.openRun', (runId?: string) => (runId ? manager.openRun(runId) : withSession(async (s) => manager.openRun(s.runId))())),
    vscode.commands.registerCommand('runbook.revealStep', async (stepId: string) => {
      const session = await manager.sessionForCommand();
      if (!session) return;
      await manager.openRun(session.runId);
      RunPanel.forRun(session.runId)?.reveal(stepId);
    }),
    vscode.commands.registerCommand('runbook.runStep', async (stepId?: string) => withSession(async (session) => {
      const id = stepId ?? await manager.pickStep(session);
      if (id) await session.runStep(id);
    })()),
    vscode.commands.registerCommand('runbook.runPhase', async (phaseId?: PhaseId) => withSession(async (session) => {
      const id = phaseId ?? await manager.pickPhase(session);
      if (id) await session.runPhase(id);
    })()),
    vscode.commands.registerCommand('runbook.skipStep', async (stepId?: string) => withSession(async (session) => {
      const id = stepId ?? await manager.pickStep(session);
      if (id) await manager.skipStep(session, id);
    })()),
    vscode.commands.registerCommand('runbook.addNote', async (stepId?: string) => withSession(async (session) => {
      const id = stepId ?? await manager.pickStep(session);
      if (id) await manager.editNote(session, id);
    })()),
    vscode.commands.registerCommand('runbook.answerDecision', async (stepId?: string) => withSession(async (session) => {
      const id = stepId ?? await manager.pickStep(session, (kinds) => kinds.includes('decision'));
      if (id) await session.runStep(id);
    })()),
  ];
}
