// One run of one runbook in this window: executes steps, records every
// outcome through the store as it happens (atomically, so a crash or a
// reload resumes exactly here), and tells the panel and the tree to redraw.
import * as vscode from 'vscode';
import type { RunRecord, StepStatus, ActionResult } from '../../core/run/types';
import type { Action, Phase, PhaseId, Runbook, Step } from '../../core/runbook/model';
import { addResult, finishStep, setNote, setVerdict, skipStep, startStep } from '../../core/run/runState';
import { statusOfStep } from '../../core/run/stepStatus';
import { latestDecision } from '../../core/run/runResults';
import { isAutomatic, runAutomaticAction } from '../../node/run/runAutomaticAction';
import { RunStoreError, type RunStore } from '../../node/run/runStore';
import { getLog } from '../log';
import { readProbeSettings } from '../settings';
import { runInteractiveAction } from './interactiveActions';

export class RunSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunSession>();
  readonly onDidChange = this.changed.event;
  /**
   * Steps at work in this window. "Running" lives here, not on disk: a crash
   * mid-step leaves the record as it was before the step, never a step that
   * claims to run forever.
   */
  private readonly running = new Set<string>();
  /** Every change goes through this queue, one at a time, each built on the last saved record. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private current: RunRecord,
    readonly runbook: Runbook,
    readonly runbookPath: string,
    /** Actions of a workspace runbook run only in a trusted workspace. */
    readonly fromWorkspace: boolean,
    private readonly store: RunStore,
  ) {}

  get record(): RunRecord {
    return this.current;
  }

  get runId(): string {
    return this.current.runId;
  }

  /** Why this run's actions are off, or undefined when they may run. */
  actionsDisabledBecause(): string | undefined {
    if (this.fromWorkspace && !vscode.workspace.isTrusted) {
      return vscode.l10n.t('Restricted Mode: this runbook comes from the workspace, and its actions run only once you trust the workspace. You can still read it.');
    }
    if (this.current.endedAt) return vscode.l10n.t('This run has ended; start a new run to act again.');
    return undefined;
  }

  findStep(stepId: string): { phase: Phase; step: Step } | undefined {
    for (const phase of this.runbook.phases) {
      const step = phase.steps.find((s) => s.id === stepId);
      if (step) return { phase, step };
    }
    return undefined;
  }

  statusOf(stepId: string): StepStatus {
    if (this.running.has(stepId)) return 'running';
    return this.current.steps[stepId]?.status ?? 'pending';
  }

  /** Runs every action of a step, in order, and records the outcome. */
  async runStep(stepId: string, only?: { actionId?: string; answer?: string; os?: string; confirmedInPanel?: boolean }): Promise<void> {
    const found = this.findStep(stepId);
    if (!found) throw new Error(vscode.l10n.t('This runbook has no step "{0}".', stepId));
    const blocked = this.actionsDisabledBecause();
    if (blocked) { void vscode.window.showWarningMessage(blocked); return; }
    if (this.running.has(stepId)) return;
    const { phase, step } = found;
    if (!(await this.conditionAllows(step))) return;
    const actions = step.actions.filter((a) => only?.actionId === undefined || a.id === only.actionId);
    if (actions.length === 0) return;

    this.running.add(stepId);
    const startedAt = now();
    try {
      const results: ActionResult[] = [];
      for (const action of actions) {
        // Only work the extension does itself shows as running; a question waiting
        // for the person leaves the step as it was until they answer.
        if (isAutomatic(action)) this.changed.fire(this);
        // Each action sees the results of the ones before it in this step.
        const context = results.reduce((record, r) => addResult(record, stepId, r, now()), this.current);
        const result = await this.execute(action, phase.id, step, context, only);
        if (!result) break; // The person cancelled: nothing more to record.
        results.push({ ...result, actionId: action.id });
      }
      if (results.length > 0) {
        await this.change((record) => {
          let next = startStep(record, stepId, startedAt);
          for (const result of results) {
            next = addResult(next, stepId, result, now());
            if (result.kind === 'compare-baseline' && result.verdict) next = setVerdict(next, result.verdict, now());
            if (result.kind === 'decision') next = this.skipRuledOut(next, result.answer, stepId);
          }
          const status = statusOfStep(step, next.steps[stepId]?.results ?? [], phase.id);
          return finishStep(next, stepId, status === 'failed' || status === 'attention' ? status : 'passed', now());
        });
        getLog().info(`Run ${this.runId}: step ${stepId} ${this.statusOf(stepId)}`);
      }
    } finally {
      this.running.delete(stepId);
      this.changed.fire(this);
    }
  }

  /** Runs the automatic steps of a phase in order; steps that need a person are left for them. */
  async runPhase(phaseId: PhaseId): Promise<void> {
    const phase = this.runbook.phases.find((p) => p.id === phaseId);
    if (!phase) return;
    for (const step of phase.steps) {
      if (!step.actions.some(isAutomatic) || step.actions.some((a) => !isAutomatic(a))) continue;
      if (step.condition && !this.conditionMet(step)) continue;
      await this.runStep(step.id);
    }
  }

  async skip(stepId: string, reason: string): Promise<void> {
    if (!this.findStep(stepId)) return;
    await this.change((record) => skipStep(record, stepId, reason, now()));
  }

  async note(stepId: string, text: string): Promise<void> {
    if (!this.findStep(stepId)) return;
    await this.change((record) => setNote(record, stepId, text, now()));
  }

  /** Reads the record again from disk (another window or the CLI may have moved it on). */
  async reload(): Promise<void> {
    this.current = await this.store.load(this.runId);
    this.changed.fire(this);
  }

  /**
   * Applies one change to the latest record and saves it, after every change
   * queued before it. The save names the revision this window built on, so a
   * record moved on elsewhere is never overwritten: this window reloads it
   * and says so, and the person applies the change again.
   */
  private change(apply: (record: RunRecord) => RunRecord): Promise<void> {
    const next = this.queue.then(async () => {
      const basedOn = this.current.revision;
      try {
        this.current = await this.store.save(apply(this.current), { basedOn });
      } catch (error) {
        const conflict = error instanceof RunStoreError && error.code === 'conflict';
        const message = conflict
          ? vscode.l10n.t('Run {0} was changed in another window or by the CLI; it was reloaded. Apply your change again. ({1})', this.runId, error.message)
          : vscode.l10n.t('The run record could not be saved: {0}', error instanceof Error ? error.message : String(error));
        getLog().error(message);
        void vscode.window.showErrorMessage(message);
        if (conflict) await this.reload().catch(() => undefined);
        throw error;
      } finally {
        this.changed.fire(this);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private conditionMet(step: Step): boolean {
    if (!step.condition) return true;
    const decision = latestDecision(this.current, step.condition.decisionStep);
    return decision?.answer === step.condition.answer;
  }

  private async conditionAllows(step: Step): Promise<boolean> {
    if (!step.condition) return true;
    const decision = latestDecision(this.current, step.condition.decisionStep);
    if (!decision) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Answer the decision "{0}" first: this step applies only when its answer is "{1}".', step.condition.decisionStep, step.condition.answer));
      return false;
    }
    if (decision.answer !== step.condition.answer) {
      await this.skip(step.id, vscode.l10n.t('Not needed: the answer to "{0}" was "{1}".', step.condition.decisionStep, decision.answer));
      return false;
    }
    return true;
  }

  /** After a decision, pending steps that depend on another answer are skipped with the reason. */
  private skipRuledOut(record: RunRecord, answer: string, decisionStep: string): RunRecord {
    let next = record;
    for (const phase of this.runbook.phases) {
      for (const step of phase.steps) {
        if (step.condition?.decisionStep !== decisionStep || step.condition.answer === answer) continue;
        if ((next.steps[step.id]?.status ?? 'pending') !== 'pending') continue;
        next = skipStep(next, step.id, vscode.l10n.t('Not needed: the answer to "{0}" was "{1}".', decisionStep, answer), now());
      }
    }
    return next;
  }

  private async execute(action: Action, phase: PhaseId, step: Step, record: RunRecord, only?: { answer?: string; os?: string; confirmedInPanel?: boolean }): Promise<ActionResult | undefined> {
    if (isAutomatic(action)) {
      return vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('{0}: {1}', step.title, action.label ?? action.kind),
        cancellable: true,
      }, async (_progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        try {
          return await runAutomaticAction(action, { record, phase, probe: readProbeSettings(), now, signal: controller.signal });
        } finally {
          cancel.dispose();
        }
      });
    }
    return runInteractiveAction(action, {
      record, step,
      ...(only?.answer ? { answer: only.answer } : {}), ...(only?.os ? { os: only.os } : {}), ...(only?.confirmedInPanel ? { confirmedInPanel: true } : {}),
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function now(): string {
  return new Date().toISOString();
}
