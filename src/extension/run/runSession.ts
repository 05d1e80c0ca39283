// One run of one runbook in this window: executes work items (a step, or a
// step's part for one finding) by the step runner's rules, records every
// outcome through the store as it happens (atomically, so a crash or a
// reload resumes exactly here), and tells the panel and the tree to redraw.
// No rule about steps lives here: src/core/run/stepRunner.ts has them all,
// for the editor and the CLI alike.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings/types';
import { hostsOf } from '../../core/hosts/hostsOf';
import type { HostRow, HostsOverview } from '../../core/hosts/types';
import { planCommand, type CommandContext } from '../../core/remediation/commandPlan';
import type { RunRecord, StepStatus, ActionResult } from '../../core/run/types';
import type { Action, Phase, PhaseId, Runbook, Step } from '../../core/runbook/model';
import { addResult, setNote, skipStep, stepKey } from '../../core/run/runState';
import { conditionState, isAutomaticStep, itemRecord, recordItemResults, runFindings, workItems, type WorkItem } from '../../core/run/stepRunner';
import { isAutomatic, runAutomaticAction } from '../../node/run/runAutomaticAction';
import { RunStoreError, type RunStore } from '../../node/run/runStore';
import { getLog } from '../log';
import { readProbeSettings } from '../settings';
import { runInteractiveAction, terminalCommandContext } from './interactiveActions';

