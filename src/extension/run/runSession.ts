// One run of one runbook in this window: executes steps, records every
// outcome through the store as it happens (atomically, so a crash or a
// reload resumes exactly here), and tells the panel and the tree to redraw.
import * as vscode from 'vscode';
import type { RunRecord, StepStatus, ActionResult } from '../../core/run/types';
import type { Action, Phase, PhaseId, Runbook, Step } from '../../core/runbook/model';
import { addResult, finishStep, setNote, setVerdict, skipStep, startStep } from '../../core/run/runState';
import { statusOfResult, worstStatus } from '../../core/run/stepStatus';
import { latestDecision } from '../../core/run/runResults';
import { isAutomatic, runAutomaticAction } from '../../node/run/runAutomaticAction';
import type { RunStore } from '../../node/run/runStore';
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
      const statuses: StepStatus[] = [];
      let recorded = false;
      for (const action of actions) {
        // Only work the extension does itself shows as running; a question waiting
        // for the person leaves the step as it was until they answer.
        if (isAutomatic(action)) this.changed.fire(this);
        const result = await this.execute(action, phase.id, step, only);
        if (!result) break; // The person cancelled: nothing more to record.
        recorded = true;
        statuses.push(statusOfResult(result, phase.id));
        this.current = addResult(this.current, stepId, result, now());
        if (result.kind === 'compare-baseline' && result.verdict) this.current = setVerdict(this.current, result.verdict, now());
        if (result.kind === 'decision') await this.applyDecision(result.answer, stepId);
      }
      if (recorded) {
        const status = worstStatus(statuses);
        const started = startStep(this.current, stepId, startedAt);
        await this.save(finishStep(started, stepId, status === 'failed' || status === 'attention' ? status : 'passed', now()));
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
    await this.save(skipStep(this.current, stepId, reason, now()));
    this.changed.fire(this);
  }

  async note(stepId: string, text: string): Promise<void> {
    if (!this.findStep(stepId)) return;
    await this.save(setNote(this.current, stepId, text, now()));
    this.changed.fire(this);
  }

  /** Reads the record again from disk (another window may have moved it on). */
  async reload(): Promise<void> {
    this.current = await this.store.load(this.runId);
    this.changed.fire(this);
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

  /** After a decision, steps that depend on another answer are skipped with the reason. */
  private async applyDecision(answer: string, decisionStep: string): Promise<void> {
    for (const phase of this.runbook.phases) {
      for (const step of phase.steps) {
        if (step.condition?.decisionStep !== decisionStep) continue;
        const status = this.statusOf(step.id);
        if (step.condition.answer !== answer && status === 'pending') {
          this.current = skipStep(this.current, step.id, vscode.l10n.t('Not needed: the answer to "{0}" was "{1}".', decisionStep, answer), now());
        }
      }
    }
  }

  private async execute(action: Action, phase: PhaseId, step: Step, only?: { answer?: string; os?: string; confirmedInPanel?: boolean }): Promise<ActionResult | undefined> {
    if (isAutomatic(action)) {
      return vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('{0}: {1}', step.title, action.label ?? action.kind),
        cancellable: true,
      }, (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return runAutomaticAction(action, { record: this.current, phase, probe: readProbeSettings(), now, signal: controller.signal });
      });
    }
    return runInteractiveAction(action, {
      record: this.current, step,
      ...(only?.answer ? { answer: only.answer } : {}), ...(only?.os ? { os: only.os } : {}), ...(only?.confirmedInPanel ? { confirmedInPanel: true } : {}),
    });
  }

  private async save(next: RunRecord): Promise<void> {
    try {
      this.current = await this.store.save(next);
    } catch (error) {
      const message = vscode.l10n.t('The run record could not be saved: {0}', error instanceof Error ? error.message : String(error));
      getLog().error(message);
      void vscode.window.showErrorMessage(message);
      throw error;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function now(): string {
  return new Date().toISOString();
}