/** What the person chose: which finding's part, which action, which answer. */
export interface RunOptions {
  readonly findingId?: string;
  readonly actionId?: string;
  readonly answer?: string;
  /** The person clicked the confirmation's own button in the panel: that click is the confirmation. */
  readonly confirmedInPanel?: boolean;
}

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
  private findingsCache: { revision: number; findings: readonly Finding[] } | undefined;
  private hostsCache: { revision: number; hosts: HostsOverview | undefined } | undefined;

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

  /** The findings of this run's detection (one per program or remote node), computed once per revision. */
  findings(): readonly Finding[] {
    if (this.findingsCache?.revision !== this.current.revision) this.findingsCache = { revision: this.current.revision, findings: runFindings(this.current) };
    return this.findingsCache.findings;
  }

  hasFinding(findingId: string): boolean {
    return this.findings().some((f) => f.id === findingId);
  }

  /** The run's hosts (hostsOf), computed once per revision; undefined for a run of this machine. */
  hosts(): HostsOverview | undefined {
    if (this.hostsCache?.revision !== this.current.revision) this.hostsCache = { revision: this.current.revision, hosts: hostsOf(this.current) };
    return this.hostsCache.hosts;
  }

  findHost(host: string): HostRow | undefined {
    return this.hosts()?.hosts.find((h) => h.address === host);
  }

  hasHost(host: string): boolean {
    return this.findHost(host) !== undefined;
  }

  /** The work item a step (and, for a step that repeats per finding, a finding) names. */
  findItem(stepId: string, findingId?: string): WorkItem | undefined {
    const found = this.findStep(stepId);
    if (!found) return undefined;
    if ((found.step.forEach === 'finding') !== (findingId !== undefined)) return undefined;
    const finding = findingId === undefined ? undefined : this.findings().find((f) => f.id === findingId);
    if (findingId !== undefined && finding === undefined) return undefined;
    return { phase: found.phase, step: found.step, ...(finding ? { finding } : {}), key: stepKey(stepId, findingId) };
  }

  /** A step's (or a finding's part of it) status as this window sees it: "running" exists only here. */
  statusOf(stepId: string, findingId?: string): StepStatus {
    const key = stepKey(stepId, findingId);
    if (this.running.has(key) || (findingId === undefined && [...this.running].some((k) => k.startsWith(`${stepId}@`)))) return 'running';
    if (findingId === undefined) return this.current.steps[stepId]?.status ?? 'pending';
    return itemRecord(this.current, stepId, findingId)?.status ?? 'pending';
  }

  /** The actions of an item that this machine offers: a command for another OS, or whose `if:` the finding does not meet, does not count. */
  offeredActions(item: Pick<WorkItem, 'step' | 'finding'>, context: CommandContext = terminalCommandContext().context): Action[] {
    return item.step.actions.filter((a) => a.kind !== 'command' || planCommand(a, item.finding, context).offered);
  }

  /**
   * Runs a work item's actions (or one of them), in order, and records the
   * outcome by the step runner's rules (src/core/run/stepRunner.ts), the
   * same rules the CLI follows.
   */
  async runStep(stepId: string, only: RunOptions = {}): Promise<void> {
    const found = this.findStep(stepId);
    if (!found) throw new Error(vscode.l10n.t('This runbook has no step "{0}".', stepId));
    let findingId = only.findingId;
    if (found.step.forEach === 'finding' && findingId === undefined) {
      findingId = await this.pickFinding(found.step);
      if (findingId === undefined) return;
    }
    const item = this.findItem(stepId, findingId);
    if (!item) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Step "{0}" has no part for finding "{1}" in this run.', stepId, findingId ?? ''));
      return;
    }
    const blocked = this.actionsDisabledBecause();
    if (blocked) { void vscode.window.showWarningMessage(blocked); return; }
    await this.runItem(item, only);
  }

  /** Runs the automatic items of a phase in order; items that need a person are left for them. */
  async runPhase(phaseId: PhaseId): Promise<void> {
    if (!this.runbook.phases.some((p) => p.id === phaseId)) return;
    const blocked = this.actionsDisabledBecause();
    if (blocked) { void vscode.window.showWarningMessage(blocked); return; }
    for (const item of workItems(this.runbook, this.current, phaseId, this.findings())) {
      const condition = conditionState(this.current, this.runbook, item);
      if (condition.state === 'ruled-out') {
        if (this.statusOf(item.step.id, item.finding?.id) === 'pending') await this.change((record) => skipStep(record, item.key, condition.reason, now()));
        continue;
      }
      if (condition.state === 'unanswered' || !isAutomaticStep(item.step, isAutomatic)) continue;
      await this.runItem(item, {});
    }
  }

  async skip(stepId: string, reason: string, findingId?: string): Promise<void> {
    const item = this.findItem(stepId, findingId);
    if (!item) return;
    await this.change((record) => skipStep(record, item.key, reason, now()));
  }

  async note(stepId: string, text: string, findingId?: string): Promise<void> {
    const item = this.findItem(stepId, findingId);
    if (!item) return;
    await this.change((record) => setNote(record, item.key, text, now()));
  }

  private async runItem(item: WorkItem, only: RunOptions): Promise<void> {
    if (this.running.has(item.key)) return;
    const condition = conditionState(this.current, this.runbook, item);
    if (condition.state === 'unanswered') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Answer the decision "{0}" first: this step applies only when its answer is "{1}".', this.findStep(condition.decisionStep)?.step.title ?? condition.decisionStep, condition.answer));
      return;
    }
    if (condition.state === 'ruled-out') {
      if (this.statusOf(item.step.id, item.finding?.id) === 'pending') await this.change((record) => skipStep(record, item.key, condition.reason, now()));
      return;
    }
    const offered = this.offeredActions(item);
    if (only.actionId !== undefined && !offered.some((a) => a.id === only.actionId)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('That action is not offered for this finding on this machine.'));
      return;
    }
    const actions = offered.filter((a) => only.actionId === undefined || a.id === only.actionId);
    if (actions.length === 0) return;

    this.running.add(item.key);
    const startedAt = now();
    try {
      const results: ActionResult[] = [];
      for (const action of actions) {
        // Only work the extension does itself shows as running; a question waiting
        // for the person leaves the item as it was until they answer.
        if (isAutomatic(action)) this.changed.fire(this);
        // Each action sees the results of the ones before it in this item.
        const context = results.reduce((record, r) => addResult(record, item.key, r, now()), this.current);
        const result = await this.execute(action, item, context, only);
        if (!result) break; // The person cancelled: nothing more to record.
        results.push({ ...result, actionId: action.id });
      }
      if (results.length > 0) {
        // Status counts only the actions offered for this finding here.
        const counted: WorkItem = { ...item, step: { ...item.step, actions: offered } };
        await this.change((record) => recordItemResults(record, this.runbook, counted, results, startedAt, now));
        getLog().info(`Run ${this.runId}: ${item.key} ${itemRecord(this.current, item.step.id, item.finding?.id)?.status ?? '?'}`);
      }
    } finally {
      this.running.delete(item.key);
      this.changed.fire(this);
    }
  }

  /** For a palette command on a step that repeats per finding: which finding (asked when there are several). */
  async pickFinding(step: Step): Promise<string | undefined> {
    const findings = this.findings();
    if (findings.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Step "{0}" repeats for each finding, and detection has found none yet: run the detection phase first.', step.title));
      return undefined;
    }
    if (findings.length === 1) return findings[0]!.id;
    const picked = await vscode.window.showQuickPick(findings.map((f) => ({ label: f.title, description: f.pid === undefined ? f.host : `pid ${f.pid}`, detail: this.statusOf(step.id, f.id), id: f.id })), { title: vscode.l10n.t('{0}: for which finding?', step.title) });
    return picked?.id;
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

  private async execute(action: Action, item: WorkItem, record: RunRecord, only: RunOptions): Promise<ActionResult | undefined> {
    if (isAutomatic(action)) {
      return vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('{0}: {1}', item.step.title, action.label ?? action.kind),
        cancellable: true,
      }, async (_progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        try {
          return await runAutomaticAction(action, { record, phase: item.phase.id, probe: readProbeSettings(), now, signal: controller.signal });
        } finally {
          cancel.dispose();
        }
      });
    }
    return runInteractiveAction(action, {
      step: item.step,
      ...(item.finding ? { finding: item.finding } : {}),
      ...(only.answer ? { answer: only.answer } : {}), ...(only.confirmedInPanel ? { confirmedInPanel: true } : {}),
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function now(): string {
  return new Date().toISOString();
}
